"""What a page of a PDF needs no other page for, done as the page is read.

Pages are read on two cores (see `twocores`); the layout, which needs them all, runs on one.
Whatever the layout would work out from a page alone is worked out here instead, on the core
that read the page: the lines of its ruled tables' cells, the text, size, extent and boldness
of each line, and the page's share of the furniture (running headers, stamps, ACTES ids).
"""

from __future__ import annotations

from docgen.pdf.furniture import page_marks
from docgen.pdf.lines import Page
from docgen.pdf.paragraphs import cell_lines


def prepare(page: Page) -> None:
    for table in page.tables:
        table.lines = {cell: cell_lines(words, *table.cell_span(cell)) for cell, words in table.words.items()}
    for line in [*page.lines, *(ln for table in page.tables for cell in table.lines.values() for ln in cell.lines)]:
        line.text, line.size, line.top, line.bottom, line.bold, line.bullet, line.leaders  # noqa: B018 - computed once, kept
    page.marks = page_marks(page)
