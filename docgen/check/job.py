"""The check job: a draft file → a Report of findings against the national model."""

from __future__ import annotations

from pathlib import Path

from docgen.check.mapping import ArticleMap, choose_model, map_annexes, map_articles
from docgen.check.rules import actions, annexes, articles, avenants, consistency
from docgen.check.rules.context import CheckContext
from docgen.check.structure import build_document
from docgen.inputs import DRAFT_LIMIT, read_input
from docgen.library.catalog import Library
from docgen.model.errors import DocgenError
from docgen.model.findings import INFO, Finding, Report
from docgen.model.rawblocks import RawDocument
from docgen.model.tree import Document
from docgen.word.reader import read_docx

RULES = (articles.run, annexes.run, actions.run, consistency.run)
SUFFIXES = (".docx", ".pdf")


def read_draft(path: Path) -> RawDocument:
    """Read a .docx or .pdf draft into raw blocks; a French DocgenError when it cannot be read."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise DocgenError("format non pris en charge (un fichier .docx ou .pdf est attendu)", path)
    data = read_input(path, DRAFT_LIMIT, "un projet de convention")
    if not data:
        raise DocgenError("le fichier est vide", path)
    if path.suffix.lower() == ".pdf":
        from docgen.pdf.reader import read_pdf

        return read_pdf(data, str(path))
    return read_docx(data, str(path))


def draft_document(path: Path) -> tuple[Document, RawDocument]:
    """The document tree of a draft file, refusing files that are not conventions."""
    raw = read_draft(path)
    document = build_document(raw)
    if len(document.articles) < 3 and not avenants.is_avenant(document):  # an avenant may have one article
        raise DocgenError(
            "le document ne ressemble pas à une convention territoriale globale (moins de trois articles reconnus)",
            path,
        )
    return document, raw


def check_document(
    document: Document, library: Library, model: str | None = None, reference: Document | None = None
) -> tuple[str, list[Finding]]:
    """The model id used and the findings for a document tree (a convention or an avenant)."""
    if avenants.is_avenant(document):
        chosen = library.model(model or (document.model_id if document.model_id in library.models else "ctg-2020"))
        ctx = CheckContext(document, library, ArticleMap(chosen, {}, document.articles, 0.0), {}, None, reference)
        return chosen.id, [*avenants.run(ctx), *consistency.run(ctx), *actions.schedules(ctx)]
    article_map = choose_model(document, library, model)
    reference_map = map_articles(reference, article_map.model, library) if reference is not None else None
    ctx = CheckContext(
        document, library, article_map, map_annexes(document, article_map.model), reference_map, reference
    )
    findings = [finding for rule in RULES for finding in rule(ctx)]
    return article_map.model.id, findings


def check_file(path: Path, library: Library, model: str | None = None, reference: Document | None = None) -> Report:
    """Check one draft file."""
    document, raw = draft_document(path)
    model_id, findings = check_document(document, library, model, reference)
    facts = [Finding("actes", INFO, fact) for fact in raw.facts]
    return Report(str(path), model_id, tuple(facts + findings))


def expand(paths: list[Path]) -> list[Path]:
    """Files to check: given files, and the .docx/.pdf files of given folders (sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()))
        else:
            out.append(path)
    return out
