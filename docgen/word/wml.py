"""WordprocessingML element builders (runs, paragraphs, fields, bookmarks, tables).

With the other modules of `docgen.word`, the only place that touches lxml: everything here returns elements.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from functools import cache

from docx.oxml.ns import qn
from lxml import etree

TWIPS_PER_CM = 567


@cache
def _clark(name: str) -> str:
    return qn(name if ":" in name else f"w:{name}")


def el(
    tag: str,
    attrs: dict[str, str] | None = None,
    children: Iterable[etree._Element] = (),
    parent: etree._Element | None = None,
) -> etree._Element:
    """A `w:` element with attributes (names without prefix get `w:`) and children.

    Plain lxml elements (no python-docx proxy classes, no namespace map): several times faster
    to create; once inserted, lxml maps them to the document's own `w:` declaration. Given a
    `parent`, the element is created in place (cheaper than creating then appending).
    """
    if parent is None:
        node = etree.Element(_clark(tag))
    else:
        node = etree.SubElement(parent, _clark(tag))
    for key, value in (attrs or {}).items():
        node.set(_clark(key), value)
    node.extend(children)
    return node


_T = _clark("t")
_SPACE = _clark("xml:space")


# Builders copy small prototype trees: lxml copies a tree several times faster than it
# creates its elements one by one, and a convention has thousands of runs, paragraphs, cells.
# lxml's `copy.copy` copies the whole tree, as `copy.deepcopy` does, without its memo's bookkeeping.


@cache
def _run_prototype(bold: bool, italic: bool) -> etree._Element:
    r = el("w:r")
    if bold or italic:
        rpr = el("w:rPr", parent=r)
        if bold:
            el("w:b", parent=rpr)
        if italic:
            el("w:i", parent=rpr)
    return r


def run(text: str, bold: bool = False, italic: bool = False, *, unbroken: bool = False) -> etree._Element:
    """A text run; tabs become `w:tab`. With `unbroken` (proper names: « Saint-Jean-de-la-Ruelle »),
    a hyphen between letters is Word's non-breaking hyphen, so that the name never breaks there."""
    r = copy.copy(_run_prototype(bold, italic))
    for i, part in enumerate(text.split("\t")):
        if i:
            el("w:tab", parent=r)
        pieces = _NAME_HYPHEN.split(part) if unbroken else [part]
        for k, piece in enumerate(pieces):
            if k:
                el("w:noBreakHyphen", parent=r)
            if piece:
                t = etree.SubElement(r, _T)
                t.set(_SPACE, "preserve")
                t.text = piece
    return r


_NAME_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_FIRST = re.compile(r"(?<=\b1)er\b")  # « 1er », whose « er » Word sets as a superscript


def text_runs(text: str, bold: bool = False, italic: bool = False, *, unbroken: bool = False) -> list[etree._Element]:
    """The runs of a text: as `run`, with the « er » of « 1er » (« 1er janvier ») in superscript."""
    out: list[etree._Element] = []
    position = 0
    for match in _FIRST.finditer(text):
        out.append(run(text[position : match.start()], bold, italic, unbroken=unbroken))
        superscript = run("er", bold, italic)
        rpr = superscript.find(qn("w:rPr"))
        if rpr is None:
            rpr = el("w:rPr")
            superscript.insert(0, rpr)
        el("w:vertAlign", {"val": "superscript"}, parent=rpr)
        out.append(superscript)
        position = match.end()
    out.append(run(text[position:], bold, italic, unbroken=unbroken))
    return [r for r in out if len(r) > (1 if r.find(qn("w:rPr")) is not None else 0)]


_AFTER_VERT_ALIGN = {qn(f"w:{t}") for t in ("rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")}


def retype_run(r: etree._Element) -> None:
    """Give a run of plain text (a filled template's) the house's typesetting, in place: hyphens
    between letters unbroken, the « er » of « 1er » in superscript; its formatting is kept."""
    texts = [child for child in r if child.tag != qn("w:rPr")]
    if not texts or any(child.tag != _T for child in texts):
        return
    text = "".join(child.text or "" for child in texts)
    if not (_NAME_HYPHEN.search(text) or _FIRST.search(text)):
        return
    rpr = r.find(qn("w:rPr"))
    replacement = text_runs(text, unbroken=True)
    for new in replacement:
        if rpr is not None:
            own = new.find(qn("w:rPr"))
            merged = copy.deepcopy(rpr)
            if own is not None:  # the superscript, in the schema's order of run properties
                later = next((c for c in merged if c.tag in _AFTER_VERT_ALIGN), None)
                for prop in list(own):
                    same = merged.find(str(prop.tag))
                    if same is not None:
                        merged.remove(same)
                    if later is not None:
                        later.addprevious(prop)
                    else:
                        merged.append(prop)
                new.remove(own)
            new.insert(0, merged)
    for new in replacement:
        r.addprevious(new)
    parent = r.getparent()
    if parent is not None:
        parent.remove(r)


def number_drawings(body: etree._Element) -> None:
    """Give every drawing of the body its own id (Word requires them unique), in document order."""
    for ident, node in enumerate(body.iter(_clark_wp("docPr")), 1):
        node.set("id", str(ident))


def _clark_wp(name: str) -> str:
    return "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}" + name


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
    p = copy.copy(_paragraph_prototype(style_id, align, page_break_before, keep_next))
    p.extend(children)
    return p


@cache
def _paragraph_prototype(style_id: str, align: str | None, page_break_before: bool, keep_next: bool) -> etree._Element:
    p = el("w:p")
    ppr = el("w:pPr", parent=p)
    el("w:pStyle", {"val": style_id}, parent=ppr)
    if keep_next:
        el("w:keepNext", parent=ppr)
    if page_break_before:
        el("w:pageBreakBefore", parent=ppr)
    if align:
        el("w:jc", {"val": align}, parent=ppr)
    return p


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
    return [*field_start(instr), *([run(cached)] if cached else []), field_end()]


def field_start(instr: str) -> list[etree._Element]:
    """The runs that open a complex field, up to where its cached result starts (which may run
    over several paragraphs, as a table of contents does, up to `field_end`)."""
    instr_el = el("w:instrText", {"xml:space": "preserve"})
    instr_el.text = f" {instr} "
    return [
        el("w:r", children=[el("w:fldChar", {"fldCharType": "begin"})]),
        el("w:r", children=[instr_el]),
        el("w:r", children=[el("w:fldChar", {"fldCharType": "separate"})]),
    ]


def field_end() -> etree._Element:
    return el("w:r", children=[el("w:fldChar", {"fldCharType": "end"})])


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


def keep_with_next(p: etree._Element) -> None:
    """Keep paragraph `p` on the same page as the next one (Word's « paragraphes solidaires »)."""
    ppr = p.find(_clark("pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    if ppr.find(_clark("keepNext")) is None:
        keep = el("w:keepNext")
        style = ppr.find(_clark("pStyle"))
        if style is not None:
            style.addnext(keep)
        else:
            ppr.insert(0, keep)


def table_row(cells: Iterable[etree._Element], *, header: bool = False) -> etree._Element:
    """A row; header rows repeat at the top of each page; rows do not split across pages."""
    tr = copy.copy(_row_prototype(header))
    tr.extend(cells)
    return tr


@cache
def _row_prototype(header: bool) -> etree._Element:
    tr = el("w:tr")
    trpr = el("w:trPr", parent=tr)
    el("w:cantSplit", parent=trpr)
    if header:
        el("w:tblHeader", parent=trpr)
    return tr


def table_cell(
    width_cm: float,
    paragraphs: Sequence[etree._Element],
    *,
    span: int = 1,
    merge: str | None = None,
    shade: bool = False,
) -> etree._Element:
    """A cell; `merge` is « restart » or « continue » for vertical merges."""
    tc = copy.copy(_cell_prototype(int(width_cm * TWIPS_PER_CM), span, merge, shade))
    tc.extend(paragraphs)
    return tc


@cache
def _cell_prototype(width: int, span: int, merge: str | None, shade: bool) -> etree._Element:
    tc = el("w:tc")
    tcpr = el("w:tcPr", parent=tc)
    el("w:tcW", {"w": str(width), "type": "dxa"}, parent=tcpr)
    if span > 1:
        el("w:gridSpan", {"val": str(span)}, parent=tcpr)
    if merge == "restart":
        el("w:vMerge", {"val": "restart"}, parent=tcpr)
    elif merge == "continue":
        el("w:vMerge", parent=tcpr)
    if shade:
        el("w:shd", {"val": "clear", "color": "auto", "fill": "DCE4F0"}, parent=tcpr)
    return tc


REVISION_AUTHOR = "docgen"


def tracked_run(r: etree._Element, status: str, ident: int, date: str) -> etree._Element:
    """Wrap run `r` (in place if it has a parent) in `w:ins` or `w:del`; deleted text becomes `w:delText`."""
    wrapper = el(
        "w:ins" if status == "inserted" else "w:del", {"id": str(ident), "author": REVISION_AUTHOR, "date": date}
    )
    if status == "deleted":
        for t in r.findall(_clark("t")):
            t.tag = _clark("delText")
        for t in r.findall(_clark("instrText")):
            t.tag = _clark("delInstrText")
    if r.getparent() is not None:
        r.addprevious(wrapper)
    wrapper.append(r)
    return wrapper


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
            parent = r.getparent()
            if parent is not None and parent.tag in (_clark("ins"), _clark("del")):
                continue  # words already tracked
            tracked_run(r, status, ident, date)
            ident += 1
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
