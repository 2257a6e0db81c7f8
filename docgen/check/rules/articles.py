"""Articles: missing, numbered irregularly, lacking a required element, or altered."""

from __future__ import annotations

import re

from docgen.check.mapping import section_text
from docgen.check.rules.context import CheckContext, texts_with_origin, where
from docgen.check.textdiff import changes, similarity, template_words, words
from docgen.model.findings import ERROR, INFO, WARNING, Finding
from docgen.model.frenchtext import normalise
from docgen.model.tree import Section

# Below this share of the library's words, a draft article is a different wording of the same
# clause (the national text itself, say): word-level differences would be noise, not alterations.
SAME_WORDING = 0.6
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
    out = []
    for clause_id, section in ctx.articles.matched.items():
        draft = words(section_text(section))
        reference = ctx.reference.matched.get(clause_id) if ctx.reference else None
        if reference is not None:
            standard = words(section_text(reference))
            source = "du document de référence"
        else:
            standard = template_words(ctx.library.clauses[clause_id].text)
            source = "de la bibliothèque de clauses"
            if similarity(draft, standard) < SAME_WORDING:
                continue
        found = changes(draft, standard)
        if not found:
            continue
        local = [c for c in found if c.at_end and reference is None]
        real = [c for c in found if c not in local]
        if real:
            out.append(
                Finding(
                    "altered-article",
                    WARNING,
                    f"{_label(section)} s'écarte du texte {source}\u00a0: "
                    + " ; ".join(_describe(c) for c in real[:3])
                    + (f" (et {len(real) - 3} autre(s) écart(s))" if len(real) > 3 else ""),
                    where(section, _origin_of_word(section, real[0].draft_position)),
                )
            )
        if local:
            out.append(
                Finding(
                    "altered-article",
                    INFO,
                    f"{_label(section)} est complété par un ajout local\u00a0: «\u00a0{_short(local[0].added)}\u00a0».",
                    where(section),
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
