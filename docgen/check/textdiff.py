"""Comparing an article's text with its standard: the clause template or a reference article.

Words are compared after normalisation (lower case, no accents). In a clause template, each
`{{ value }}` and each `{% if %}…{% endif %}` / `{% for %}…{% endfor %}` block is a wildcard:
the territory's own values and optional parts are not differences. In a reference text (an
official model, a reference convention), a blank left for the value (« … », « XX », « [à
compléter] ») is a wildcard too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from docgen.model.frenchtext import normalise

WILD = "\x00"
_WORD = re.compile(r"\w+")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%-?\s*(\w+).*?-?%\}", re.DOTALL)
_OPENERS = {"if": "endif", "for": "endfor"}
_BLANK = re.compile(
    r"\[\s*(?:…|\.+|x+|(?:à|a) compl[ée]ter)\s*\]|…+|\.{3,}|_{3,}|\bx{2,}\b|\b(?:à|a) compl[ée]ter\b", re.I
)
_MARKUP = re.compile(r"^\s*(?:#+|-)\s+|\*+", re.MULTILINE)


class Words(list):
    """Normalised words (compared) with the words as written (shown), in `.written`."""

    def __init__(self, normalised=(), written=()) -> None:
        super().__init__(normalised)
        self.written = list(written)

    def extend_from(self, other: Words) -> None:
        self.extend(other)
        self.written.extend(other.written)

    def append_wild(self) -> None:
        self.append(WILD)
        self.written.append("…")


def words(text: str) -> Words:
    """Words of a text: normalised for comparison, as written for display."""
    written = _WORD.findall(text)
    return Words((normalise(w) for w in written), written)


def reference_words(text: str) -> Words:
    """Words of a reference text, wildcards standing for the blanks left for values."""
    out = Words()
    for i, piece in enumerate(_BLANK.split(text)):
        if i:
            out.append_wild()
        out.extend_from(words(piece))
    return out


def template_text(source: str) -> str:
    """A clause template as plain text: values become « … », optional blocks keep their text, no markup."""
    text = _JINJA.sub(lambda m: " … " if m.group(0).startswith("{{") else " ", source)
    return _MARKUP.sub("", text)


def template_words(source: str) -> Words:
    """Words of a clause template, wildcards standing for values and optional blocks."""
    out = Words()
    depth = 0
    position = 0
    for match in _JINJA.finditer(source):
        if depth == 0:
            out.extend_from(words(source[position : match.start()]))
        keyword = match.group(1)
        if keyword in _OPENERS:
            if depth == 0:
                out.append_wild()
            depth += 1
        elif keyword in ("endif", "endfor"):
            depth = max(0, depth - 1)
        elif depth == 0 and match.group(0).startswith("{{"):
            out.append_wild()
        position = match.end()
    if depth == 0:
        out.extend_from(words(source[position:]))
    return out


@dataclass(frozen=True)
class Change:
    """A difference: words of the standard missing from the draft, words the draft adds."""

    removed: str
    added: str
    draft_position: int  # index in the draft's word list where the change is
    at_end: bool  # the draft only adds text after the end of the standard


def similarity(draft: list[str], standard: list[str]) -> float:
    """Share of the standard's words found, in order, in the draft (0 to 1)."""
    literal = [w for w in standard if w != WILD]
    if not literal:
        return 1.0
    matcher = SequenceMatcher(None, draft, standard, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(literal)


def changes(draft: Words, standard: Words) -> list[Change]:
    """Differences that are not wildcard values."""
    matcher = SequenceMatcher(None, draft, standard, autojunk=False)
    out: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed = [w for w, n in zip(standard.written[j1:j2], standard[j1:j2], strict=True) if n != WILD]
        near_wild = (
            WILD in standard[j1:j2]
            or (j1 > 0 and standard[j1 - 1] == WILD)
            or (j2 < len(standard) and standard[j2] == WILD)
        )
        if not removed and near_wild:
            continue  # the draft's value for a wildcard
        if tag == "replace" and near_wild and len(removed) <= 2 and i2 - i1 <= 12:
            continue  # a value next to a connecting word (« du » / « au »)
        out.append(
            Change(
                removed=" ".join(removed),
                added=" ".join(draft.written[i1:i2]),
                draft_position=i1,
                at_end=not removed and j1 >= len(standard),
            )
        )
    return out
