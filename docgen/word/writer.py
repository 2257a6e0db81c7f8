"""Writing a document tree to a Word file, on top of the base template's styles."""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from lxml import etree

from docgen.model.errors import DocgenError
from docgen.model.frenchtext import date_fr, typography
from docgen.model.tree import (
    AnnexRef,
    ArticleRef,
    Block,
    BulletList,
    Cell,
    Document,
    Heading,
    Inline,
    Paragraph,
    Section,
    Table,
    Text,
    Tracked,
    bookmark_name,
)
from docgen.resources import resource
from docgen.word import wml as x

TEMPLATE = "templates/docx/convention.docx"  # see docgen.resources

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
}

_AFTER_UPDATE_FIELDS = frozenset(
    qn(f"w:{name}")
    for name in (
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )
) | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}

NUMBERS = {1: "un", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit"}
SIGNATURE_COLUMNS = 3


def render_docx(document: Document, template: Path | None = None) -> bytes:
    """The .docx bytes of `document`; the same tree always gives the same bytes."""
    template = resource(TEMPLATE) if template is None else template
    try:
        word = docx.Document(str(template))
    except Exception as exc:  # python-docx raises several unrelated types on a bad template
        raise DocgenError(f"modèle Word illisible ({exc})", template) from None
    writer = _Writer(word, template)
    writer.write(document)
    return _archive(word.part.package)


# 1980-01-01, the earliest date a zip entry can carry: fixed, so that builds are reproducible.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class _FixedTimeZip:
    """python-docx's physical package writer interface, with fixed entry dates and modes."""

    def __init__(self, stream: io.BytesIO) -> None:
        self.zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:  # type: ignore[no-untyped-def]
        entry = zipfile.ZipInfo(pack_uri.membername, ZIP_EPOCH)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self.zip.writestr(entry, blob)

    def close(self) -> None:
        self.zip.close()


def _archive(package) -> bytes:  # type: ignore[no-untyped-def]
    """The package as .docx bytes, written once, deterministically.

    Mirrors `OpcPackage.save`/`PackageWriter.write` (python-docx 1.x) with our own zip writer,
    instead of saving then rewriting the archive to fix its timestamps.
    """
    parts = package.parts
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    writer = _FixedTimeZip(buffer)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return buffer.getvalue()


class _Writer:
    def __init__(self, word: docx.document.Document, template: Path) -> None:
        self.word = word
        self.body = word.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))
        for child in list(self.body):
            if child is not self.sect_pr:
                self.body.remove(child)
        self.style_ids = {}
        for role, name in STYLES.items():
            try:
                self.style_ids[role] = word.styles[name].style_id
            except KeyError:
                raise DocgenError(f"style Word «\u00a0{name}\u00a0» absent du modèle", template) from None
        self.bookmark_id = 0
        section = word.sections[0]
        self.portrait_width_cm = (section.page_width - section.left_margin - section.right_margin) / 360000
        self.landscape_width_cm = (section.page_height - section.left_margin - section.right_margin) / 360000
        self.text_width_cm = self.portrait_width_cm
        self.after_section_break = False
        self.revision = 1
        self.revision_date = ""

    # -- document parts -------------------------------------------------------------------
    def write(self, d: Document) -> None:
        self.revision_date = f"{d.date.isoformat()}T00:00:00Z" if d.date else "2000-01-01T00:00:00Z"
        self._metadata(d)
        self._header(d)
        self._cover(d)
        self._parties(d)
        self._sommaire(d)
        self._blocks(d.visas, role="visa")
        self._section(d.preamble)
        for article in d.articles:
            self._section(article)
        self._signature(d)
        for annex in d.annexes:
            self._section(annex, page_break=True)
        self._ask_word_to_update_fields()

    def _ask_word_to_update_fields(self) -> None:
        """Set `w:updateFields` so that Word fills the sommaire's page numbers on opening.

        The settings part has a fixed element order (ECMA-376 CT_Settings): the element goes
        before the first sibling that must follow it, or Word reports the file as damaged.
        """
        settings = self.word.settings.element
        flag = x.el("w:updateFields", {"val": "true"})
        follower = next((child for child in settings if child.tag in _AFTER_UPDATE_FIELDS), None)
        if follower is None:
            settings.append(flag)
        else:
            follower.addprevious(flag)

    def _metadata(self, d: Document) -> None:
        props = self.word.core_properties
        moment = dt.datetime.combine(d.date, dt.time(9, 0))
        props.title = f"{d.title} – {d.territory}"
        props.subject = d.subtitle
        props.author = props.last_modified_by = "docgen"
        props.keywords = f"CTG; {d.model_id}"
        props.created = props.modified = moment
        props.last_printed = moment
        props.revision = 1

    def _header(self, d: Document) -> None:
        header = self.word.sections[0].header
        p = header.paragraphs[0]
        for child in list(p._p):
            if child.tag != qn("w:pPr"):
                p._p.remove(child)
        p._p.append(x.run(typography(f"{d.title} – {d.territory}")))

    def _add(self, element: etree._Element, tracked: str | None = None) -> etree._Element:
        if tracked:
            self.revision = x.track(element, tracked, self.revision, self.revision_date)
        self.sect_pr.addprevious(element)
        return element

    def _p(self, role: str, inlines: tuple[Inline, ...] | str, **kw) -> etree._Element:
        runs = [x.run(inlines)] if isinstance(inlines, str) else self._runs(inlines)
        return x.paragraph(self.style_ids[role], runs, **kw)

    def _cover(self, d: Document) -> None:
        self._add(self._p("title", d.title))
        self._add(self._p("subtitle", d.cover_lines[0]))
        self._add(self._p("subtitle", d.subtitle))
        for line in d.cover_lines[1:]:
            self._add(self._p("cover", line))

    def _parties(self, d: Document) -> None:
        self._add(self._p("body", "Entre\u00a0:", page_break_before=True))
        for i, party in enumerate(d.parties):
            last = i == len(d.parties) - 1
            mark = party.tracked
            self._add(self._p("party", party.name + ","), mark)
            self._add(self._p("body", party.representation + "\u00a0;"), mark)
            named = "dénommée" if party.feminine else "dénommé"
            end = "." if last else "\u00a0;"
            self._add(self._p("body", f"ci-après {named} «\u00a0{party.short_name}\u00a0»{end}"), mark)
            if not last:
                self._add(self._p("center", "et"), mark)
        self._add(self._p("body", (Text("Il est convenu et arrêté ce qui suit\u00a0:", bold=True),)))

    def _sommaire(self, d: Document) -> None:
        self._add(self._p("toc_title", "Sommaire", page_break_before=True))
        sections = [s for s in d.sections if s.tracked != "deleted"]
        for section in sections:
            runs: list[etree._Element] = []
            entry = [
                x.run(f"{section.label}\u00a0:\t{section.title}\t"),
                *x.field_runs(f"PAGEREF {section.bookmark} \\h"),
            ]
            runs.append(x.hyperlink(section.bookmark, entry))
            self._add(x.paragraph(self.style_ids["toc"], runs))
        self._add(x.paragraph(self.style_ids["body"], [x.page_break_run()]))

    def _section(self, section: Section, page_break: bool = False) -> None:
        if section.wide:
            self._section_break(landscape=False)
        page_break = page_break and not self.after_section_break
        heading = self._p("heading1", f"{section.label}\u00a0: {section.title}", page_break_before=page_break)
        self.after_section_break = False
        if section.tracked != "deleted":
            self.bookmark_id += 1
            heading = x.bookmarked(heading, section.bookmark, self.bookmark_id)
        self._add(heading, section.tracked)
        self._blocks(section.blocks)
        if section.wide:
            self._section_break(landscape=True)

    def _section_break(self, landscape: bool) -> None:
        """End the current Word section (its pages portrait or landscape); the next starts a page."""
        sect = copy.deepcopy(self.sect_pr)
        size = sect.find(qn("w:pgSz"))
        width, height = size.get(qn("w:w")), size.get(qn("w:h"))
        if landscape:
            size.set(qn("w:w"), height)
            size.set(qn("w:h"), width)
            size.set(qn("w:orient"), "landscape")
        self._add(x.el("w:p", children=[x.el("w:pPr", children=[sect])]))
        self.text_width_cm = self.portrait_width_cm if landscape else self.landscape_width_cm
        self.after_section_break = True

    def _signature(self, d: Document) -> None:
        s = d.signature
        originals = NUMBERS.get(s.originals, str(s.originals))
        self._add(
            self._p(
                "body",
                typography(f"Fait à {s.place}, le {date_fr(s.date)}, en {originals} exemplaires originaux."),
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
        width = self.text_width_cm / columns
        rows = []
        for start in range(0, len(slots), columns):
            cells = []
            for slot in slots[start : start + columns]:
                paras = []
                for person in slot:
                    block = [
                        self._p("signature", (Text(person.party, bold=True),)),
                        self._p("signature", person.function),
                        self._p("signature", person.name),
                        *(self._p("signature", "") for _ in range(4)),
                    ]
                    if person.tracked:
                        for p in block:
                            self.revision = x.track(p, person.tracked, self.revision, self.revision_date)
                    paras += block
                cells.append(x.table_cell(width, paras))
            while len(cells) < columns:
                cells.append(x.table_cell(width, [self._p("signature", "")]))
            rows.append(x.table_row(cells))
        self._add(x.table([width] * columns, rows, borders=False))

    # -- blocks ---------------------------------------------------------------------------
    def _blocks(self, blocks: tuple[Block, ...], role: str = "body") -> None:
        for element in self._block_elements(blocks, role):
            self._add(element)

    def _block_elements(self, blocks: tuple[Block, ...], role: str, in_cell: bool = False) -> list[etree._Element]:
        out: list[etree._Element] = []
        for block in blocks:
            if isinstance(block, Tracked):
                for element in self._block_elements((block.block,), role, in_cell):
                    self.revision = x.track(element, block.status, self.revision, self.revision_date)
                    out.append(element)
            elif isinstance(block, Paragraph):
                style = "cell" if in_cell else (role if block.style == "body" else block.style)
                out.append(self._p(style if style in self.style_ids else "body", block.inlines))
            elif isinstance(block, BulletList):
                for item in block.items:
                    style = "cell_bullet" if in_cell else f"bullet{min(item.level, 1)}"
                    out.append(self._p(style, item.inlines))
            elif isinstance(block, Heading):
                out.append(self._p(f"heading{block.level}", block.text, keep_next=True))
            elif isinstance(block, Table):
                out.append(self._table(block))
        return out

    def _table(self, t: Table) -> etree._Element:
        total = sum(t.widths)
        widths = [w / total * self.text_width_cm for w in t.widths]
        rows = [x.table_row(self._cells(r, widths), header=True) for r in t.header]
        rows += [x.table_row(self._cells(r, widths)) for r in t.rows]
        return x.table(widths, rows)

    def _cells(self, row: tuple[Cell, ...], widths: list[float]) -> list[etree._Element]:
        out = []
        column = 0
        for cell in row:
            width = sum(widths[column : column + cell.span])
            column += cell.span
            if cell.merge == "continue":
                paras = [x.paragraph(self.style_ids["cell"])]
            else:
                paras = self._block_elements(cell.blocks, "cell", in_cell=True) or [x.paragraph(self.style_ids["cell"])]
            out.append(x.table_cell(width, paras, span=cell.span, merge=cell.merge, shade=cell.shade))
        return out

    def _runs(self, inlines: tuple[Inline, ...]) -> list[etree._Element]:
        out: list[etree._Element] = []
        for inline in inlines:
            if isinstance(inline, Text):
                out.append(x.run(inline.text, inline.bold, inline.italic))
            elif isinstance(inline, AnnexRef):
                out.append(x.hyperlink(bookmark_name("annex", inline.key), [x.run(inline.text)]))
            elif isinstance(inline, ArticleRef):
                out.append(x.hyperlink(bookmark_name("article", inline.clause_id), [x.run(inline.text)]))
        return out
