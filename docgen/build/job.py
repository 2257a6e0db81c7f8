"""The build job: territory folder → Word convention (and PDF)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from docgen.build.assemble import assemble
from docgen.data.loading import convention_file, load_convention
from docgen.inputs import YAML_LIMIT, fingerprint, read_input
from docgen.library.catalog import Library, load_library
from docgen.model.territory import Convention
from docgen.model.tree import Document
from docgen.output import write_set
from docgen.pdf.convert import docx_to_pdf, find_soffice
from docgen.word.writer import render_docx


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    docx: Path
    pdf: Path | None
    replaced: bool
    document: Document


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
    _, document = assembled(territory, library)
    source = convention_file(Path(territory))
    document = dataclasses.replace(document, fingerprint=data_fingerprint(source))
    return render_docx(document), document


def data_fingerprint(source: Path) -> str:
    """The SHA-256 of a territory file: the one `ctg sign` records for it."""
    return fingerprint(read_input(source, YAML_LIMIT, "un fichier de données"))


def build(territory: Path, output_root: Path = Path("output"), *, pdf: bool = False) -> BuildResult:
    """Build `output/<territory>/convention.docx` (and .pdf); nothing is written on error."""
    if pdf:
        find_soffice()  # say so before any work if the PDF cannot be made
    data, document = build_bytes(territory)
    target = Path(output_root) / territory_name(territory) / "convention.docx"
    outputs = {target: data}
    pdf_path = target.with_suffix(".pdf") if pdf else None
    if pdf_path is not None:
        outputs[pdf_path] = docx_to_pdf([data], [str(target)])[0]
    replaced = write_set(outputs)  # the .docx and its PDF together, or neither
    return BuildResult(target, pdf_path, replaced, document)
