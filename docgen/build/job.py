"""The build job: territory folder → Word convention (and PDF)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from docgen.build import produced
from docgen.build.assemble import assemble
from docgen.build.paging import label_plan, next_layout, sommaire_pages
from docgen.data.loading import convention_file, load_convention
from docgen.inputs import YAML_LIMIT, fingerprint, read_input
from docgen.library.catalog import Library, load_library
from docgen.model.errors import DocgenError
from docgen.model.findings import ERROR
from docgen.model.territory import Convention
from docgen.model.tree import Document
from docgen.output import write_set
from docgen.word.reader import read_docx
from docgen.word.writer import render_docx, render_for_pdf, with_pages


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    docx: Path
    pdf: Path | None
    replaced: bool
    document: Document
    kept: tuple[Path, ...] = ()  # changed versions kept beside the new files (--force)
    paged: bool = False  # the sommaire's page numbers written (from LibreOffice's layout)


def territory_name(territory: Path) -> str:
    """Output folder name of a territory: its folder name."""
    path = Path(territory)
    return (path.parent if path.suffix in (".yaml", ".yml") else path).resolve().name


def assembled(territory: Path, library: Library | None = None) -> tuple[Convention, Document]:
    """Load and assemble a territory's convention: its data and its document tree."""
    library = library or load_library()
    source = convention_file(Path(territory))
    convention = load_convention(source, library)
    return convention, assemble(convention, library, source)


def build_bytes(territory: Path, library: Library | None = None) -> tuple[bytes, Document]:
    """Load, assemble and render a territory's convention, in memory (nothing written)."""
    document = fingerprinted(territory, library)
    return render_docx(document), document


def fingerprinted(territory: Path, library: Library | None = None) -> Document:
    """A territory's document tree, with the fingerprint of its data file."""
    _, document = assembled(territory, library)
    return dataclasses.replace(document, fingerprint=data_fingerprint(convention_file(Path(territory))))


def _self_check(data: bytes, model_id: str, library: Library, source: Path) -> None:
    """Read the rendered convention back as a reviewer's checker would, and refuse its errors, so
    that build and check share their rules. Only for a convention about to be written: a signed
    state rebuilt to verify a document is what was signed, not something to judge again."""
    from docgen.check.job import check_document  # the checker, on what we are about to write
    from docgen.check.structure import build_document

    _, findings = check_document(build_document(read_docx(data, source.name)), library, model_id)
    errors = [f for f in findings if f.severity == ERROR]
    if errors:
        listed = "\n".join(
            f"  - {f.message}" + (f" ({f.location.describe()})" if f.location.section else "") for f in errors
        )
        raise DocgenError(
            f"la convention produite ne passerait pas la vérification (ctg check)\u00a0:\n{listed}\n"
            "Corrigez les données ou les textes propres au territoire.",
            source,
        )


def data_fingerprint(source: Path) -> str:
    """The SHA-256 of a territory file: the one `ctg sign` records for it."""
    return fingerprint(read_input(source, YAML_LIMIT, "un fichier de données"))


@dataclass(frozen=True)
class Prepared:
    """A convention rendered and checked, not written yet (see `build`)."""

    territory: Path
    target: Path
    pdf: Path | None
    data: bytes | None  # None with `pdf`: the .docx is `final` once its page numbers are known (`finish`)
    document: Document
    edited: dict[Path, bytes]  # files changed since docgen wrote them, kept beside (--force)
    layout: bytes | None = None  # with `pdf`: the variant LibreOffice lays out (see `render_docx`)
    final: bytes | None = None  # with `pdf`: the .docx to deliver, but its page numbers (`render_for_pdf`)
    continued: frozenset[str] = frozenset()  # the rows `layout` labels « (suite) » (see `build.paging`)
    passes: int = 1  # the layouts made so far
    plan: str | None = None  # for LibreOffice to label `layout` itself (`build.paging.label_plan`)


def prepare(territory: Path, output_root: Path = Path("output"), *, pdf: bool = False, force: bool = False) -> Prepared:
    """A build rendered in memory, before its check, its PDF and its writing: a French error if it
    cannot be done."""
    target = Path(output_root) / territory_name(territory) / "convention.docx"
    pdf_path = target.with_suffix(".pdf") if pdf else None
    source = convention_file(Path(territory))
    edited = produced.changed([p for p in (target, pdf_path) if p is not None])
    if edited and not force:
        raise produced.refuse(list(edited), source)
    document = fingerprinted(territory, load_library())
    data = None if pdf else render_docx(document)
    layout, final = render_for_pdf(document) if pdf else (None, None)
    plan = label_plan(document) if pdf else None
    return Prepared(Path(territory), target, pdf_path, data, document, edited, layout, final, plan=plan)


def self_check(prepared: Prepared, data: bytes | None = None) -> None:
    """Refuse a prepared convention that `ctg check` would find in error (see `_self_check`): its
    .docx (`data`, or the one prepared). One to be made with its PDF is checked in `finish`, as
    delivered, with the page numbers of its table of contents."""
    data = prepared.data if data is None else data
    if data is not None:
        _self_check(data, prepared.document.model_id, load_library(), convention_file(prepared.territory))


def finish(
    prepared: Prepared, converted: bytes | None = None, labelled: frozenset[str] | None = None
) -> BuildResult | Prepared:
    """Write a prepared build, with its PDF (`converted`: LibreOffice's, before `archival`, with
    the rows `labelled` by LibreOffice from its plan, if it did). Or, when that PDF's tables
    continue on other rows than were labelled, the build to convert again (`build.paging`), its
    labels in the .docx: nothing is written then."""
    if labelled is not None:
        prepared = dataclasses.replace(prepared, continued=labelled)
    outputs = {prepared.target: prepared.data} if prepared.data is not None else {}
    paged = False
    if prepared.pdf is not None:
        if converted is None:
            raise DocgenError("LibreOffice n'a pas pu convertir ce document en PDF", prepared.target)
        again = next_layout(prepared.document, converted, prepared.continued, prepared.passes)
        if again is not None:
            layout, continued = again
            return dataclasses.replace(
                prepared, layout=layout, continued=continued, passes=prepared.passes + 1, plan=None
            )
        outputs[prepared.target], outputs[prepared.pdf], paged = with_pdf(
            prepared.document, converted, str(prepared.target), prepared.final
        )
        if prepared.data is None:
            self_check(prepared, outputs[prepared.target])
    kept = {produced.kept_name(p): old for p, old in prepared.edited.items()}
    replaced = write_set({**outputs, **kept, **produced.manifest(outputs)})  # all together, or nothing
    return BuildResult(prepared.target, prepared.pdf, replaced, prepared.document, tuple(kept), paged)


def with_pdf(document: Document, converted: bytes, name: str, final: bytes | None = None) -> tuple[bytes, bytes, bool]:
    """The .docx of `document` and its archival PDF, from LibreOffice's PDF of its layout variant;
    the .docx's table of contents then states the PDF's page numbers (`final`: the .docx to deliver
    but its page numbers, if `render_for_pdf` made it already). Whether it does (every heading
    found in the PDF's outline). The « (suite) » labels of the PDF's continuation pages
    (`build.paging`) are not in the .docx: Word lays its pages out again, and a redline accepted
    must give the consolidated text."""
    from docgen.pdf.archival import archival  # pikepdf: only for PDFs

    pages = sommaire_pages(document, converted)
    if pages:
        delivered = with_pages(render_for_pdf(document)[1] if final is None else final, pages)
    else:
        delivered = render_docx(document)
    return delivered, archival(converted, delivered, name), bool(pages)  # the PDF's id: the .docx delivered


def build(
    territory: Path, output_root: Path = Path("output"), *, pdf: bool = False, force: bool = False
) -> BuildResult:
    """Build `output/<territory>/convention.docx` (and .pdf); nothing is written on error. A file
    changed since docgen wrote it is not replaced, unless `force`: then it is kept beside."""
    if pdf:
        from docgen.pdf.convert import find_soffice  # LibreOffice's: only for PDFs

        find_soffice()  # say so before any work if the PDF cannot be made
    prepared = prepare(territory, output_root, pdf=pdf, force=force)
    self_check(prepared)
    result = finish(prepared, *_converted(prepared))
    while isinstance(result, Prepared):  # its tables continue on other rows: laid out again
        result = finish(result, *_converted(result))
    return result


def _converted(prepared: Prepared) -> tuple[bytes | None, frozenset[str] | None]:
    if not prepared.layout:
        return None, None
    from docgen.pdf.convert import labelled_pdfs

    pdfs, labelled = labelled_pdfs([prepared.layout], [str(prepared.target)], [prepared.plan])
    return pdfs[0], labelled.get(0)
