"""Articles: missing, numbered irregularly, lacking a required element, or altered.

An article is compared word for word only with an official text: the article of a registered
reference model (`ctg models add`) or of a `--reference` document. The library's clauses are our
own wording of the national model: against them, a different wording is not an alteration; only
a change that reverses the meaning of a required element is (a negation added or removed, an
obligation turned into a possibility), and a removed element is a `missing-element`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.check.mapping import section_text
from docgen.check.rules.context import CheckContext, texts_with_origin, where
from docgen.check.textdiff import changes, reference_words, similarity, template_text, words
from docgen.library.catalog import ClauseSpec, ElementSpec
from docgen.model.findings import ERROR, WARNING, Finding
from docgen.model.frenchtext import normalise
from docgen.model.tree import Origin, Section

SHOWN_WORDS = 40


def run(ctx: CheckContext) -> list[Finding]:
    return [*_missing(ctx), *_numbering(ctx), *_elements(ctx), *_altered(ctx)]


def _label(section: Section) -> str:
    return f"L'{section.label.lower()} «\u00a0{section.title}\u00a0»" if section.title else f"L'{section.label.lower()}"


def _missing(ctx: CheckContext) -> list[Finding]:
    out = []
    for clause_id in ctx.model.articles:
        clause = ctx.library.clauses[clause_id]
        if clause.mandatory and clause_id not in ctx.articles.matched:
            out.append(
                Finding(
                    "missing-article",
                    ERROR,
                    f"L'article «\u00a0{clause.title}\u00a0», obligatoire dans le modèle {ctx.model.id}, est absent.",
                )
            )
    return out


def _numbering(ctx: CheckContext) -> list[Finding]:
    out = []
    expected = 1
    seen: set[int] = set()
    for section in ctx.doc.articles:
        number = section.number
        if number is None:
            continue
        if number in seen:
            out.append(
                Finding(
                    "article-numbering",
                    ERROR,
                    f"Le numéro d'article {number} est utilisé deux fois.",
                    where(section, text=section.heading_text),
                )
            )
        elif number != expected:
            out.append(
                Finding(
                    "article-numbering",
                    ERROR,
                    f"Article numéroté {number} alors que le numéro attendu est {expected}.",
                    where(section, text=section.heading_text),
                )
            )
        seen.add(number)
        expected = number + 1
    return out


def _elements(ctx: CheckContext) -> list[Finding]:
    out = []
    for clause_id, section in ctx.articles.matched.items():
        text = normalise(section_text(section))
        for element in ctx.library.clauses[clause_id].elements:
            if not re.search(element.pattern, text):
                out.append(
                    Finding(
                        "missing-element",
                        ERROR,
                        f"{_label(section)} ne contient pas {element.label}.",
                        where(section, text=section.heading_text),
                    )
                )
    return out


def _altered(ctx: CheckContext) -> list[Finding]:
    official = ctx.library.references.get(ctx.model.id)
    out = []
    for clause_id, section in ctx.articles.matched.items():
        reference = ctx.reference.matched.get(clause_id) if ctx.reference else None
        registered = official.article(clause_id) if official is not None else None
        if reference is not None:
            standard, source = reference_words(section_text(reference)), "du document de référence"
        elif registered is not None and official is not None:
            standard, source = reference_words(registered.text), f"du modèle de référence {official.id}"
        else:
            out.extend(_reversals(section, ctx.library.clauses[clause_id]))
            continue
        found = changes(words(section_text(section)), standard)
        if found:
            out.append(
                Finding(
                    "altered-article",
                    WARNING,
                    f"{_label(section)} s'écarte du texte {source}\u00a0: "
                    + " ; ".join(_describe(c) for c in found[:3])
                    + (f" (et {len(found) - 3} autre(s) écart(s))" if len(found) > 3 else ""),
                    where(section, _origin_of_word(section, found[0].draft_position)),
                )
            )
    return out


# --- reversals: a required element's sentence says the opposite of the clause --------------------

_SEGMENT = re.compile(r"[^.;:!?\n]+")
# Words either side of the element that are read for its sense: a negation farther away in a long
# sentence governs another part of it (« ne se substitue en rien à la nécessité … d'ajouter … »).
WINDOW = 20
# Share of a clause sentence's words found, in order, in a draft sentence edited from it.
SAME_SENTENCE = 0.6
# Read in lower case with the accents kept: « né de l'exécution » is no « ne ».
# « ne » (« ne … pas », « ne peut se prévaloir »), but not « ne … que », which restricts; « aucun »,
# « sans » (not « sans préjudice », nor the accueils de loisirs « sans hébergement »), « jamais », « rien »
# (not « nul »: a clause « déclarée nulle »)
_COMPLEMENT = r"pas|plus|jamais|aucun|aucune|rien|nullement|guère|ni|nul|nulle"
_NE = re.compile(r"(?:\bne\s+|\bn')(?!(?:\S+\s+){0,4}?qu(?:e\b|'))")
_NE_COMPLEMENT = re.compile(rf"\s*(?:\S+\s+){{0,5}}?({_COMPLEMENT})\b")
_NEGATION_WORD = re.compile(r"\b(?:aucun|aucune|jamais|rien|sans)\b(?! (?:préjudice|hébergement)\b)")
_OBLIGATION = re.compile(
    r"\bs'engag\w*|\bdoi(?:t|vent)\b|\bdevr(?:a|ont)\b|\bobligatoire\w*|\bs'oblig\w*"
    r"|\b(?:est|sont|sera|seront)\s+ten(?:u|ue|us|ues)\b|\bimp[ée]rativ\w*"
)
_PERMISSION = re.compile(r"\bpeu(?:t|vent)\b|\bpourr(?:a|ont|ait|aient)\b|\bfacultati\w*|\ble cas [ée]ch[ée]ant\b")


@dataclass(frozen=True)
class _Sense:
    """How a sentence holding a required element says it: denied or not, owed, allowed or stated."""

    negation: str  # the negation's words, or ""
    obligation: str  # the word of obligation, or ""
    permission: str  # the word of possibility, or ""
    text: str
    origin: Origin | None


def _sense(segment: str, element: ElementSpec, origin: Origin | None) -> _Sense:
    written = segment.lower().replace("\u2019", "'").split()
    folded = " ".join(normalise(w) for w in written)  # one folded word per written word
    match = re.search(element.pattern, folded)
    if match:  # the segment was chosen for holding the element: read the words around it
        first_word, last_word = folded[: match.start()].count(" "), folded[: match.end()].count(" ")
        written = written[max(0, first_word - WINDOW) : last_word + 1 + WINDOW]
    window = " ".join(written)

    def first(pattern: re.Pattern[str]) -> str:
        found = pattern.search(window)
        return found.group(0) if found else ""

    return _Sense(_negation(window), first(_OBLIGATION), first(_PERMISSION), segment.strip(), origin)


def _negation(text: str) -> str:
    """The negation of a lower-case text as shown: « ne … pas », « n'… aucun », « sans », or ""."""
    ne = _NE.search(text)
    if ne:
        particle = ne.group(0).strip()
        complement = _NE_COMPLEMENT.match(text, ne.end())
        if complement:
            return f"{particle} … {complement.group(1)}".replace("' …", "'…")
        return " ".join(text[ne.start() :].split()[:2]) if particle == "ne" else text[ne.start() :].split()[0]
    word = _NEGATION_WORD.search(text)
    return word.group(0) if word else ""


def _senses(texts, element: ElementSpec) -> list[_Sense]:
    """The sentences that hold `element` in `texts` ((text, origin) pairs).

    A sentence is cut at « . ; : ! ? » and line ends; an element whose pattern runs over several
    sentences stands with its whole paragraph.
    """
    out: list[_Sense] = []
    for text, origin in texts:
        pieces = [m.group(0) for m in _SEGMENT.finditer(text)]
        held = [piece for piece in pieces if re.search(element.pattern, normalise(piece))]
        if not held and re.search(element.pattern, normalise(text)):
            held = [text]
        out.extend(_sense(piece, element, origin) for piece in held)
    return out


def _reversal(draft: _Sense, standard: _Sense) -> str:
    """What turns the standard's sense around in the draft's sentence, or ""."""
    if draft.negation and not standard.negation:
        return f"négation ajoutée («\u00a0{draft.negation}\u00a0»)"
    if standard.negation and not draft.negation:
        return f"négation retirée (le texte type dit «\u00a0{standard.negation}\u00a0»)"
    if standard.obligation and draft.permission and not draft.obligation:
        change = f"«\u00a0{standard.obligation}\u00a0» → «\u00a0{draft.permission}\u00a0»"
        return f"obligation changée en possibilité ({change})"
    return ""


def _reversed(draft: list[_Sense], standard: list[_Sense]) -> tuple[_Sense, str] | None:
    """The draft sentence that turns the element around, and how; None if none does.

    A draft sentence that is the clause's own sentence edited in place is judged against it; in
    another wording, the element is turned around only if no sentence of the draft says it as
    some sentence of the clause does.
    """
    for d in draft:
        for s in standard:
            reason = _reversal(d, s)
            if reason and similarity(words(d.text), words(s.text)) >= SAME_SENTENCE:
                return d, reason
    if all(_reversal(d, s) for d in draft for s in standard):
        return draft[0], _reversal(draft[0], standard[0])
    return None


def _reversals(section: Section, clause: ClauseSpec) -> list[Finding]:
    """Required elements whose sentence in the draft says the opposite of the clause's."""
    out = []
    blocks = list(texts_with_origin(section.blocks))
    standard_text = [(template_text(clause.text), None)]
    for element in clause.elements:
        standard = _senses(standard_text, element)
        draft = _senses(blocks, element) or _senses([(section_text(section), section.origin)], element)
        if not standard or not draft:
            continue  # a value the template does not hold (dates), or an element missing: not judged here
        found = _reversed(draft, standard)
        if found is None:
            continue
        sense, reason = found
        out.append(
            Finding(
                "altered-article",
                WARNING,
                f"{_label(section)} inverse le sens du texte type sur {element.label}\u00a0: {reason}.",
                where(section, sense.origin, text=sense.text),
            )
        )
    return out


def _short(text: str) -> str:
    parts = text.split()
    return " ".join(parts[:SHOWN_WORDS]) + (" …" if len(parts) > SHOWN_WORDS else "")


def _describe(change) -> str:
    bits = []
    if change.removed:
        bits.append(f"retiré «\u00a0{_short(change.removed)}\u00a0»")
    if change.added:
        bits.append(f"ajouté «\u00a0{_short(change.added)}\u00a0»")
    return ", ".join(bits)


def _origin_of_word(section: Section, position: int):
    """The block holding the `position`-th word of the section text."""
    count = 0
    for text, origin in texts_with_origin(section.blocks):
        count += len(words(text))
        if count > position and origin is not None:
            return origin
    return section.origin
