"""What a convention's pages hold, from LibreOffice's layout of it: the page numbers of the
sommaire and of the table of figures, and the rows of merged tables that start a page, whose
merged cells are then labelled again « … (suite) » (the orientation and objective of the action
plan on its continuation pages), in the PDF only (see `build.job.with_pdf`). Labels change the
layout: it is made again, a few times at most, until the rows labelled are those that start a page."""

from __future__ import annotations

import json

from docgen.model.frenchtext import normalise
from docgen.model.tree import Document, row_bookmark
from docgen.word.writer import render_docx

LAYOUT_PASSES = 3  # LibreOffice layouts of a document at most; the second one almost always agrees


def sommaire_pages(document: Document, pdf: bytes) -> dict[str, int]:
    """The page of each section and figure by bookmark, in LibreOffice's PDF of the document, if
    it gives every one (else none)."""
    from docgen.pdf.outline import destination_pages, heading_pages  # pdfium: only for PDFs

    found = heading_pages(pdf)
    pages = {s.bookmark: found.get(normalise(f"{s.label}\u00a0: {s.title}")) for s in document.sections}
    figures = [f.bookmark for f in document.figures]
    if figures:
        pages.update(dict.fromkeys(figures))
        pages.update(destination_pages(pdf, figures))
    return {k: v for k, v in pages.items() if v is not None} if all(pages.values()) else {}


def continued_rows(document: Document, pdf: bytes) -> frozenset[str]:
    """The rows of the document's merged tables (by `row_bookmark`) that start a page of `pdf`,
    LibreOffice's PDF of its layout variant, and have a cell merged with the row above."""
    from docgen.pdf.outline import destination_pages

    tables = document.merged_tables
    if not tables:
        return frozenset()
    names = [[row_bookmark(t, r) for r in range(len(table.rows))] for t, table in enumerate(tables)]
    pages = destination_pages(pdf, [name for rows in names for name in rows])
    out = set()
    for table, rows in zip(tables, names, strict=True):
        for r in table.merged_rows:
            here, above = pages.get(rows[r]), pages.get(rows[r - 1])
            if here is not None and above is not None and here > above:
                out.add(rows[r])
    return frozenset(out)


def label_plan(document: Document) -> str | None:
    """What `docgen.pdf.unoexport` needs to label the continued rows of the document's layout
    variant itself, in LibreOffice (JSON): per merged table, each body row's bookmark, the cell its
    bookmark is in, and its merged cells with their text. None without merged tables, or when one
    has cells across columns (Writer's cell names then differ from row to row): the labels are then
    made in the .docx (`next_layout`)."""
    tables = []
    for t, table in enumerate(document.merged_tables):
        if any(c.span != 1 for row in table.rows for c in row) or len({len(row) for row in table.rows}) != 1:
            return None
        rows = []
        for r, row in enumerate(table.rows):
            own = next(k for k, c in enumerate(row) if c.merge != "continue")
            rows.append([row_bookmark(t, r), own, [[k, c.text] for k, c in enumerate(row) if c.merge == "continue"]])
        tables.append({"rows": rows})
    return json.dumps({"tables": tables}, ensure_ascii=False) if tables else None


def next_layout(
    document: Document, pdf: bytes, continued: frozenset[str], passes: int
) -> tuple[bytes, frozenset[str]] | None:
    """The layout variant to have LibreOffice lay out again, and the rows it labels, when `pdf`
    (made from a layout labelling `continued`, the `passes`-th) has other rows starting a page;
    None when they agree or no pass is left."""
    found = continued_rows(document, pdf)
    if found == continued or passes >= LAYOUT_PASSES:
        return None
    return render_docx(document, layout=True, continued=found), found


def laid_out(documents: list[Document], names: list[str]) -> list[bytes]:
    """LibreOffice's PDF of each document's layout variant, labelled (`next_layout`), each pass of
    the documents still to lay out again in one LibreOffice start (`names`: for its errors)."""
    from docgen.pdf.convert import PDF_EXPORT, convert

    converted = convert([render_docx(d, layout=True) for d in documents], names, PDF_EXPORT)
    continued = [frozenset[str]()] * len(documents)
    for passes in range(1, LAYOUT_PASSES):
        again = {}
        for i, document in enumerate(documents):
            found = next_layout(document, converted[i], continued[i], passes)
            if found is not None:
                again[i] = found
        if not again:
            break
        remade = convert([layout for layout, _ in again.values()], [names[i] for i in again], PDF_EXPORT)
        for (i, (_, rows)), pdf in zip(again.items(), remade, strict=True):
            converted[i], continued[i] = pdf, rows
    return converted
