"""Where a PDF that LibreOffice made puts each heading and figure: its outline gives the page of
every first-level heading, its named destinations (Word's bookmarks) that of every figure's
caption, which the .docx's sommaire and table of figures then state without Word's help."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from docgen.model.frenchtext import normalise


def heading_pages(data: bytes) -> dict[str, int]:
    """Page (from 1) of each first-level heading, by its text in comparison form."""
    pdf = pdfium.PdfDocument(data)
    try:
        out: dict[str, int] = {}
        for bookmark in pdf.get_toc():
            dest = bookmark.get_dest()
            index = dest.get_index() if dest is not None else None
            if bookmark.level == 0 and index is not None:
                out.setdefault(normalise(bookmark.get_title()), index + 1)
        return out
    finally:
        pdf.close()


def destination_pages(data: bytes, bookmarks: list[str]) -> dict[str, int]:
    """Page (from 1) of each Word bookmark of `bookmarks` that the PDF has as a named destination
    (pdfium finds each by its name: a few milliseconds for the hundred rows of an action plan)."""
    pdf = pdfium.PdfDocument(data)
    try:
        out: dict[str, int] = {}
        for bookmark in bookmarks:
            dest = pdfium_c.FPDF_GetNamedDestByName(pdf.raw, _exported_name(bookmark).encode())
            index = pdfium_c.FPDFDest_GetDestPageIndex(pdf.raw, dest) if dest else -1
            if index >= 0:
                out[bookmark] = index + 1
        return out
    finally:
        pdf.close()


def _exported_name(bookmark: str) -> str:
    """The name LibreOffice gives a bookmark's destination: other characters than letters and
    digits as their hexadecimal code (« ctg_figure_1 » → « ctg5Ffigure5F1 »)."""
    return "".join(c if c.isascii() and c.isalnum() else f"{ord(c):02X}" for c in bookmark)
