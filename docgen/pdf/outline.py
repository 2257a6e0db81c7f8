"""Where a PDF that LibreOffice made puts each heading and figure: its outline gives the page of
every first-level heading, its named destinations (Word's bookmarks) that of every figure's
caption, which the .docx's sommaire and table of figures then state without Word's help."""

from __future__ import annotations

import io

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


def destination_pages(data: bytes, bookmarks: list[str]) -> dict[str, int]:
    """Page (from 1) of each Word bookmark of `bookmarks` that the PDF has as a named destination."""
    import pikepdf  # only for documents with figures

    wanted = {_exported_name(b): b for b in bookmarks}
    out: dict[str, int] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        dests = pdf.Root.get("/Dests")
        if not isinstance(dests, pikepdf.Dictionary):
            return out
        pages: dict[tuple[int, int], int] = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        for name, dest in dests.items():
            bookmark = wanted.get(name.lstrip("/"))
            target = dest if isinstance(dest, pikepdf.Array) else dest.get("/D")
            if bookmark is not None and isinstance(target, pikepdf.Array) and len(target):
                page = pages.get(target[0].objgen)
                if page is not None:
                    out[bookmark] = page
    return out


def _exported_name(bookmark: str) -> str:
    """The name LibreOffice gives a bookmark's destination: other characters than letters and
    digits as their hexadecimal code (« ctg_figure_1 » → « ctg5Ffigure5F1 »)."""
    return "".join(c if c.isascii() and c.isalnum() else f"{ord(c):02X}" for c in bookmark)
