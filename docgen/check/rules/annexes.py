"""Annexes: missing, empty, cited wrongly; and the sommaire against the body."""

from __future__ import annotations

import re

from docgen.check.mapping import section_text, title_similarity
from docgen.check.rules.context import CheckContext, texts_with_origin, where
from docgen.model.findings import ERROR, INFO, WARNING, Finding, Location
from docgen.model.frenchtext import normalise
from docgen.model.tree import Figure

# « annexe 3 », « annexes 2 et 3 », « l'Annexe 5 »
REFERENCE_RE = re.compile(r"\bannexes?\s+(\d+)((?:\s*(?:,|et)\s*\d+)*)")
SEGMENT_RE = re.compile(r"[^.;:\n]+")
MIN_CONTENT = 40  # characters an annex needs to count as filled in


def run(ctx: CheckContext) -> list[Finding]:
    return [*_missing(ctx), *_empty(ctx), *_references(ctx), *_sommaire(ctx)]


def _missing(ctx: CheckContext) -> list[Finding]:
    return [
        Finding(
            "missing-annex",
            ERROR,
            f"L'annexe «\u00a0{slot.title}\u00a0», obligatoire dans le modèle {ctx.model.id}, est absente.",
        )
        for slot in ctx.model.annexes
        if slot.mandatory and slot.key not in ctx.annexes
    ]


ACT_RE = re.compile(r"\b(?:deliberations?|decisions?|extraits?|arretes?|actes?)\b")


def _announces_act(annex, slot_key: str | None) -> bool:
    """An annex of the acts that authorise the signatories: in a signed convention it only
    names them, the certified extracts being attached as separate documents (domain.md)."""
    return slot_key == "deliberations" or bool(ACT_RE.search(normalise(annex.title)))


def _empty(ctx: CheckContext) -> list[Finding]:
    out = []
    slot_of = {id(section): key for key, section in ctx.annexes.items()}
    for annex in ctx.doc.annexes:
        if any(isinstance(b, Figure) for b in annex.blocks):  # charts and maps are content
            continue
        text = normalise(section_text(annex))
        content = re.sub(r"[^\w]+", " ", text).strip()
        placeholder = bool(re.search(r"\ba completer\b", text))
        if not (len(content) < MIN_CONTENT or placeholder or text.rstrip().endswith(":") and len(content) < 120):
            continue
        location = where(annex, text=section_text(annex) or annex.heading_text)
        if not placeholder and _announces_act(annex, slot_of.get(id(annex))):
            out.append(
                Finding(
                    "attached-act",
                    INFO,
                    f"L'{annex.label.lower()} «\u00a0{annex.title}\u00a0» annonce des pièces jointes à part "
                    "(délibérations ou décisions des signataires)\u00a0: vérifier qu'elles accompagnent la convention.",
                    location,
                )
            )
            continue
        what = "ne contient que «\u00a0à compléter\u00a0»" if placeholder else "est vide ou presque"
        out.append(
            Finding("empty-annex", ERROR, f"L'{annex.label.lower()} «\u00a0{annex.title}\u00a0» {what}.", location)
        )
    return out


def _references(ctx: CheckContext) -> list[Finding]:
    numbers = {a.number: a for a in ctx.doc.annexes if a.number is not None}
    slot_of = {id(section): key for key, section in ctx.annexes.items()}
    keywords = {slot.key: slot.keywords for slot in ctx.model.annexes}
    out = []
    citing = [*ctx.doc.articles, *([ctx.doc.preamble] if ctx.doc.preamble else [])]
    places = [(None, ctx.doc.visas)] + [(s, s.blocks) for s in citing]
    for section, blocks in places:
        for text, origin in texts_with_origin(tuple(blocks)):
            folded = normalise(text)
            for segment in SEGMENT_RE.finditer(folded):
                matches = list(REFERENCE_RE.finditer(segment.group(0)))
                several = len(matches) > 1
                for match in matches:
                    cited = [int(match.group(1)), *map(int, re.findall(r"\d+", match.group(2)))]
                    judged = _judge(cited, several, segment.group(0), match.start(), numbers, slot_of, keywords)
                    if judged:
                        code, message = judged
                        out.append(Finding(code, ERROR, message, where(section, origin, text, ctx.doc.front)))
    return out


def _judge(cited, several, segment, at, numbers, slot_of, keywords) -> tuple[str, str] | None:
    """(code, message) of what is wrong with citing annexes `cited` in `segment`, if anything.

    A cited number missing among the annexes (annexes 4 and 6 present, 5 cited) is a missing
    annex; a number past the last annex is a wrong reference. The cited annex is also wrong when
    the words around the citation name the content of another annex and none of its own;
    citations of several annexes at once are only checked to exist.
    """
    for number in cited:
        if number not in numbers:
            if numbers and number < max(numbers):
                return "missing-annex", f"L'annexe {number} est citée mais absente du document."
            return "wrong-annex-reference", f"Renvoi à l'annexe {number}, qui n'existe pas dans le document."
    if several or len(cited) > 1:
        return None
    annex = numbers[cited[0]]
    own = slot_of.get(id(annex))
    hits = {key: _hits(words, segment) for key, words in keywords.items()}
    if own is None or hits.get(own):
        return None
    found = {key: n for key, n in hits.items() if n}
    if not found:
        return None
    best = max(found, key=lambda k: (found[k], -_distance(keywords[k], segment, at)))
    target = next((a for a in numbers.values() if slot_of.get(id(a)) == best), None)
    where_it_is = f", qui figure en annexe {target.number}" if target else ", absent du document"
    return "wrong-annex-reference", (
        f"Renvoi à l'annexe {annex.number} («\u00a0{annex.title}\u00a0») pour un contenu "
        f"({', '.join(_matched(keywords[best], segment))}) qui n'y figure pas{where_it_is}."
    )


def _hits(words: list[str], segment: str) -> int:
    return sum(1 for w in words if re.search(rf"\b{re.escape(w)}\b", segment))


def _matched(words: list[str], segment: str) -> list[str]:
    return [f"«\u00a0{w}\u00a0»" for w in words if re.search(rf"\b{re.escape(w)}\b", segment)][:2]


def _distance(words: list[str], segment: str, at: int) -> int:
    positions = [m.start() for w in words for m in re.finditer(rf"\b{re.escape(w)}\b", segment)]
    return min((abs(p - at) for p in positions), default=10_000)


def _pages_finding(shifted, total: int) -> Finding:
    """One information for all the page numbers of the sommaire that the layout contradicts:
    known only where pages are (a PDF), and a matter of updating the sommaire, not of content."""
    entry, page = shifted[0]
    count = f"{len(shifted)} entrée{'s' if len(shifted) > 1 else ''} sur {total}"
    return Finding(
        "toc-pages",
        INFO,
        f"Les numéros de page du sommaire ne correspondent pas à la mise en page ({count}, par exemple "
        f"l'{entry.label.lower()}, {'annoncée' if entry.label.startswith('Annexe') else 'annoncé'} page "
        f"{entry.page}, commence page {page})\u00a0: "
        "mettre le sommaire à jour.",
        Location(
            "Sommaire",
            entry.origin.index if entry.origin else None,
            entry.origin.page if entry.origin else None,
            f"{entry.label} : {entry.title}",
        ),
    )


def _sommaire(ctx: CheckContext) -> list[Finding]:
    doc = ctx.doc
    if not doc.sommaire:
        return []
    body = {s.label: s for s in doc.sections}
    listed = {entry.label for entry in doc.sommaire}
    out = []
    shifted = []  # (entry, page where its section starts): page numbers of a sommaire not updated
    for entry in doc.sommaire:
        location = Location(
            "Sommaire",
            entry.origin.index if entry.origin else None,
            entry.origin.page if entry.origin else None,
            f"{entry.label} : {entry.title}",
        )
        section = body.get(entry.label)
        if section is None:
            out.append(
                Finding(
                    "toc-mismatch",
                    WARNING,
                    f"Le sommaire cite l'{entry.label.lower()}, absent du corps du document.",
                    location,
                )
            )
            continue
        if entry.title and title_similarity(entry.title, section.title) < 0.75:
            out.append(
                Finding(
                    "toc-mismatch",
                    WARNING,
                    f"Le sommaire intitule l'{entry.label.lower()} «\u00a0{entry.title}\u00a0» alors que le corps "
                    f"du document l'intitule «\u00a0{section.title}\u00a0».",
                    location,
                )
            )
        page = section.origin.page if section.origin else None
        if entry.page and page and entry.page != page:
            shifted.append((entry, page))
    if shifted:
        out.append(_pages_finding(shifted, len(doc.sommaire)))
    for section in doc.sections:
        if section.label not in listed:
            out.append(
                Finding(
                    "toc-mismatch", WARNING, f"L'{section.label.lower()} ne figure pas au sommaire.", where(section)
                )
            )
    return out
