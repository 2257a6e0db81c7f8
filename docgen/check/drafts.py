"""Reading a draft (.docx or .pdf) into raw blocks, and starting early on a PDF given alone.

`ctg check BROUILLON.pdf` spends a good part of its time loading the checker (rules, clause
library) before it reads a page. `reading_early` opens the PDF first and lets the other core
read most of its pages meanwhile (see `docgen/pdf/twocores.py`); `read_draft` then takes that
reading over if the file is still the same. Any problem with the file is left to `read_draft`,
which reports it as it would have.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.inputs import DRAFT_LIMIT, fingerprint, read_input
from docgen.model.errors import DocgenError
from docgen.model.rawblocks import RawDocument

if TYPE_CHECKING:
    from docgen.pdf.reader import PdfReading

SUFFIXES = (".docx", ".pdf")

_early: dict[Path, tuple[bytes, PdfReading]] = {}  # path → (its bytes, its reading)


@contextmanager
def reading_early(paths: list[Path]) -> Iterator[None]:
    """Start reading a single PDF now; whatever was not taken over is stopped on leaving."""
    if len(paths) == 1 and paths[0].suffix.lower() == ".pdf" and paths[0].is_file():
        from docgen.pdf.reader import PdfReading

        try:
            data = read_input(paths[0], DRAFT_LIMIT, "un projet de convention")
            _early[paths[0]] = (data, PdfReading(data, str(paths[0])))
        except DocgenError:
            pass  # reported by read_draft, in its turn
    try:
        yield
    finally:
        for _, reading in _early.values():
            reading.cancel()
        _early.clear()


def read_draft(path: Path, pages: bool = False, pictures: bool = False) -> RawDocument:
    """Read a .docx or .pdf draft into raw blocks; a French DocgenError when it cannot be read.
    `pictures`: with the bytes of a PDF's pictures (a .docx's always come with it)."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise DocgenError("format non pris en charge (un fichier .docx ou .pdf est attendu)", path)
    data = read_input(path, DRAFT_LIMIT, "un projet de convention")
    if not data:
        raise DocgenError("le fichier est vide", path)
    if path.suffix.lower() == ".pdf":
        from docgen.pdf.reader import read_pdf

        early = _early.pop(path, None)
        if early and early[0] == data and not pictures:
            raw = early[1].result()
        else:
            if early:
                early[1].cancel()
            raw = read_pdf(data, str(path), pictures)
    else:
        from docgen.word.reader import read_docx

        raw = read_docx(data, str(path))
        if pages:
            from docgen.check.pages import with_pages  # a LibreOffice layout: seconds, on request

            raw = with_pages(raw, data, str(path))
    return dataclasses.replace(raw, sha256=fingerprint(data))
