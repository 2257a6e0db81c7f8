"""Blocks and inlines of the document tree as WordprocessingML, in the template's styles.

Paragraphs, bullet lists, headings and tables become elements (not yet placed in the body);
tracked blocks of a redline get their w:ins/w:del marks, numbered in one sequence.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from docgen.model.errors import DocgenError
from docgen.model.tree import (
    AnnexRef,
    ArticleRef,
    Block,
    BulletList,
    Cell,
    Figure,
    Heading,
    Inline,
    Paragraph,
    Table,
    Text,
    Tracked,
    bookmark_name,
    row_bookmark,
)
from docgen.word import wml as x

# Tree roles → style names of the template (a Caf restyles these in Word, keeping the names).
STYLES = {
    "body": "Normal",
    "cell": "CTG Tableau",
    "cell_bullet": "CTG Tableau puce",
    "center": "CTG Centré",
    "party": "CTG Partie",
    "visa": "CTG Visa",
    "cover": "CTG Couverture",
    "title": "Title",
    "subtitle": "Subtitle",
    "toc_title": "CTG Titre sommaire",
    "toc": "toc 1",
    "signature": "CTG Signature",
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "heading3": "Heading 3",
    "bullet0": "List Bullet",
    "bullet1": "List Bullet 2",
    "header": "Header",
    "figure": "CTG Figure",
    "caption": "Caption",
    "source": "CTG Source",
    "figures_toc": "table of figures",
}
# The styles of figures came after the first Caf templates: one restyled without them falls back.
FALLBACK_STYLES = {"figure": "center", "caption": "center", "source": "center", "figures_toc": "toc"}
FIGURE_MAX_HEIGHT_CM = 17.0  # a map on a portrait page keeps room for its caption and source
FIGURE_BOOKMARK_IDS = 10_000  # figures' bookmark ids, after those of the sections
ROW_BOOKMARK_IDS = 20_000  # merged tables' rows', in the layout variant
_BOOKMARK_TAGS = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))
_ID = qn("w:id")
CONTINUED = " (suite)"  # after a merged cell's text, on a page its table continues on


class BlockRenderer:
    """Turns tree blocks into elements; keeps the style ids, the text width and revision marks."""

    def __init__(self, word: docx.document.Document, template: Path, text_width_cm: float) -> None:
        self.word = word
        self.style_ids = {}
        for role, name in STYLES.items():
            try:
                self.style_ids[role] = word.styles[name].style_id
            except KeyError:
                if role not in FALLBACK_STYLES:
                    raise DocgenError(f"style Word «\u00a0{name}\u00a0» absent du modèle", template) from None
        for role, fallback in FALLBACK_STYLES.items():
            self.style_ids.setdefault(role, self.style_ids[fallback])
        self.text_width_cm = text_width_cm
        self.revision = 1
        self.revision_date = ""
        # Merged tables (`Document.merged_tables`, by identity) → their index; `mark_rows`: bookmark
        # their rows (the layout variant); `continued`: the rows a page starts with (`row_bookmark`).
        self.merged: dict[int, int] = {}
        self.mark_rows = False
        self.continued: frozenset[str] = frozenset()
        self.marked = 0
        self.row_marked: list[etree._Element] = []  # the paragraphs holding a row's bookmark

    def unmark_rows(self) -> None:
        """Take the rows' bookmarks (`mark_rows`) out of the paragraphs that hold them."""
        for p in self.row_marked:
            for mark in [e for e in p if e.tag in _BOOKMARK_TAGS and int(e.get(_ID, "0")) >= ROW_BOOKMARK_IDS]:
                p.remove(mark)
        self.row_marked = []
        self.mark_rows = False

    def track(self, element: etree._Element, status: str) -> None:
        """Mark `element` as inserted or deleted, with the next revision number."""
        self.revision = x.track(element, status, self.revision, self.revision_date)

    def p(self, role: str, inlines: tuple[Inline, ...] | str, *, unbroken: bool = False, **kw) -> etree._Element:
        """A paragraph of `role`; `unbroken`: a proper name's hyphens do not break (cover, header, signatures)."""
        runs = x.text_runs(inlines, unbroken=unbroken) if isinstance(inlines, str) else self.runs(inlines, unbroken)
        return x.paragraph(self.style_ids[role], runs, **kw)

    def elements(self, blocks: tuple[Block, ...], role: str, in_cell: bool = False) -> list[etree._Element]:
        out: list[etree._Element] = []
        for block in blocks:
            if isinstance(block, Tracked):
                for element in self.elements((block.block,), role, in_cell):
                    self.track(element, block.status)
                    out.append(element)
            elif isinstance(block, Paragraph):
                style = "cell" if in_cell else (role if block.style == "body" else block.style)
                out.append(self.p(style if style in self.style_ids else "body", block.inlines))
            elif isinstance(block, BulletList):
                for item in block.items:
                    style = "cell_bullet" if in_cell else f"bullet{min(item.level, 1)}"
                    out.append(self.p(style, item.inlines))
            elif isinstance(block, Heading):
                out.append(self.p(f"heading{block.level}", block.text, keep_next=True))
            elif isinstance(block, Table):
                out.append(self.table(block))
            elif isinstance(block, Figure):
                out.extend(self.figure(block))
        return out

    def figure(self, f: Figure) -> list[etree._Element]:
        """The picture as wide as the text (lower if it would be too high), its caption and source.

        The caption is « Figure » and a SEQ field, so that Word's table of figures finds it."""
        if f.picture is None:
            raise DocgenError(f"figure «\u00a0{f.caption}\u00a0» sans image")
        width = int(self.text_width_cm * 360000)
        height = int(width * f.picture.height / max(f.picture.width, 1))
        limit = int(FIGURE_MAX_HEIGHT_CM * 360000)
        if height > limit:
            width, height = int(width * limit / height), limit
        inline = self.word.part.new_pic_inline(io.BytesIO(f.picture.data), width, height)
        picture = x.paragraph(self.style_ids["figure"], [x.el("w:r", children=[x.el("w:drawing", children=[inline])])])
        number = x.field_runs("SEQ Figure \\* ARABIC", str(f.number))
        caption = x.paragraph(
            self.style_ids["caption"],
            [x.run("Figure "), *number, *x.text_runs(f"\u00a0: {f.caption}")],
            keep_next=bool(f.source),
        )
        out = [picture, x.bookmarked(caption, f.bookmark, FIGURE_BOOKMARK_IDS + f.number)]
        if f.source:
            source = f.source if f.source.lower().startswith("source") else f"Source\u00a0: {f.source}"
            out.append(self.p("source", source))
        return out

    def table(self, t: Table) -> etree._Element:
        total = sum(t.widths)
        widths = [w / total * self.text_width_cm for w in t.widths]
        rows = [x.table_row(self._cells(r, widths), header=True) for r in t.header]
        merged = self.merged.get(id(t))
        for i, r in enumerate(t.rows):
            name = row_bookmark(merged, i) if merged is not None else ""
            row = x.table_row(self._cells(r, widths, labelled=name in self.continued))
            if name and self.mark_rows:  # in a cell of its own (LibreOffice drops merged ones' content)
                own = next(k for k, c in enumerate(r) if c.merge != "continue")
                first = row.findall(qn("w:tc"))[own][1]  # its first paragraph, after its properties
                x.bookmarked(first, name, ROW_BOOKMARK_IDS + self.marked)
                self.marked += 1
                self.row_marked.append(first)
            status = t.row_status[i] if i < len(t.row_status) else None
            if status:
                self.track(row, status)
            rows.append(row)
        if len(t.rows) >= 2:  # the last row never alone on a page: it keeps the one before it
            for para in rows[-2].iter(qn("w:p")):
                x.keep_with_next(para)
        return x.table(widths, rows)

    def _cells(self, row: tuple[Cell, ...], widths: list[float], labelled: bool = False) -> list[etree._Element]:
        """A row's cells; `labelled`: the first on a page, its merged cells say again what they
        continue, followed by « (suite) »."""
        out = []
        column = 0
        for cell in row:
            width = sum(widths[column : column + cell.span])
            column += cell.span
            merge = "restart" if labelled and cell.merge == "continue" else cell.merge
            if merge == "continue":
                paras = [x.paragraph(self.style_ids["cell"])]
            else:
                paras = self.elements(cell.blocks, "cell", in_cell=True) or [x.paragraph(self.style_ids["cell"])]
            if merge != cell.merge:
                paras[-1].append(x.run(CONTINUED, italic=True))
            out.append(x.table_cell(width, paras, span=cell.span, merge=merge, shade=cell.shade))
        return out

    def runs(self, inlines: tuple[Inline, ...], unbroken: bool = False) -> list[etree._Element]:
        out: list[etree._Element] = []
        for inline in inlines:
            if isinstance(inline, Text) and inline.tracked:
                out.append(
                    x.tracked_run(
                        x.run(inline.text, inline.bold, inline.italic),
                        inline.tracked,
                        self.revision,
                        self.revision_date,
                    )
                )
                self.revision += 1
            elif isinstance(inline, Text):
                out.extend(x.text_runs(inline.text, inline.bold, inline.italic, unbroken=unbroken))
            elif isinstance(inline, AnnexRef):
                out.append(x.hyperlink(bookmark_name("annex", inline.key), [x.run(inline.text)]))
            elif isinstance(inline, ArticleRef):
                out.append(x.hyperlink(bookmark_name("article", inline.clause_id), [x.run(inline.text)]))
        return out
