"""Writing a document tree to a Word file, on top of the base template's styles.

The writer lays out the document's parts in order (cover, parties, sommaire, visas, articles,
signature, annexes) and the page sections around wide annexes; `blocks` renders their contents,
`package` the properties and the archive.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from docgen.model.errors import DocgenError
from docgen.model.frenchtext import date_fr, typography
from docgen.model.tree import (
    Block,
    Document,
    Section,
    Text,
    built_date,
    built_preamble,
    built_signature,
    signature_date,
)
from docgen.resources import resource
from docgen.word import wml as x
from docgen.word.blocks import BlockRenderer
from docgen.word.package import archive, ask_word_to_update_fields, rewritten, set_compatibility_mode, set_metadata

TEMPLATE = "templates/docx/convention.docx"  # see docgen.resources

NUMBERS = {1: "un", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit"}
SIGNATURE_COLUMNS = 3


# Word's table of contents: first-level headings (articles and annexes, as the national models'
# sommaires list them; sub-headings of the préambule and annexes would double its length),
# entries as links, no page number in web view, outline levels of the heading styles.
TOC_FIELD = 'TOC \\o "1-1" \\h \\z \\u'
FIGURES_FIELD = 'TOC \\h \\z \\c "Figure"'  # Word's table of figures: the captions' SEQ Figure fields


def render_docx(
    document: Document,
    template: Path | None = None,
    pages: Mapping[str, int] | None = None,
    layout: bool = False,
    continued: frozenset[str] = frozenset(),
) -> bytes:
    """The .docx bytes of `document`; the same tree always gives the same bytes.

    The sommaire is a Word table of contents (a TOC field of the first-level headings, each entry
    a link and a PAGEREF field), in the current compatibility mode. `pages`: the page of each
    section, by bookmark, from LibreOffice's layout of the same document; the table then states
    them and Word has nothing to update. Without them, Word is asked to fill it in on opening.

    `layout`: the variant LibreOffice lays out to make the PDF: the same text, but no TOC field
    around the entries and the compatibility mode of Word 2010, in which LibreOffice computes the
    PAGEREF numbers itself (it shows a TOC field's cached result, and in mode 15 PAGEREF's). Its
    merged tables' rows are bookmarked, so that the PDF tells the page each row is on. Only
    LibreOffice reads it: its archive is not compressed.

    `continued`: the rows of merged tables that start a page of that layout (`row_bookmark`):
    their merged cells are labelled again « … (suite) ».
    """
    word, _ = _written(document, template, pages or {}, layout, continued)
    return archive(word.part.package, compressed=not layout)


def render_for_pdf(document: Document, template: Path | None = None) -> tuple[bytes, bytes]:
    """The layout variant of `document` (`render_docx(layout=True)`) and the .docx delivered with
    its PDF, whose sommaire's page numbers `with_pages` fills in (and compresses) once LibreOffice
    has laid the variant out: one writing of the tree for both (the second is the first, its rows'
    bookmarks taken out, its tables of contents in their fields, in the current compatibility mode)."""
    word, writer = _written(document, template, {}, True, frozenset())
    layout = archive(word.part.package, compressed=False)  # as `render_docx` does
    writer.deliverable()
    return layout, archive(word.part.package, compressed=False)


# Where a page number of `render_for_pdf`'s deliverable goes: its bookmark between two C1 control
# characters, which XML allows and YAML does not (no text of the data or of the library has them).
PAGE_TOKEN = "\x9e{}\x9f"
_PAGE_TOKEN_RE = re.compile(PAGE_TOKEN.format("([^<\x9e\x9f]*)").encode())


def with_pages(deliverable: bytes, pages: Mapping[str, int]) -> bytes:
    """`render_for_pdf`'s deliverable with the page of each bookmark in its tables of contents:
    the bytes of `render_docx(document, pages=pages)`. `pages` gives them all."""

    def page(match: re.Match[bytes]) -> bytes:
        return str(pages[match.group(1).decode()]).encode()

    return rewritten(deliverable, {"word/document.xml": lambda xml: _PAGE_TOKEN_RE.sub(page, xml)})


def _written(
    document: Document, template: Path | None, pages: Mapping[str, int], layout: bool, continued: frozenset[str]
) -> tuple[docx.document.Document, _Writer]:
    template = resource(TEMPLATE) if template is None else template
    try:
        word = docx.Document(str(template))
    except Exception as exc:  # python-docx raises several unrelated types on a bad template
        raise DocgenError(f"modèle Word illisible ({exc})", template) from None
    writer = _Writer(word, template, pages, layout)
    writer.blocks.mark_rows, writer.blocks.continued = layout, continued
    writer.write(document)
    return word, writer


def _in_field(first: etree._Element, last: etree._Element, field: str) -> None:
    """Put the entries from paragraph `first` to `last` in the complex field `field` (a TOC)."""
    link = first.find(qn("w:hyperlink"))
    assert link is not None  # every entry is a link (`_Writer._contents`)
    for r in x.field_start(field):
        link.addprevious(r)
    last.append(x.field_end())


def _page_size(word: docx.document.Document, template: Path) -> tuple[int, int, int]:
    """Page width, page height and left plus right margins (EMU) of the template's first section."""
    section = word.sections[0]
    width, height = section.page_width, section.page_height
    left, right = section.left_margin, section.right_margin
    if width is None or height is None or left is None or right is None:
        raise DocgenError("modèle Word sans format de page ou sans marges", template)
    return width, height, left + right


class _Writer:
    """Places the document's parts in the template's body, one after the other."""

    def __init__(self, word: docx.document.Document, template: Path, pages: Mapping[str, int], layout: bool) -> None:
        self.word = word
        self.pages, self.layout = pages, layout
        self.body = word.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))
        for child in list(self.body):
            if child is not self.sect_pr:
                self.body.remove(child)
        width, height, margins = _page_size(word, template)
        self.portrait_width_cm = (width - margins) / 360000
        self.landscape_width_cm = (height - margins) / 360000
        self.blocks = BlockRenderer(word, template, self.portrait_width_cm)
        self.bookmark_id = 0
        self.after_section_break = False
        # In the layout variant: the tables of contents to put in their fields (first and last
        # entries, field), and the end of each entry's PAGEREF field with its bookmark (`deliverable`).
        self.fields: list[tuple[etree._Element, etree._Element, str]] = []
        self.refs: list[tuple[etree._Element, str]] = []

    def write(self, d: Document) -> None:
        self.blocks.revision_date = f"{built_date(d).isoformat()}T00:00:00Z"
        self.blocks.merged = {id(t): i for i, t in enumerate(d.merged_tables)}
        set_metadata(self.word, d)
        self._header(d)
        self._cover(d)
        self._parties(d)
        self._sommaire(d)
        self._body_blocks(d.visas, role="visa")
        self._section(built_preamble(d))
        for article in d.articles:
            self._section(article)
        self._signature(d)
        self._body_blocks(d.after_signature)
        for annex in d.annexes:
            self._section(annex, page_break=True)
        x.number_drawings(self.body)
        set_compatibility_mode(self.word, 14 if self.layout else 15)
        if not self.pages and not self.layout:
            ask_word_to_update_fields(self.word)

    def _header(self, d: Document) -> None:
        header = self.word.sections[0].header
        p = header.paragraphs[0]
        for child in list(p._p):
            if child.tag != qn("w:pPr"):
                p._p.remove(child)
        p._p.append(x.run(typography(f"{d.title} – {d.territory}"), unbroken=True))

    def _add(self, element: etree._Element, tracked: str | None = None) -> etree._Element:
        if tracked:
            self.blocks.track(element, tracked)
        self.sect_pr.addprevious(element)
        return element

    def _body_blocks(self, blocks: tuple[Block, ...], role: str = "body") -> None:
        for element in self.blocks.elements(blocks, role):
            self._add(element)

    def _cover(self, d: Document) -> None:
        if d.cover is not None:
            from docgen.word.cover import cover_elements  # docxtpl: only for a convention's cover

            for element in cover_elements(d.cover, self.word):
                self._add(element)
            for line in d.cover.notes:
                self._add(self.blocks.p("cover", line, unbroken=True))
            return
        p = self.blocks.p
        self._add(p("title", d.title, unbroken=True))
        self._add(p("subtitle", d.cover_lines[0], unbroken=True))
        self._add(p("subtitle", d.subtitle))
        for line in d.cover_lines[1:]:
            self._add(p("cover", line, unbroken=True))

    def _parties(self, d: Document) -> None:
        p = self.blocks.p
        self._add(p("body", "Entre\u00a0:", page_break_before=True))
        # In a redline, a party's closing punctuation and the « et » after it depend on the parties
        # that follow it in the signed text (old) and in the consolidated text (new).
        new = [party.tracked != "deleted" for party in d.parties]
        old = [party.tracked != "inserted" for party in d.parties]
        for i, party in enumerate(d.parties):
            mark = party.tracked
            self._add(p("party", party.name + ","), mark)
            representation = (*party.marked, Text("\u00a0;")) if party.marked else party.representation + "\u00a0;"
            self._add(p("body", representation), mark)
            named = "dénommée" if party.feminine else "dénommé"
            end_new, end_old = ("\u00a0;" if any(view[i + 1 :]) else "." for view in (new, old))
            if mark or end_new == end_old:
                end: tuple[Text, ...] = (Text(end_new if mark != "deleted" else end_old),)
            else:
                end = (Text(end_old, tracked="deleted"), Text(end_new, tracked="inserted"))
            self._add(p("body", (Text(f"ci-après {named} «\u00a0{party.short_name}\u00a0»"), *end)), mark)
            and_new, and_old = (view[i] and any(view[i + 1 :]) for view in (new, old))
            if and_new or and_old:
                status = None if and_new and and_old else ("inserted" if and_new else "deleted")
                self._add(p("center", "et"), status)
        self._add(p("body", (Text("Il est convenu et arrêté ce qui suit\u00a0:", bold=True),)))

    def _sommaire(self, d: Document) -> None:
        self._add(self.blocks.p("toc_title", "Sommaire", page_break_before=True))
        sections = [s for s in d.sections if s.tracked != "deleted"]
        entries = [([x.run(f"{s.label}\u00a0:\t{s.title}\t")], s.bookmark) for s in sections]
        self._contents(entries, self.blocks.style_ids["toc"], TOC_FIELD)
        self._figures_table(d)
        self._add(x.paragraph(self.blocks.style_ids["body"], [x.page_break_run()]))

    def _figures_table(self, d: Document) -> None:
        """Word's table of figures (a TOC field of the « Figure » captions), below the sommaire."""
        if not d.figures:
            return
        self._add(self.blocks.p("toc_title", "Table des figures"))
        entries = [(x.text_runs(f"{f.text}\t"), f.bookmark) for f in d.figures]
        self._contents(entries, self.blocks.style_ids["figures_toc"], FIGURES_FIELD)

    def _contents(self, entries: list[tuple[list[etree._Element], str]], style_id: str, field: str) -> None:
        """A table of contents: each entry (its runs, the bookmark it points to) a link ending on a
        PAGEREF field of its page, all in the TOC field `field` but in the layout variant."""
        paragraphs = []
        for runs, bookmark in entries:
            page = self.pages.get(bookmark)
            ref = x.field_runs(f"PAGEREF {bookmark} \\h", str(page) if page else "")
            paragraphs.append(self._add(x.paragraph(style_id, [x.hyperlink(bookmark, [*runs, *ref])])))
            self.refs.append((ref[-1], bookmark))
        if not paragraphs:
            return
        if self.layout:
            self.fields.append((paragraphs[0], paragraphs[-1], field))
        else:
            _in_field(paragraphs[0], paragraphs[-1], field)

    def deliverable(self) -> None:
        """Make the layout variant just written the .docx delivered with the PDF, its page numbers
        tokens for `with_pages`: the tree `render_docx(pages=…)` writes."""
        for first, last, field in self.fields:
            _in_field(first, last, field)
        for end, bookmark in self.refs:
            end.addprevious(x.run(PAGE_TOKEN.format(bookmark)))
        self.blocks.unmark_rows()
        set_compatibility_mode(self.word, 15)

    def _section(self, section: Section, page_break: bool = False) -> None:
        if section.wide:
            self._section_break(landscape=False)
        page_break = page_break and not self.after_section_break
        heading = self.blocks.p("heading1", f"{section.label}\u00a0: {section.title}", page_break_before=page_break)
        self.after_section_break = False
        if section.tracked != "deleted":
            self.bookmark_id += 1
            heading = x.bookmarked(heading, section.bookmark, self.bookmark_id)
        self._add(heading, section.tracked)
        self._body_blocks(section.blocks)
        if section.wide:
            self._section_break(landscape=True)

    def _section_break(self, landscape: bool) -> None:
        """End the current Word section (its pages portrait or landscape); the next starts a page."""
        sect = copy.deepcopy(self.sect_pr)
        # only the first section, which opens on the cover, has a first page without header
        for title_page in self.sect_pr.findall(qn("w:titlePg")):
            self.sect_pr.remove(title_page)
        size = sect.find(qn("w:pgSz"))
        width, height = size.get(qn("w:w")), size.get(qn("w:h"))
        if landscape:
            size.set(qn("w:w"), height)
            size.set(qn("w:h"), width)
            size.set(qn("w:orient"), "landscape")
        self._add(x.el("w:p", children=[x.el("w:pPr", children=[sect])]))
        self.blocks.text_width_cm = self.portrait_width_cm if landscape else self.landscape_width_cm
        self.after_section_break = True

    def _signature(self, d: Document) -> None:
        s = built_signature(d)
        p = self.blocks.p
        before = self.sect_pr.getprevious()
        if before is not None and before.tag == qn("w:p"):
            x.keep_with_next(before)  # the signatures never start a page alone
        originals = NUMBERS.get(s.originals, str(s.originals))
        self._add(
            p(
                "body",
                typography(f"Fait à {s.place}, le {date_fr(signature_date(d))}, en {originals} exemplaires originaux."),
                keep_next=True,
            )
        )
        # In a redline, a deleted signatory shares the cell of the one that follows (its replacement),
        # so that accepting the changes leaves exactly the consolidated columns.
        slots: list[list] = []
        pending: list = []
        for person in s.signatories:
            if person.tracked == "deleted":
                pending.append(person)
            else:
                slots.append([*pending, person])
                pending = []
        if pending:  # deleted signatories at the end join the last cell
            if slots:
                slots[-1].extend(pending)
            else:
                slots.append(pending)
        columns = min(SIGNATURE_COLUMNS, len(slots))
        width = self.blocks.text_width_cm / columns
        rows = []
        for start in range(0, len(slots), columns):
            cells = []
            for slot in slots[start : start + columns]:
                paras = []
                for person in slot:
                    block = [
                        p("signature", (Text(person.party, bold=True),), unbroken=True),
                        p("signature", person.function),
                        p("signature", person.name, unbroken=True),
                        *(p("signature", "") for _ in range(4)),
                    ]
                    if person.tracked:
                        for para in block:
                            self.blocks.track(para, person.tracked)
                    paras += block
                cells.append(x.table_cell(width, paras))
            while len(cells) < columns:
                cells.append(x.table_cell(width, [p("signature", "")]))
            rows.append(x.table_row(cells))
        for row in rows[:-1]:  # the whole block on one page: each row kept with the next
            for para in row.iter(qn("w:p")):
                x.keep_with_next(para)
        self._add(x.table([width] * columns, rows, borders=False))
