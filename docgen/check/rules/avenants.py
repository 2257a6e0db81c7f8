"""Avenants: sequence number, the convention amended and its date, effective date, citations."""

from __future__ import annotations

import datetime as dt
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
CITED_RE = re.compile(r"\bl['’](article|annexe)\s+(\d+)\s+«\s*([^»]+?)\s*»", re.IGNORECASE)


ACT_RE = re.compile(
    r"\b(deliberation|decision)\b(?:\s+n\s*°?\s*([\w./-]+))?[^.;]*?\bdu\s+"
    r"((?:1er|\d{1,2})\s+\w+\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})"
)
COVER_LINES = 12  # the lines of a cover where an avenant announces itself


def avenant_title(doc: Document) -> str | None:
    """The line that announces an avenant: the title, or a line of the cover below a title such as
    « CONVENTION TERRITORIALE GLOBALE » in large letters."""
    cover = [b.text for b in doc.front[:COVER_LINES] if isinstance(b, Paragraph)]
    return next((t for t in (doc.title, doc.subtitle, *cover) if normalise(t).startswith("avenant")), None)


def is_avenant(doc: Document) -> bool:
    """A document that announces an avenant on its cover."""
    return avenant_title(doc) is not None


def run(ctx: CheckContext) -> list[Finding]:
    doc = ctx.doc
    out: list[Finding] = []
    title = avenant_title(doc) or doc.title
    head = normalise(" ".join([doc.title, *(b.text for b in doc.front if isinstance(b, Paragraph))]))
    if not NUMBER_RE.search(normalise(title)):
        out.append(
            Finding(
                "avenant-number",
                ERROR,
                "Le numéro d'ordre de l'avenant n'est pas indiqué dans son titre.",
                Location(excerpt=title),
            )
        )
    convention_signed = next((d for m in SIGNED_RE.finditer(head) if (d := parse_date(m.group(1)))), None)
    if convention_signed is None:
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
    out += _signed_in_period(ctx, body)
    out += _authorisations(ctx, convention_signed)
    out += _citations(ctx, body)
    return out


def _period_as_amended(ctx: CheckContext, body) -> tuple[dt.date, dt.date] | None:
    """The period the avenant amends: the reference convention's, else the one the avenant restates."""
    if ctx.reference_doc is not None:
        stated = stated_period(s.text for s in ctx.reference_doc.articles if "duree" in normalise(s.title))
        if stated:
            return stated
    return stated_period(t for _, t, _ in body)


def _signed_in_period(ctx: CheckContext, body) -> list[Finding]:
    """Only a convention in force can be amended: the avenant is signed no later than its end."""
    signature = ctx.doc.signature
    signed = signature.date if signature else None
    if signature is not None and signed is None:
        signed = parse_date(signature.text)
    period = _period_as_amended(ctx, body)
    if signature is None or signed is None or period is None or signed <= period[1]:
        return []
    return [
        Finding(
            "date-inconsistency",
            ERROR,
            f"L'avenant est signé le {signed:%d/%m/%Y}, après la fin de la convention ({period[1]:%d/%m/%Y})\u00a0: "
            "une convention échue ne peut plus être modifiée, elle se renouvelle par une nouvelle convention.",
            Location("Signature", signature.origin.index if signature.origin else None, excerpt=signature.text),
        )
    ]


def _acts(texts) -> dict[tuple[str, str | None, dt.date], str]:
    """Acts (délibération, décision) cited with their date: (kind, number, date) → the text citing it."""
    out: dict[tuple[str, str | None, dt.date], str] = {}
    for text in texts:
        folded = normalise(text)
        if "avenant" not in folded:
            continue
        for m in ACT_RE.finditer(folded):
            date = parse_date(m.group(3))
            if date:
                out.setdefault((m.group(1), m.group(2), date), text)
    return out


def _authorisations(ctx: CheckContext, convention_signed: dt.date | None) -> list[Finding]:
    """Each signatory is authorised by an act of its own for the avenant: dated after the convention was
    signed, no later than the avenant, and not the convention's own act."""
    doc = ctx.doc
    texts = [p.representation for p in doc.parties]
    texts += [b.text for b in (*doc.visas, *doc.front) if isinstance(b, Paragraph)]
    own: set[str] = set()
    if ctx.reference_doc is not None:
        for party in ctx.reference_doc.parties:
            own |= {m.group(2) for m in ACT_RE.finditer(normalise(party.representation)) if m.group(2)}
    signed = doc.signature.date if doc.signature else None
    out = []
    for (kind, number, date), text in _acts(texts).items():
        act = f"la {kind.replace('deliberation', 'délibération').replace('decision', 'décision')} du {date:%d/%m/%Y}"
        if number and number in own:
            reason = "c'est l'acte qui a autorisé la signature de la convention"
        elif convention_signed and date <= convention_signed:
            reason = f"cet acte précède la signature de la convention ({convention_signed:%d/%m/%Y})"
        elif signed and date > signed:
            reason = f"cet acte est postérieur à la signature de l'avenant ({signed:%d/%m/%Y})"
        else:
            continue
        out.append(
            Finding(
                "avenant-authorisation",
                ERROR,
                f"L'avenant cite comme autorisation {act}, mais {reason}\u00a0: chaque "
                "signataire doit être autorisé à signer l'avenant par un acte de son instance postérieur à la "
                "convention.",
                Location(excerpt=text[:200]),
            )
        )
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
        for match in CITED_RE.finditer(text):
            kind, number, title = match.group(1).lower(), int(match.group(2)), " ".join(match.group(3).split())
            expected = _expected_titles(ctx, reference, kind, number)
            if not expected or max(title_similarity(title, t) for t in expected) < 0.75:
                where_ = f"«\u00a0{expected[0]}\u00a0»" if expected else "rien"
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


def _expected_titles(ctx, reference, kind, number) -> tuple[str, ...]:
    """The titles an article or annex of that number may be cited under (main title first)."""
    if reference is not None:
        sections = reference.articles if kind == "article" else reference.annexes
        found = next((s for s in sections if s.number == number), None)
        return (found.title,) if found else ()
    model = ctx.model
    if kind == "article":
        if not 1 <= number <= len(model.articles):
            return ()
        clause = ctx.library.clauses[model.articles[number - 1]]
        return (clause.title, *clause.aliases)
    return (model.annexes[number - 1].title,) if 1 <= number <= len(model.annexes) else ()
