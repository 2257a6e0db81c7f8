"""WordprocessingML element builders (runs, paragraphs, fields, bookmarks, tables).

The only module, with `docx_writer`, that touches lxml: everything here returns elements.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from docx.oxml.ns import qn
from lxml import etree

TWIPS_PER_CM = 567


@cache
def _clark(name: str) -> str:
    return qn(name if ":" in name else f"w:{name}")


def el(tag: str, attrs: dict[str, str] | None = None, children: Iterable[etree._Element] = ()) -> etree._Element:
    """A `w:` element with attributes (names without prefix get `w:`) and children.

    Plain lxml elements (no python-docx proxy classes, no namespace map): several times faster
    to create; once inserted, lxml maps them to the document's own `w:` declaration.
    """
    node = etree.Element(_clark(tag))
    for key, value in (attrs or {}).items():
        node.set(_clark(key), value)
    node.extend(children)
    return node


def run(text: str, bold: bool = False, italic: bool = False) -> etree._Element:
    """A text run; tabs become `w:tab`."""
    r = el("w:r")
    if bold or italic:
        rpr = el("w:rPr")
        if bold:
            rpr.append(el("w:b"))
        if italic:
            rpr.append(el("w:i"))
        r.append(rpr)
    for i, part in enumerate(text.split("\t")):
        if i:
            r.append(el("w:tab"))
        if part:
            t = el("w:t", {"xml:space": "preserve"})
            t.text = part
            r.append(t)
    return r


def page_break_run() -> etree._Element:
    """A run holding a page break."""
    return el("w:r", children=[el("w:br", {"type": "page"})])


def paragraph(
    style_id: str,
    children: Iterable[etree._Element] = (),
    *,
    align: str | None = None,
    page_break_before: bool = False,
    keep_next: bool = False,
) -> etree._Element:
    """A paragraph with a style and optional direct formatting."""
    ppr = el("w:pPr", children=[el("w:pStyle", {"val": style_id})])
    if keep_next:
        ppr.append(el("w:keepNext"))
    if page_break_before:
        ppr.append(el("w:pageBreakBefore"))
    if align:
        ppr.append(el("w:jc", {"val": align}))
    return el("w:p", children=[ppr, *children])


def bookmarked(p: etree._Element, name: str, ident: int) -> etree._Element:
    """Wrap the content of paragraph `p` in a bookmark `name`."""
    start = el("w:bookmarkStart", {"id": str(ident), "name": name})
    ppr = p.find(qn("w:pPr"))
    p.insert(1 if ppr is not None else 0, start)
    p.append(el("w:bookmarkEnd", {"id": str(ident)}))
    return p


def hyperlink(anchor: str, runs: Iterable[etree._Element]) -> etree._Element:
    """An internal link to bookmark `anchor`."""
    return el("w:hyperlink", {"anchor": anchor, "history": "1"}, runs)


def field_runs(instr: str, cached: str = "") -> list[etree._Element]:
    """Runs of a complex field (`PAGEREF x \\h`, `PAGE`…) with its cached result."""
    instr_el = el("w:instrText", {"xml:space": "preserve"})
    instr_el.text = f" {instr} "
    out = [
        el("w:r", children=[el("w:fldChar", {"fldCharType": "begin"})]),
        el("w:r", children=[instr_el]),
        el("w:r", children=[el("w:fldChar", {"fldCharType": "separate"})]),
    ]
    if cached:
        out.append(run(cached))
    out.append(el("w:r", children=[el("w:fldChar", {"fldCharType": "end"})]))
    return out


def table(
    widths_cm: Sequence[float],
    rows: Iterable[etree._Element],
    *,
    borders: bool = True,
) -> etree._Element:
    """A fixed-layout table of full width with the given column widths."""
    border_els = []
    if borders:
        border_els = [
            el(f"w:{side}", {"val": "single", "sz": "4", "space": "0", "color": "7F7F7F"})
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        ]
    tblpr = el(
        "w:tblPr",
        children=[
            el("w:tblW", {"w": str(int(sum(widths_cm) * TWIPS_PER_CM)), "type": "dxa"}),
            el("w:tblBorders", children=border_els),
            el("w:tblLayout", {"type": "fixed"}),
            el(
                "w:tblCellMar",
                children=[
                    el("w:left", {"w": "70", "type": "dxa"}),
                    el("w:right", {"w": "70", "type": "dxa"}),
                ],
            ),
            el(
                "w:tblLook",
                {
                    "val": "04A0",
                    "firstRow": "1",
                    "lastRow": "0",
                    "firstColumn": "1",
                    "lastColumn": "0",
                    "noHBand": "0",
                    "noVBand": "1",
                },
            ),
        ],
    )
    grid = el("w:tblGrid", children=[el("w:gridCol", {"w": str(int(w * TWIPS_PER_CM))}) for w in widths_cm])
    return el("w:tbl", children=[tblpr, grid, *rows])


def table_row(cells: Iterable[etree._Element], *, header: bool = False) -> etree._Element:
    """A row; header rows repeat at the top of each page; rows do not split across pages."""
    trpr = el("w:trPr", children=[el("w:cantSplit")] + ([el("w:tblHeader")] if header else []))
    return el("w:tr", children=[trpr, *cells])


def table_cell(
    width_cm: float,
    paragraphs: Sequence[etree._Element],
    *,
    span: int = 1,
    merge: str | None = None,
    shade: bool = False,
) -> etree._Element:
    """A cell; `merge` is « restart » or « continue » for vertical merges."""
    tcpr = el("w:tcPr", children=[el("w:tcW", {"w": str(int(width_cm * TWIPS_PER_CM)), "type": "dxa"})])
    if span > 1:
        tcpr.append(el("w:gridSpan", {"val": str(span)}))
    if merge == "restart":
        tcpr.append(el("w:vMerge", {"val": "restart"}))
    elif merge == "continue":
        tcpr.append(el("w:vMerge"))
    if shade:
        tcpr.append(el("w:shd", {"val": "clear", "color": "auto", "fill": "DCE4F0"}))
    return el("w:tc", children=[tcpr, *paragraphs])


REVISION_AUTHOR = "docgen"


def track(element: etree._Element, status: str, ident: int, date: str) -> int:
    """Mark a paragraph or table as a tracked insertion or deletion; returns the next revision id.

    Runs are wrapped in `w:ins`/`w:del` (deleted text becomes `w:delText`), paragraph marks and
    table rows carry the same mark, so that accepting the change keeps or drops the whole block.
    """
    tag = "w:ins" if status == "inserted" else "w:del"
    for row in element.iter(_clark("tr")):
        trpr = row.find(_clark("trPr"))
        if trpr is None:
            trpr = el("w:trPr")
            row.insert(0, trpr)
        trpr.append(el(tag, {"id": str(ident), "author": REVISION_AUTHOR, "date": date}))
        ident += 1
    paragraphs = [element] if element.tag == _clark("p") else list(element.iter(_clark("p")))
    for p in paragraphs:
        for r in list(p.iter(_clark("r"))):
            if status == "deleted":
                for t in r.findall(_clark("t")):
                    t.tag = _clark("delText")
                for t in r.findall(_clark("instrText")):
                    t.tag = _clark("delInstrText")
            wrapper = el(tag, {"id": str(ident), "author": REVISION_AUTHOR, "date": date})
            ident += 1
            r.addprevious(wrapper)
            wrapper.append(r)
        ppr = p.find(_clark("pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            p.insert(0, ppr)
        rpr = ppr.find(_clark("rPr"))
        if rpr is None:
            rpr = el("w:rPr")
            ppr.append(rpr)
        rpr.append(el(tag, {"id": str(ident), "author": REVISION_AUTHOR, "date": date}))
        ident += 1
    return ident
