"""The avenant job: signed state + current data → avenant, consolidated convention, redline."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from docgen.amend.avenant import assemble_avenant, consolidated
from docgen.amend.changes import all_changes
from docgen.amend.history import check_pending, load_history, territory_folder
from docgen.amend.redline import redline
from docgen.build.assemble import assemble
from docgen.build.job import territory_name
from docgen.data.loading import convention_file, load_convention
from docgen.library.catalog import Library, load_library
from docgen.model.errors import DocgenError
from docgen.model.tree import Document
from docgen.output import write_atomic
from docgen.pdf.convert import docx_to_pdf, find_soffice
from docgen.word.writer import render_docx


@dataclass(frozen=True)
class AvenantResult:
    """What `ctg avenant` wrote."""

    number: int
    files: list[Path]
    replaced: bool
    avenant: Document
    changes: int


def prepare(territory: Path, library: Library, reason: str | None = None) -> tuple[int, dict[str, Document], int]:
    """The avenant number and its three documents (avenant, consolidated, redline), in memory."""
    folder = territory_folder(territory)
    states = load_history(folder)
    source = convention_file(folder)
    if not states:
        raise DocgenError(
            "la convention n'est pas encore enregistrée comme signée\u00a0: lancez d'abord «\u00a0ctg sign\u00a0»",
            source,
        )
    current = load_convention(source, library)
    last = states[-1]
    previous, amendment = check_pending(current, states, library, signing=False, source=source)
    number = len(states)
    old = assemble(previous, library, last.file)
    if last.number:
        old = consolidated(old, states[:-1], last.number, last.signed)
    new = assemble(current, library, source)
    changes = all_changes(previous, current, old, new)
    avenant = assemble_avenant(number, states, previous, current, old, new, changes, reason or amendment.reason)
    signed_on = amendment.signature.date
    merged = consolidated(new, states, number, signed_on)
    marked = dataclasses.replace(redline(old, merged), date=signed_on)  # revisions dated with the avenant
    return number, {"avenant": avenant, "convention-consolidee": merged, "redline": marked}, len(changes)


def make_avenant(
    territory: Path, output_root: Path = Path("output"), *, reason: str | None = None, pdf: bool = False
) -> AvenantResult:
    """Write avenant-NN.docx, convention-consolidee-NN.docx and redline-NN.docx (all or none)."""
    if pdf:
        find_soffice()
    library = load_library()
    number, documents, count = prepare(territory, library, reason)
    rendered = {name: render_docx(doc) for name, doc in documents.items()}
    folder = Path(output_root) / territory_name(territory)
    outputs = {folder / f"{name}-{number:02d}.docx": data for name, data in rendered.items()}
    if pdf:
        avenant_path = folder / f"avenant-{number:02d}.pdf"
        outputs[avenant_path] = docx_to_pdf([rendered["avenant"]], [str(avenant_path)])[0]
    replaced = any(path.exists() for path in outputs)
    for path, data in outputs.items():
        write_atomic(path, data)
    return AvenantResult(number, list(outputs), replaced, documents["avenant"], count)
