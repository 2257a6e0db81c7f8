"""LibreOffice's PDF of each document in one load, its continued rows labelled in place.

Run by a Python that has LibreOffice's `uno` module (Debian's python3-uno), not by ctg's: only the
standard library and `uno` are used, no docgen module. `docgen.pdf.convert` starts it under the
watchman of `docgen.pdf.guard`, in the scratch folder:

    python3 unoexport.py SCRATCH COUNT SOFFICE OPTIONS

It starts LibreOffice, listening on a pipe of its own, then for i in 0…COUNT-1 waits for
`in{i}.docx` (or `in{i}.skip`: that document will not come), loads it hidden, and exports
`out/in{i}.pdf` with the PDF export OPTIONS (JSON: name → {"type", "value"}). With `in{i}.plan.json`
(written before the document: see `docgen.build.paging.label_plan`), the rows of its merged tables
that start a page have their merged cells split there and labelled again « … (suite) », as
`docgen.word.blocks` does in a .docx; the rows labelled go to `out/in{i}.labels.json`, written
before the PDF. Whether the labels moved other rows to the top of a page, the PDF tells
(`docgen.build.paging.next_layout`; reading the layout again here costs more, and the labels
almost never do). One LibreOffice load per document instead of two starts of `soffice
--convert-to`. A document it cannot convert has no output and the next one goes on; its message
goes to the standard error (the watchman's log).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any  # UNO's objects: typed by LibreOffice at run time

import uno  # type: ignore[import-not-found]  # LibreOffice's, in the Python that runs this
from com.sun.star.awt.FontSlant import ITALIC  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

CONNECT_S = 60  # LibreOffice's first start (a new profile) takes a few seconds
POLL_S = 0.005
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"  # Writer's cell names, by box
CONTINUED = " (suite)"  # as docgen.word.blocks.CONTINUED


def _value(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _typed(option: dict) -> object:
    kind, value = option["type"], option["value"]
    if kind == "boolean":
        return value in (True, "true")
    if kind == "long":
        return int(value)
    return value


def _connect(pipe: str, office: subprocess.Popen) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_S
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:  # noqa: BLE001 - not listening yet
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _arrived(scratch: Path, i: int) -> Path | None:
    """Document i once it is there; None if it will not come."""
    source, skip = scratch / f"in{i}.docx", scratch / f"in{i}.skip"
    while True:
        if source.exists():
            return source
        if skip.exists():
            return None
        time.sleep(POLL_S)


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
            # already do, and each UNO call costs (a tenth of a millisecond and more, both sides)
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


def _convert(desktop: Any, source: Path, target: Path, export: tuple) -> None:
    plan_file = source.with_name(source.stem + ".plan.json")
    plan = json.loads(plan_file.read_text("utf-8")) if plan_file.exists() else None
    doc = desktop.loadComponentFromURL(source.as_uri(), "_blank", 0, (_value("Hidden", True),))
    if doc is None:
        raise RuntimeError("document illisible")
    try:
        if plan and plan["tables"]:
            labelled = Labelled(doc, plan)
            rows = labelled.starting()
            labelled.label(rows)
            told = target.with_name(target.stem + ".labels.json")
            told.with_suffix(".part").write_text(json.dumps(sorted(rows)), "utf-8")
            os.replace(told.with_suffix(".part"), told)
        staging = target.with_suffix(".part")
        doc.storeToURL(staging.as_uri(), export)
        os.replace(staging, target)  # the caller sees the whole PDF or none
    finally:
        doc.close(True)


def main(argv: list[str]) -> int:
    scratch, count, soffice, options = Path(argv[0]), int(argv[1]), argv[2], json.loads(argv[3])
    out = scratch / "out"
    out.mkdir(exist_ok=True)
    pipe = f"ctg-{os.getpid()}-{scratch.name}"
    office = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    filters = tuple(_value(name, _typed(option)) for name, option in options.items())
    export = (
        _value("FilterName", "writer_pdf_Export"),
        _value("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", filters)),
    )
    try:
        desktop = _connect(pipe, office)
        for i in range(count):
            source = _arrived(scratch, i)
            if source is None:
                continue
            try:
                _convert(desktop, source, out / f"in{i}.pdf", export)
            except Exception as exc:  # noqa: BLE001 - this document fails, the next ones go on
                print(f"in{i}.docx : {type(exc).__name__} {exc}", file=sys.stderr, flush=True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge closes as LibreOffice ends
            pass
        office.wait(timeout=30)
    finally:
        if office.poll() is None:
            office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
