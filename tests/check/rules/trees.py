"""Minimal document trees and check contexts for the rule tests (no file, no reader)."""

from __future__ import annotations

import datetime as dt

from docgen.check.mapping import ArticleMap, map_annexes, map_articles
from docgen.check.rules.context import CheckContext
from docgen.library.catalog import Library, load_library
from docgen.model.findings import Finding
from docgen.model.tree import (
    Block,
    BulletList,
    Cell,
    Document,
    ListItem,
    Origin,
    Paragraph,
    PartyBlock,
    Section,
    Signatory,
    SignatureBlock,
    Table,
    Text,
    TocEntry,
)

MODEL = "ctg-2020"


def library() -> Library:
    """The bundled clause library (loaded once: `load_library` caches it)."""
    return load_library()


def p(text: str, index: int | None = None, page: int | None = None) -> Paragraph:
    """A body paragraph, with an origin when `index` is given."""
    return Paragraph((Text(text),), origin=Origin(index, page) if index is not None else None)


def bullets(*texts: str) -> BulletList:
    """A one-level bulleted list."""
    return BulletList(tuple(ListItem((Text(t),)) for t in texts))


def table(*rows: tuple[str, ...], index: int | None = None) -> Table:
    """A table of plain-text cells, all rows in the body (the rules find the header themselves)."""
    cells = tuple(tuple(Cell((p(text),)) for text in row) for row in rows)
    return Table((), cells, tuple(1.0 for _ in rows[0]), origin=Origin(index) if index is not None else None)


def _blocks(content: tuple[str | Block, ...]) -> tuple[Block, ...]:
    return tuple(p(c) if isinstance(c, str) else c for c in content)


def article(number: int | None, title: str, *content: str | Block, key: str = "", page: int | None = None) -> Section:
    """An article as read from a draft: « ARTICLE N - TITRE » heading, strings become paragraphs."""
    heading = f"ARTICLE {number} - {title.upper()}" if number is not None else "Article préliminaire"
    origin = Origin(100 + (number or 0), page)
    return Section("article", key, number, title, _blocks(content), origin=origin, heading_text=heading)


def annex(number: int, title: str, *content: str | Block, key: str = "", page: int | None = None) -> Section:
    """An annex as read from a draft: « ANNEXE N - Titre » heading, strings become paragraphs."""
    origin = Origin(200 + number, page)
    return Section(
        "annex", key, number, title, _blocks(content), origin=origin, heading_text=f"ANNEXE {number} - {title}"
    )


def model_articles(*, without: tuple[str, ...] = (), model: str = MODEL, **texts: str) -> tuple[Section, ...]:
    """One keyed article per clause of `model`, numbered in order; `texts[clause_id]` is its text."""
    clause_ids = [c for c in library().model(model).articles if c not in without]
    clauses = library().clauses
    return tuple(
        article(n, clauses[cid].title, texts.get(cid, f"Texte de l'article {n}."), key=cid)
        for n, cid in enumerate(clause_ids, start=1)
    )


# The annexes of seed 004 (Saint-Jean-de-la-Ruelle), by slot key of the 2020 model.
ANNEX_TITLES = {
    "diagnosis": "Etat des lieux partagé",
    "equipment": "Liste des équipements et services soutenus par la collectivité locale en 2021",
    "action_plan": "Plan d'actions 2022-2025 - Moyens mobilisés par chaque signataire dans le cadre des objectifs "
    "partagés",
    "pilotage": "Modalités de pilotage stratégique et opérationnel et suivi de la Ctg",
    "evaluation": "Évaluation CTG",
    "deliberations": "Décision du conseil municipal de la commune de Saint Jean de la Ruelle "
    "en date du 19 décembre 2022",
}
FILLED = (
    "Un comité de pilotage est instauré. Le comité de pilotage se réunit au moins une fois par an "
    "selon un calendrier à définir ; son secrétariat est assuré par la commune."
)


def model_annexes(*, without: tuple[str, ...] = (), **content: tuple[str | Block, ...]) -> tuple[Section, ...]:
    """The six annexes of seed 004, numbered in order, each filled in unless `content[key]` says otherwise."""
    keys = [k for k in ANNEX_TITLES if k not in without]
    return tuple(annex(n, ANNEX_TITLES[k], *content.get(k, (FILLED,))) for n, k in enumerate(keys, start=1))


CAF = PartyBlock(
    "La Caisse d'Allocations familiales du Loiret",
    "représentée par son directeur Monsieur Jean-Yves PREVOTAT dument autorisé à signer la présente convention",
    "la Caf",
    True,
)
COMMUNE = PartyBlock(
    "La Commune de Saint Jean-de-la-Ruelle",
    "représentée par son maire Monsieur Christophe CHAILLOU, dument autorisé à signer la présente convention "
    "par délibération du conseil municipal",
    "la Commune",
    True,
)
SIGNATORIES = (
    Signatory("La Caf", "Le Directeur", "Monsieur Jean-Yves PRÉVOTAT"),
    Signatory("La commune de Saint jean de la Ruelle", "Le Maire", "Monsieur Christophe CHAILLOU"),
)


def signature(text: str = "Fait à Orléans, le 19 décembre 2022.", signatories=SIGNATORIES) -> SignatureBlock:
    """The signature block of seed 004, « Fait à … » as written, the date left to the rules to parse."""
    return SignatureBlock("Orléans", None, 2, tuple(signatories), text=text, origin=Origin(300))


def document(
    articles: tuple[Section, ...] = (),
    annexes: tuple[Section, ...] = (),
    *,
    title: str = "Convention territoriale globale (CTG) de services aux familles",
    subtitle: str = "",
    parties: tuple[PartyBlock, ...] = (),
    preamble: Section | None = None,
    sig: SignatureBlock | None = None,
    sommaire: tuple[TocEntry, ...] = (),
    front: tuple[str | Block, ...] = (),
    date: dt.date | None = None,
) -> Document:
    """A draft document tree with only the parts a test gives."""
    return Document(
        title=title,
        subtitle=subtitle,
        territory="Saint-Jean-de-la-Ruelle",
        model_id="",
        date=date,
        parties=parties,
        visas=(),
        preamble=preamble,
        articles=articles,
        signature=sig,
        annexes=annexes,
        sommaire=sommaire,
        front=_blocks(front),
    )


def context(doc: Document, reference: Document | None = None, model: str = MODEL) -> CheckContext:
    """A convention's context, built as the check job builds it (articles and annexes mapped)."""
    spec = library().model(model)
    reference_map = map_articles(reference, spec, library()) if reference is not None else None
    return CheckContext(
        doc, library(), map_articles(doc, spec, library()), map_annexes(doc, spec), reference_map, reference
    )


def avenant_context(doc: Document, reference: Document | None = None, model: str = MODEL) -> CheckContext:
    """An avenant's context, built as the check job builds it (no mapping, the reference document kept)."""
    spec = library().model(model)
    return CheckContext(doc, library(), ArticleMap(spec, {}, doc.articles, 0.0), {}, None, reference)


def only(findings: list[Finding], code: str) -> list[Finding]:
    """The findings of one code."""
    return [f for f in findings if f.code == code]
