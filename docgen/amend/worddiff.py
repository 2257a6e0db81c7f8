"""Word-level differences inside a paragraph, as Word's Compare shows them.

The two runs of inlines are cut into words and the spaces between them (a reference such as
« annexe 3 » stays one token), aligned with difflib, and rebuilt: common words as they are now,
removed words as deleted text, new words as inserted text. Accepting every change gives the
new inlines' text; rejecting every change gives the old one's. When less than half of the words
are common, the paragraph is better shown deleted and reinserted whole: `diff_inlines` says so
by returning None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from docgen.model.tree import AnnexRef, ArticleRef, Inline, Text

INSERTED, DELETED = "inserted", "deleted"
SIMILAR_ENOUGH = 0.5
_WORDS = re.compile(r"\s+|[^\s]+")


def _tokens(inlines: tuple[Inline, ...]) -> list[tuple[str, Inline]]:
    """(text, source inline) per word or space; references are single tokens."""
    out: list[tuple[str, Inline]] = []
    for inline in inlines:
        if isinstance(inline, Text):
            out += [(m.group(), inline) for m in _WORDS.finditer(inline.text)]
        else:
            out.append((inline.text, inline))
    return out


def _key(token: tuple[str, Inline]) -> tuple:
    text, inline = token
    if isinstance(inline, Text):
        return text, inline.bold, inline.italic
    return text, type(inline).__name__


def similarity(old: tuple[Inline, ...], new: tuple[Inline, ...]) -> float:
    """Share of words in common (spaces aside), from 0 to 1."""
    a = [_key(t) for t in _tokens(old) if t[0].strip()]
    b = [_key(t) for t in _tokens(new) if t[0].strip()]
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def diff_inlines(old: tuple[Inline, ...], new: tuple[Inline, ...]) -> tuple[Inline, ...] | None:
    """`new` with the words of `old` it lost (deleted) and those it gained (inserted); None if too different."""
    if similarity(old, new) < SIMILAR_ENOUGH:
        return None
    a, b = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], autojunk=False)
    out: list[Inline] = []
    for tag, i1, i2, j1, j2 in _grouped(matcher.get_opcodes(), b):
        if tag == "equal":
            out += _runs(b[j1:j2], None)
            continue
        out += _runs(a[i1:i2], DELETED)
        out += _runs(b[j1:j2], INSERTED)
    return tuple(out)


def _grouped(
    opcodes: Sequence[tuple[str, int, int, int, int]], new: list[tuple[str, Inline]]
) -> list[tuple[str, int, int, int, int]]:
    """Changes separated only by spaces made one: « son directeur, Monsieur X » struck, then
    « sa directrice, Madame Y » inserted, rather than word against word."""
    ops = list(opcodes)
    for k in range(1, len(ops) - 1):
        tag, i1, i2, j1, j2 = ops[k]
        if tag == "equal" and ops[k - 1][0] != "equal" and ops[k + 1][0] != "equal":
            if all(not text.strip() for text, _ in new[j1:j2]):
                ops[k] = ("replace", i1, i2, j1, j2)
    out: list[tuple[str, int, int, int, int]] = []
    for op in ops:
        if out and op[0] != "equal" and out[-1][0] != "equal":
            out[-1] = ("replace", out[-1][1], op[2], out[-1][3], op[4])
        else:
            out.append(op)
    return out


def _runs(tokens: list[tuple[str, Inline]], status: str | None) -> list[Inline]:
    """Tokens joined back into runs: consecutive words of one formatting make one run."""
    out: list[Inline] = []
    for text, inline in tokens:
        if isinstance(inline, (AnnexRef, ArticleRef)) and status is None:
            out.append(inline)
            continue
        bold, italic = (inline.bold, inline.italic) if isinstance(inline, Text) else (False, False)
        last = out[-1] if out else None
        if isinstance(last, Text) and (last.bold, last.italic, last.tracked) == (bold, italic, status):
            out[-1] = Text(last.text + text, bold, italic, status)
        else:
            out.append(Text(text, bold, italic, status))
    return out
