"""The check job: a draft file → a Report of findings against the national model."""

from __future__ import annotations

import os
from pathlib import Path

from docgen.check import coverage
from docgen.check.drafts import SUFFIXES, read_draft
from docgen.check.mapping import ArticleMap, choose_model, map_annexes, map_articles
from docgen.check.rules import actions, annexes, articles, avenants, consistency, revisions
from docgen.check.rules.context import CheckContext
from docgen.check.structure import build_document
from docgen.library.catalog import Library
from docgen.model.errors import DocgenError
from docgen.model.findings import INFO, Finding, Report
from docgen.model.rawblocks import RawDocument
from docgen.model.tree import Document
from docgen.pdf.twocores import Shared, one_core

RULES = (articles.run, annexes.run, actions.run, consistency.run, revisions.run)


def draft_document(path: Path, pages: bool = False, pictures: bool = False) -> tuple[Document, RawDocument]:
    """The document tree of a draft file, refusing only a file with no sign of a CTG (`pictures`:
    see `read_draft`)."""
    raw = read_draft(path, pages, pictures)
    document = build_document(raw)
    if not coverage.looks_like_ctg(document):
        raise DocgenError(
            "ce document n'a rien d'une convention territoriale globale (ni titre de CTG, ni parties, "
            "ni article reconnu)\u00a0: il n'est pas vérifié",
            path,
        )
    return document, raw


def check_document(
    document: Document,
    library: Library,
    model: str | None = None,
    reference: Document | None = None,
    *,
    raw: RawDocument | None = None,
) -> tuple[str, list[Finding]]:
    """The model id used and the findings for a document tree (a convention or an avenant)."""
    if avenants.is_avenant(document):
        chosen = library.model(model or _model_by_date(document, library) or "ctg-2020")
        ctx = CheckContext(document, library, ArticleMap(chosen, {}, document.articles, 0.0), {}, None, reference, raw)
        return chosen.id, [*avenants.run(ctx), *consistency.run(ctx), *actions.schedules(ctx), *revisions.run(ctx)]
    article_map = choose_model(document, library, model)
    whole = coverage.is_whole(document, article_map, library)
    if not whole and not model and (dated := _model_by_date(document, library)):
        article_map = map_articles(document, library.model(dated), library)  # too few articles to judge by
    reference_map = map_articles(reference, article_map.model, library) if reference is not None else None
    ctx = CheckContext(
        document, library, article_map, map_annexes(document, article_map.model), reference_map, reference, raw
    )
    rules = sorted(RULES, key=lambda rule: rule is not consistency.run)  # the longest first, on two cores
    found = dict(zip(rules, Shared(rules, lambda rule: rule(ctx)).result(), strict=True))
    findings = [finding for rule in RULES for finding in found[rule]]
    if not whole:
        findings = coverage.part_findings(findings, document)
        findings.append(coverage.partial_finding(document, article_map, library))
    return article_map.model.id, findings


def _model_by_date(document: Document, library: Library) -> str | None:
    """The model recorded in a generated file, or the one in force in the year its cover states."""
    if document.model_id in library.models:
        return document.model_id
    year = coverage.year_of(document)
    return coverage.model_of_year(library, year) if year else None


def check_file(
    path: Path, library: Library, model: str | None = None, reference: Document | None = None, pages: bool = False
) -> Report:
    """Check one draft file (`pages`: give a Word draft's findings their page, see check/pages.py)."""
    document, raw = draft_document(path, pages)
    model_id, findings = check_document(document, library, model, reference, raw=raw)
    facts = [Finding("actes", INFO, fact) for fact in raw.facts]
    return Report(str(path), model_id, tuple(facts + findings), raw.sha256)


def check_files(
    files: list[Path],
    library: Library,
    model: str | None = None,
    reference: Document | None = None,
    pages: bool = False,
) -> tuple[list[Report], list[tuple[Path, str]]]:
    """Check each file, on every core for a batch: the reports, and the files that could not be
    read with the French reason. A hostile file never stops the batch."""
    if len(files) < 4 or (os.cpu_count() or 1) < 2:
        outcomes = [_outcome(path, library, model, reference, pages) for path in files]
    else:
        workers = min(os.cpu_count() or 1, len(files))
        from concurrent.futures import ProcessPoolExecutor  # several drafts: not for one, nor for a build

        with ProcessPoolExecutor(max_workers=workers, initializer=one_core) as pool:
            outcomes = list(
                pool.map(_outcome, files, *([x] * len(files) for x in (library, model, reference, pages)), chunksize=2)
            )
    reports = [o for o in outcomes if isinstance(o, Report)]
    unreadable = [(path, o) for path, o in zip(files, outcomes, strict=True) if isinstance(o, str)]
    return reports, unreadable


def _outcome(
    path: Path, library: Library, model: str | None, reference: Document | None, pages: bool = False
) -> Report | str:
    try:
        return check_file(path, library, model, reference, pages)
    except DocgenError as exc:
        return exc.message
    except Exception as exc:  # noqa: BLE001 - a hostile file must not stop the batch
        return f"document illisible (erreur inattendue\u00a0: {type(exc).__name__})"


def expand(paths: list[Path]) -> list[Path]:
    """Files to check: given files, and the .docx/.pdf files of given folders (sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()))
        else:
            out.append(path)
    return out
