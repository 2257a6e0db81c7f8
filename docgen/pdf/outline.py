"""Where a PDF that LibreOffice made puts each heading: its outline (bookmarks) gives the page
of every first-level heading, which the .docx's sommaire then states without Word's help."""

from __future__ import annotations

import pypdfium2 as pdfium

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
