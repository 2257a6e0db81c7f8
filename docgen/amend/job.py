"""The avenant job: signed state + current data → avenant, consolidated convention, redline."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from docgen.amend.avenant import assemble_avenant, avenant_record, consolidated
from docgen.amend.changes import all_changes
from docgen.amend.history import check_pending, load_history, signed_data, territory_folder, territory_lock
from docgen.amend.redline import redline
from docgen.build.assemble import assemble
from docgen.build.job import data_fingerprint, territory_name, with_pdf
from docgen.build.paging import laid_out
from docgen.build.schedules import stale_schedules
from docgen.data.loading import convention_file, load_convention
from docgen.invocation import ctg
from docgen.library.catalog import Library, load_library
from docgen.model.errors import DocgenError
from docgen.model.frenchtext import text_problem
from docgen.model.tree import Document
from docgen.output import write_set
from docgen.pdf.convert import find_soffice
from docgen.word.writer import render_docx


@dataclass(frozen=True)
class AvenantResult:
    """What `ctg avenant` wrote."""

    number: int
    files: list[Path]
    replaced: bool
    avenant: Document
    changes: int
    warnings: list[str]


def prepare(
    territory: Path, library: Library, reason: str | None = None
) -> tuple[int, dict[str, Document], int, list[str]]:
    """The avenant number, its three documents (avenant, consolidated, redline) in memory, its
    number of changes, and the warnings on the amended data."""
    folder = territory_folder(territory)
    states = load_history(folder)
    source = convention_file(folder)
    if not states:
        raise DocgenError(
            "la convention n'est pas encore enregistrée comme signée",
            source,
            remedy=f"\u00a0: lancez d'abord «\u00a0{ctg()} sign {folder}\u00a0»",
            remedy_web="\u00a0: enregistrez d'abord sa signature "
            "(page du territoire, «\u00a0Enregistrer la signature\u00a0»)",
        )
    current = load_convention(source, library)
    if reason is not None and (problem := text_problem(reason)):
        raise DocgenError(f"motif de l'avenant\u00a0: {problem}")
    previous, amendment = check_pending(current, states, library, signing=False, source=source)
    signed = [signed_data(s, library) for s in states]
    trees = [assemble(data, library, s.file) for data, s in zip(signed, states, strict=True)]
    new = assemble(current, library, source)
    records = [
        avenant_record(n, signed[n - 1], signed[n], all_changes(signed[n - 1], signed[n], trees[n - 1], trees[n]))
        for n in range(1, len(states))
    ]
    number = len(states)
    record = avenant_record(number, previous, current, all_changes(previous, current, trees[-1], new))
    avenant = assemble_avenant(record, states, previous, trees[-1], new, reason or amendment.reason)
    old = consolidated(trees[-1], signed[0], records) if records else trees[-1]
    merged = consolidated(new, signed[0], [*records, record])
    marked = dataclasses.replace(redline(old, merged), date=amendment.signature.date)  # revisions dated with it
    fingerprint = data_fingerprint(source)  # the avenant's state, once signed
    documents = {
        name: dataclasses.replace(doc, fingerprint=fingerprint)
        for name, doc in (("avenant", avenant), ("convention-consolidee", merged), ("redline", marked))
    }
    return number, documents, len(record.changes), stale_schedules(current, previous.period.end)


def make_avenant(
    territory: Path, output_root: Path = Path("output"), *, reason: str | None = None, pdf: bool = False
) -> AvenantResult:
    """Write avenant-NN.docx, convention-consolidee-NN.docx and redline-NN.docx, and their PDFs with
    `pdf` (all or none)."""
    if pdf:
        find_soffice()
    library = load_library()
    with territory_lock(territory):
        return _make(territory, output_root, library, reason, pdf)


def _make(territory: Path, output_root: Path, library: Library, reason: str | None, pdf: bool) -> AvenantResult:
    number, documents, count, warnings = prepare(territory, library, reason)
    rendered = {name: render_docx(doc) for name, doc in documents.items()}
    folder = Path(output_root) / territory_name(territory)
    outputs = {folder / f"{name}-{number:02d}.docx": data for name, data in rendered.items()}
    if pdf:  # the three PDFs in one LibreOffice start; the redline's shows its tracked changes
        paths = [folder / f"{name}-{number:02d}.pdf" for name in rendered]
        converted = laid_out(list(documents.values()), [str(p) for p in paths])
        for (name, doc), path, made in zip(documents.items(), paths, converted, strict=True):
            docx_path = folder / f"{name}-{number:02d}.docx"
            outputs[docx_path], outputs[path], _ = with_pdf(doc, made, str(path))
    replaced = write_set(outputs)  # the three documents (and their PDFs) together, or none
    return AvenantResult(number, list(outputs), replaced, documents["avenant"], count, warnings)
