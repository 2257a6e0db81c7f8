"""The « (suite) » labels of a document's continued rows, made in LibreOffice's layout of it.

Run inside LibreOffice, as a UNO component its Python loader loads (`docgen.pdf.unoexport`
registers this file at LibreOffice's start): there, each of the hundred or so UNO calls a document
takes costs microseconds, where over the bridge to another process a cell fetched costs more than a
millisecond on either side. `unoexport` also imports it, to make the labels over the bridge when
LibreOffice does not load the component. Only the standard library and LibreOffice's `uno`.

For a document and its plan (`docgen.build.paging.label_plan`), the rows of its merged tables that
start a page have their merged cells split there and labelled again « … (suite) », as
`docgen.word.blocks` does in a .docx; the rows labelled are the result (JSON, sorted).
"""

from __future__ import annotations

import json
import re
from typing import Any  # UNO's objects: typed by LibreOffice at run time

import unohelper  # type: ignore[import-not-found]  # LibreOffice's, in the Python that runs this
from com.sun.star.awt.FontSlant import ITALIC  # type: ignore[import-not-found]
from com.sun.star.task import XJob  # type: ignore[import-not-found]

SERVICE = "org.docgen.ContinuedLabels"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"  # Writer's cell names, by box
CONTINUED = " (suite)"  # as docgen.word.blocks.CONTINUED


def labelled_rows(doc: Any, plan: dict) -> list[str]:
    """Label the continued rows of `doc` (see the module's docstring); the rows labelled."""
    labelled = Labelled(doc, plan)
    rows = labelled.starting()
    labelled.label(rows)
    return sorted(rows)


class ContinuedLabels(unohelper.Base, XJob):
    """The component: `execute` with the named values « Document » and « Plan » (JSON)."""

    def __init__(self, context: Any) -> None:
        self.context = context

    def execute(self, arguments: Any) -> str:
        named = {argument.Name: argument.Value for argument in arguments}
        return json.dumps(labelled_rows(named["Document"], json.loads(named["Plan"])))


g_ImplementationHelper = unohelper.ImplementationHelper()
g_ImplementationHelper.addImplementation(ContinuedLabels, SERVICE, (SERVICE,))


class Labelled:
    """One document's merged tables (its plan), read and labelled in LibreOffice's layout."""

    def __init__(self, doc: Any, plan: dict) -> None:
        self.doc = doc
        self.cursor = doc.getCurrentController().getViewCursor()
        bookmarks = doc.getBookmarks()
        self.tables = []
        for table in plan["tables"]:
            anchor = bookmarks.getByName(table["rows"][0][0]).getAnchor()
            first = int(re.sub(r"\D", "", anchor.Cell.CellName))  # Writer's number of body row 0
            self.tables.append((anchor.TextTable, first, table["rows"], _merges(table["rows"])))

    def cell(self, table: Any, first: int, row: int, box: int) -> Any:
        return table.getCellByName(f"{LETTERS[box]}{first + row}")

    def starting(self) -> set[str]:
        """The rows with a merged cell that start a page (their page is after the row above's)."""
        out = set()
        for table, first, rows, _ in self.tables:
            pages = self._pages(table, first, rows)
            for r in range(1, len(rows)):
                if rows[r][2] and r in pages and r - 1 in pages and pages[r] > pages[r - 1]:
                    out.add(rows[r][0])
        return out

    def _pages(self, table: Any, first: int, rows: list) -> dict[int, int]:
        """The page of the rows on either side of each of the table's page breaks (and of a few
        others): its rows come page after page, so where the first and last rows of a stretch
        are on the same page, so are those between, and only the stretches across a break are
        read further, halved."""
        pages: dict[int, int] = {}
        stretches = [(0, len(rows) - 1)]
        while stretches:
            top, bottom = stretches.pop()
            for r in {top, bottom} - pages.keys():
                self.cursor.gotoRange(self.cell(table, first, r, rows[r][1]), False)
                pages[r] = self.cursor.getPage()
            if pages[top] != pages[bottom] and bottom - top > 1:
                middle = (top + bottom) // 2
                stretches += [(top, middle), (middle, bottom)]
        return pages

    def label(self, rows_labelled: set[str]) -> None:
        """Split the merged cells at the rows `rows_labelled`: only the merges that hold one (each
        change lays the table out again)."""
        for table, first, rows, merges in self.tables:
            for box, top, end in merges:
                if any(rows[r][0] in rows_labelled for r in range(top + 1, end + 1)):
                    self._split(table, first, rows, box, top, end, rows_labelled)

    def _split(self, table, first, rows, box, top, end, rows_labelled) -> None:  # noqa: ANN001
        starts = [top] + [r for r in range(top + 1, end + 1) if rows[r][0] in rows_labelled]
        for start, stop in zip(starts, [*starts[1:], end + 1], strict=True):
            head = self.cell(table, first, start, box)
            head.setPropertyValue("RowSpan", stop - start)
            # Writer's covered cells count down to the merge's end (-2, -1): those of the last part
            # already do (left alone: fewer calls, which count over the bridge)
            for r in range(start + 1, stop) if stop <= end else ():
                covered = self.cell(table, first, r, box)
                covered.setPropertyValue("RowSpan", -(stop - r))
            if start != top:
                text = dict(rows[start][2])[box]
                head.setString(text)
                cursor = head.createTextCursor()
                cursor.gotoEnd(False)
                cursor.setPropertyValue("CharPosture", ITALIC)
                head.insertString(cursor, CONTINUED, False)


def _merges(rows: list) -> list[tuple[int, int, int]]:
    """The merges of a table's plan: (box, first row, last row) of each cell merged down."""
    out = []
    for box in sorted({box for _, _, merged in rows for box, _ in merged}):
        r = 0
        while r < len(rows):
            end = r
            while end + 1 < len(rows) and any(b == box for b, _ in rows[end + 1][2]):
                end += 1
            if end > r:
                out.append((box, r, end))
            r = end + 1
    return out
