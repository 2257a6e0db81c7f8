"""Avenants: sequence number, the convention amended and its date, effective date, citations."""

from __future__ import annotations

import re

from docgen.check.mapping import title_similarity
from docgen.check.rules.consistency import parse_date, stated_period
from docgen.check.rules.context import CheckContext, texts_with_origin, where
from docgen.model.findings import ERROR, Finding, Location
from docgen.model.frenchtext import normalise
from docgen.model.tree import Document, Paragraph

NUMBER_RE = re.compile(r"\bavenant\s+n\s*[°o]?\s*(\d+)")
SIGNED_RE = re.compile(r"\bconvention\b[^.;]*?\bsignee le\s+((?:1er|\d{1,2})\s+\w+\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})")
EFFECT_RE = re.compile(
    r"\bprend(?:ra)? effet (?:le|a compter du)\s+((?:1er|\d{1,2})\s+\w+\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})"
)
CITED_RE = re.compile(r"\bl'(article|annexe)\s+(\d+)\s+«\s*([^»]+?)\s*»")


def is_avenant(doc: Document) -> bool:
    """A document whose title announces an avenant."""
    return normalise(doc.title).startswith("avenant")


def run(ctx: CheckContext) -> list[Finding]:
    doc = ctx.doc
    out: list[Finding] = []
    head = normalise(" ".join([doc.title, *(b.text for b in doc.front if isinstance(b, Paragraph))]))
    if not NUMBER_RE.search(normalise(doc.title)):
        out.append(
            Finding(
                "avenant-number",
                ERROR,
                "Le numéro d'ordre de l'avenant n'est pas indiqué dans son titre.",
                Location(excerpt=doc.title),
            )
        )
    if not any(parse_date(m.group(1)) for m in SIGNED_RE.finditer(head)):
        out.append(
            Finding(
                "avenant-reference",
                ERROR,
                "L'avenant ne cite pas la convention qu'il modifie avec sa date de signature.",
                Location(excerpt=doc.title),
            )
        )
    body = [(s, t, o) for s in doc.articles for t, o in texts_with_origin(s.blocks)]
    effect = next(
        ((s, o, parse_date(m.group(1))) for s, t, o in body for m in [EFFECT_RE.search(normalise(t))] if m), None
    )
    if effect is None:
        out.append(Finding("missing-element", ERROR, "La date de prise d'effet de l'avenant n'est pas indiquée."))
    else:
        out += _effect_in_period(ctx, *effect, body)
    out += _citations(ctx, body)
    return out


def _effect_in_period(ctx, section, origin, effective, body) -> list[Finding]:
    """The effective date must fall within the period: restated by the avenant, or the reference's."""
    texts = [t for _, t, _ in body]
    if ctx.reference_doc is not None:
        texts += [s.text for s in ctx.reference_doc.articles if "duree" in normalise(s.title)]
    period = stated_period(texts)
    if period is None or effective is None or period[0] <= effective <= period[1]:
        return []
    start, end = period
    return [
        Finding(
            "date-inconsistency",
            ERROR,
            f"La prise d'effet de l'avenant ({effective:%d/%m/%Y}) est hors de la période de la "
            f"convention ({start:%d/%m/%Y} – {end:%d/%m/%Y}).",
            where(section, origin),
        )
    ]


def _citations(ctx: CheckContext, body) -> list[Finding]:
    """Each « l'article N « titre » » or « l'annexe N « titre » » must exist in the convention."""
    out = []
    reference = ctx.reference_doc
    for section, text, origin in body:
        for match in CITED_RE.finditer(normalise(text)):
            kind, number, title = match.group(1), int(match.group(2)), match.group(3)
            expected = _expected_title(ctx, reference, kind, number)
            if expected is None or title_similarity(title, expected) < 0.75:
                where_ = f"«\u00a0{expected}\u00a0»" if expected else "rien"
                code = "wrong-article-reference" if kind == "article" else "wrong-annex-reference"
                out.append(
                    Finding(
                        code,
                        ERROR,
                        f"L'avenant cite l'{kind} {number} «\u00a0{title}\u00a0», mais la "
                        f"convention porte à ce numéro {where_}.",
                        where(section, origin, text),
                    )
                )
    return out


def _expected_title(ctx, reference, kind, number) -> str | None:
    if reference is not None:
        sections = reference.articles if kind == "article" else reference.annexes
        found = next((s for s in sections if s.number == number), None)
        return found.title if found else None
    model = ctx.model
    if kind == "article":
        if not 1 <= number <= len(model.articles):
            return None
        clause = ctx.library.clauses[model.articles[number - 1]]
        return max((clause.title, *clause.aliases), key=lambda t: title_similarity(t, clause.title))
    return model.annexes[number - 1].title if 1 <= number <= len(model.annexes) else None
