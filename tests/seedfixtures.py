"""Two real conventions from ``shared/seeds/`` as Word drafts typed by a commune: fixtures for the checker.

Only the seeds' markup becomes Word formatting (bold and italic runs, heading styles or bold title
lines, bullet styles, tables, page breaks, the préfecture's ACTES stamp moved to the page header);
the words, including the seeds' real defects, stay exactly as in the seeds.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

METZ_START = "# **CONVENTION TERRITORIALE GLOBALE DE SERVICES AUX FAMILLES**"
STAMP_TITLE = "CONVENTION TERRITORIALE GLOBALE (CTG) DE SERVICES AUX FAMILLES"
STAMP_LINE = re.compile(r"Envoyé en préfecture le \S+|Reçu en préfecture le \S+|Publié le|SLOW|ID : [\w-]+")
RULE = re.compile(r"\s*-{3,}\s*")  # markdown rules and table separator cells
TOC = re.compile(r"(Article|Annexe) [^\t]*:\t")  # sommaire entry: "Article 1 :<TAB>Objet…<TAB>7"
HEADING = re.compile(r"(#{1,4}) +(.*)")
BULLET = re.compile(r"(?P<indent> *)(?P<mark>\**)(?:- (?:[▪✓➤] ?|o )?|[▪✓➤] ?)(?P<rest>.*)")
MARKUP = re.compile(r"(\*\*\*|\*\*|\*|</?b>|</?strong>|\^\{[^}]*\})")
ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
HTML_TAG = re.compile(r"</?(p|b|strong|ul|li|table|tr|td|br)\b", re.IGNORECASE)
ACTION_NO = re.compile(r"\d+\.\d+")
LIST_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
TABLE_FONT = Pt(9)
PLAN_WIDTHS = (2.2, 2.4, 1.8, 0.9, 3.2, 1.5, 2.5, 2.5)  # cm, the 17 cm between A4 margins


@dataclass
class Block:
    """A run of seed lines that becomes one Word element: para, bullet, heading, toc entry or table."""

    kind: str
    lines: list[str] = field(default_factory=list)
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Profile:
    """How a commune typed its draft: bold title lines, centred lines, page breaks, sommaire tab stops."""

    title: re.Pattern[str] | None
    centred: re.Pattern[str] | None
    page_break: re.Pattern[str]
    leader: WD_TAB_LEADER
    author: str
    doc_title: str


SAINT_JEAN = Profile(
    title=re.compile(r"(PREAMBULE|ARTICLE \d+ - |ANNEXE \d|Sommaire$)"),
    centred=re.compile(r"(CONVENTION TERRITORIALE GLOBALE|Du \d\d/\d\d/\d{4} au|PREAMBULE$|Sommaire$)"),
    page_break=re.compile(
        r"(CONVENTION TERRITORIALE GLOBALE$|Sommaire$|Vu les articles L\. 263-1|PREAMBULE$|ANNEXE \d)"
    ),
    leader=WD_TAB_LEADER.DOTS,
    author="Mairie de Saint-Jean-de-la-Ruelle",
    doc_title="Convention territoriale globale 2022-2025 - Saint-Jean-de-la-Ruelle",
)
METZ = Profile(
    title=None,
    centred=re.compile(r"CONVENTION TERRITORIALE GLOBALE DE SERVICES AUX FAMILLES$"),
    page_break=re.compile(r"(Sommaire$|Vu les articles L\. 263-1|Article préliminaire|Annexe \d+ :)"),
    leader=WD_TAB_LEADER.SPACES,
    author="Ville de Metz",
    doc_title="Convention territoriale globale de services aux familles - Metz",
)


@cache
def saint_jean_docx() -> bytes:
    """The Saint-Jean-de-la-Ruelle CTG 2022-2025 (seed 004, whole file) as a commune's .docx draft."""
    lines = _seed_lines("004_")
    stamp = [s for s in (line.strip() for line in lines[:20]) if STAMP_LINE.fullmatch(s)]
    doc = _new_document(SAINT_JEAN)
    _stamp_header(doc, stamp)
    _render(doc, _blocks(_unstamp(lines)), SAINT_JEAN)
    return _save(doc)


@cache
def metz_docx() -> bytes:
    """The Metz CTG 2016 (seed 000, from its CTG title to the end) as a commune's .docx draft."""
    lines = _seed_lines("000_")
    start = next(k for k, line in enumerate(lines) if line.strip() == METZ_START)
    doc = _new_document(METZ)
    _render(doc, _blocks(lines[start:], tables_span_blanks=True), METZ)
    return _save(doc)


def _seed_lines(prefix: str) -> list[str]:
    """The lines of the seed file whose name starts with `prefix`, HTML entities decoded."""
    found = sorted(SEEDS_DIR.glob(f"{prefix}*.txt"))
    if not found:
        raise FileNotFoundError(f"seed {prefix}*.txt not found in {SEEDS_DIR} (shared/ must sit beside the repository)")
    path = found[0]
    text = ENTITY.sub(lambda m: html.unescape(m.group(0)), path.read_text(encoding="utf-8"))
    return text.splitlines()


def _unstamp(lines: list[str]) -> list[str]:
    """The lines without the ACTES stamp blocks (page furniture); a table cut by a stamp is joined again."""
    out: list[str] = []
    k = 0
    while k < len(lines):
        if not _is_stamp(lines[k]):
            out.append(lines[k])
            k += 1
            continue
        while k < len(lines) and (not lines[k].strip() or _is_stamp(lines[k])):
            k += 1
        while out and not out[-1].strip():
            out.pop()
        if not (out and "\t" in out[-1] and k < len(lines) and "\t" in lines[k]):
            out.append("")
    return out


def _is_stamp(line: str) -> bool:
    """Whether the line belongs to a préfecture stamp block (its running title or a stamp line)."""
    return line.strip() == STAMP_TITLE or bool(STAMP_LINE.fullmatch(line.strip()))


def _blocks(lines: list[str], tables_span_blanks: bool = False) -> list[Block]:
    """The blocks of the seed text: blank lines end paragraphs; consecutive TAB lines form a table."""
    blocks: list[Block] = []
    current: Block | None = None
    for k, line in enumerate(lines):
        if not line.strip() or RULE.fullmatch(line):
            if not (tables_span_blanks and current and current.kind == "table" and _row_follows(lines, k)):
                current = None
        elif TOC.match(line):
            blocks.append(Block("toc", [line]))
            current = None
        elif "\t" in line:
            cells = line.split("\t")
            if all(RULE.fullmatch(c) or not c.strip() for c in cells):
                continue
            if current is None or current.kind != "table":
                current = Block("table")
                blocks.append(current)
            current.rows.append(cells)
        elif heading := HEADING.fullmatch(line):
            blocks.append(Block("heading", [heading.group(2)], len(heading.group(1))))
            current = None
        elif bullet := BULLET.fullmatch(line):
            indent = len(bullet.group("indent"))
            level = 1 if indent == 0 else 2 if indent < 4 else 3
            current = Block("bullet", [bullet.group("mark") + bullet.group("rest")], level)
            blocks.append(current)
        elif current is not None and current.kind in ("para", "bullet"):
            current.lines.append(line)  # a wrapped line, or a bullet's lazy continuation
        else:
            current = Block("para", [line])
            blocks.append(current)
    return blocks


def _row_follows(lines: list[str], k: int) -> bool:
    """Whether the next non-blank line after line k is a table row."""
    for line in lines[k + 1 :]:
        if line.strip() and not RULE.fullmatch(line):
            return "\t" in line and not TOC.match(line)
    return False


def _join(lines: list[str]) -> str:
    """The lines of one paragraph: a mid-sentence wrap becomes a space, any other line end a line break."""
    text = lines[0].strip()
    for before, after in zip(lines, lines[1:], strict=False):
        tail, head = before.rstrip(), after.strip()
        soft = not before.endswith("  ") and tail[-1:] not in ".:;,!?)»" and head[:1].islower()
        text += (" " if soft else "\n") + head
    return text


def _plain(text: str) -> str:
    """The text without its inline markup."""
    return MARKUP.sub(lambda m: m.group(0)[2:-1] if m.group(0).startswith("^{") else "", text)


def _new_document(profile: Profile) -> Document:
    """An empty A4 document with the commune's fixed document properties."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    props = doc.core_properties
    props.author = props.last_modified_by = profile.author
    props.title = profile.doc_title
    props.created = props.modified = props.last_printed = datetime(2022, 12, 19, 9, 0, 0)
    props.revision = 1
    return doc


def _stamp_header(doc: Document, lines: list[str]) -> None:
    """The préfecture's ACTES stamp, in the page header so that it shows on every page."""
    header = doc.sections[0].header
    for k, text in enumerate(lines):
        paragraph = header.paragraphs[0] if k == 0 else header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(text).font.size = Pt(7)


def _render(doc: Document, blocks: list[Block], profile: Profile) -> None:
    """Write the blocks into the document body, formatted the way the profile's commune typed them."""
    for block in blocks:
        if block.kind == "table":
            _table(doc, block.rows)
            continue
        text = _join(block.lines)
        plain = _plain(text)
        if block.kind == "toc":
            paragraph = doc.add_paragraph()
            stops = paragraph.paragraph_format.tab_stops
            stops.add_tab_stop(Cm(3.5))
            stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT, profile.leader)
        elif block.kind == "heading":
            paragraph = doc.add_paragraph(style=f"Heading {block.level}")
        elif block.kind == "bullet":
            paragraph = doc.add_paragraph(style=LIST_STYLES[block.level - 1])
        else:
            paragraph = doc.add_paragraph()
        bold = block.kind == "para" and profile.title is not None and _is_title(plain, profile.title)
        _runs(paragraph, text, bold=bold)
        if block.kind in ("para", "heading") and profile.page_break.match(plain):
            paragraph.paragraph_format.page_break_before = True
        if block.kind in ("para", "heading") and profile.centred and profile.centred.match(plain):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _is_title(plain: str, pattern: re.Pattern[str]) -> bool:
    """Whether a paragraph is a title line typed all in bold (article, annex, slide title in capitals)."""
    capitals = any(c.isalpha() for c in plain) and plain == plain.upper() and len(plain) < 120
    return bool(pattern.match(plain)) or capitals


def _runs(paragraph: Paragraph, text: str, bold: bool = False, size: Pt | None = None) -> None:
    """Add the runs of `text`, turning **bold**, *italic*, <b>bold</b> and ^{sup} markup into formatting."""
    strong = italic = False
    for token in MARKUP.split(text):
        if token in ("***", "**", "*"):
            strong = not strong if token != "*" else strong
            italic = not italic if token != "**" else italic
        elif token.lower() in ("<b>", "<strong>", "</b>", "</strong>"):
            strong = not token.startswith("</")
        elif token:
            superscript = token.startswith("^{")
            run = paragraph.add_run(token[2:-1] if superscript else token)
            run.bold = True if strong or bold else None
            run.italic = True if italic else None
            run.font.superscript = True if superscript else None
            if size:
                run.font.size = size


def _table(doc: Document, rows: list[list[str]]) -> Table:
    """A bordered Word table of the rows (short rows padded); action-plan tables get their header layout."""
    plan = any(r and r[0].strip() == "Orientations" for r in rows)
    if plan:
        rows = [_plan_row(r) for r in rows]
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells + [""] * (width - len(cells)), strict=True):
            _fill_cell(cell, text.strip())
    if plan:
        _plan_layout(table, rows)
    return table


def _plan_row(cells: list[str]) -> list[str]:
    """An action-plan row with its action number in the 4th column (one seed row lost its first cells)."""
    cells = [c.strip() for c in cells]
    at = next((k for k, c in enumerate(cells) if ACTION_NO.fullmatch(c)), 3)
    if at == 3:
        return cells
    before = [c for c in cells[:at] if c]
    return [""] * (3 - len(before)) + before + [cells[at]] + (cells[at + 1 :] + [""] * 4)[:4]


def _plan_layout(table: Table, rows: list[list[str]]) -> None:
    """Column widths; merge a full-width title row, and "Actions" over the number and text columns of header rows."""
    for column, width in zip(table.columns, PLAN_WIDTHS, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    for row, cells in zip(table.rows, rows, strict=True):
        if cells[0] == "Orientations":
            row.cells[3].merge(row.cells[4])
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for run in (r for c in row.cells for p in c.paragraphs for r in p.runs):
                run.bold = True
        elif cells[0] and not any(cells[1:]):
            row.cells[0].merge(row.cells[-1])


def _fill_cell(cell: _Cell, text: str) -> None:
    """The cell's paragraphs: plain text, or the lines and list items of its HTML."""
    if not HTML_TAG.search(text):
        _runs(cell.paragraphs[0], text, size=TABLE_FONT)
        return
    parser = CellHTML()
    parser.feed(text)
    parser.close()
    for k, line in enumerate(parser.lines):
        style = LIST_STYLES[min(line.level, 3) - 1] if line.level else None
        paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        if style:
            paragraph.style = style
        if line.centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for chunk, strong in line.chunks:
            _runs(paragraph, chunk, bold=strong, size=TABLE_FONT)


@dataclass
class CellLine:
    """One paragraph of an HTML cell: (text, bold) chunks, list depth (0: not an item), centring."""

    level: int = 0
    centred: bool = False
    chunks: list[tuple[str, bool]] = field(default_factory=list)


class CellHTML(HTMLParser):
    """The lines of a seed's HTML table cell; an inner table's rows become lines, cells TAB-separated."""

    ITEM_GLYPH = re.compile(r"^\s*[-•○✓▪]\s+")
    SEPARATOR = re.compile(r"\s*(?:[•○]|- )\s*")  # items of a <ul> typed without <li>

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[CellLine] = []
        self.line: CellLine | None = None
        self.bold = 0
        self.depth = 0
        self.item_depth = 0
        self.new_item = False
        self.row_start = False

    def close(self) -> None:
        """Finish parsing, keeping the last line."""
        super().close()
        self._close()

    def _open(self, level: int = 0, centred: bool = False) -> None:
        """Start a new line, keeping the current one if it has text."""
        self._close()
        self.line = CellLine(level, centred)

    def _close(self) -> None:
        """Finish the current line: trim it, keep it if not blank."""
        line, self.line = self.line, None
        if line is None or not "".join(c for c, _ in line.chunks).strip():
            return
        chunks = [[c, b] for c, b in line.chunks]
        for k, chunk in enumerate(chunks):
            if chunk[0] == "\t":  # an inner table's cell boundary: no spaces around it
                if k:
                    chunks[k - 1][0] = chunks[k - 1][0].rstrip(" ")
                if k + 1 < len(chunks):
                    chunks[k + 1][0] = chunks[k + 1][0].lstrip(" ")
        text = "".join(c for c, _ in chunks)
        lead, tail = len(text) - len(text.lstrip()), len(text.rstrip())
        kept, at = [], 0
        for chunk, strong in chunks:
            start, end = max(lead - at, 0), min(tail - at, len(chunk))
            at += len(chunk)
            if start < end:
                kept.append((chunk[start:end], strong))
        line.chunks = kept
        self.lines.append(line)

    def _add(self, text: str) -> None:
        """Append text to the current line, opening one if needed."""
        if self.line is None:
            if not text.strip():
                return
            self.line = CellLine()
        self.line.chunks.append((text, self.bold > 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Paragraphs, list items and table rows start lines; <b> starts bold text."""
        values = " ".join(v or "" for _, v in attrs)
        if tag == "p":
            self._open(centred="center" in values)
        elif tag == "ul":
            self.depth += 1
            self._close()
        elif tag == "li":
            self.item_depth = self.depth
            self.new_item = True
            self._open(level=self.depth)
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag in ("table", "tr", "br"):
            self._close()
            self.row_start = True
        elif tag == "td":
            if not self.row_start:
                self._add("\t")
            self.row_start = False

    def handle_endtag(self, tag: str) -> None:
        """Closing a paragraph, item, list or row ends the line."""
        if tag in ("p", "li", "tr", "table"):
            self._close()
            if tag == "li":
                self.item_depth = self.depth - 1
        elif tag == "ul":
            self.depth -= 1
            self.item_depth = min(self.item_depth, self.depth)
            self._close()
        elif tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)

    def handle_data(self, data: str) -> None:
        """Text, whitespace collapsed; in a <ul> typed without <li>, each glyph starts an item."""
        text = re.sub(r"\s+", " ", data)
        if self.depth > self.item_depth:
            for k, piece in enumerate(self.SEPARATOR.split(text)):
                if k or self.line is None:
                    self._open(level=self.depth)
                self._add(piece)
            return
        if self.new_item and text.strip():
            text = self.ITEM_GLYPH.sub("", text)
            self.new_item = False
        self._add(text)


def _save(doc: Document) -> bytes:
    """The document as .docx bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def borderless(data: bytes) -> bytes:
    """The same .docx with every table's and cell's borders set to none, as many drafts have them."""
    doc = docx.Document(io.BytesIO(data))
    for tbl in doc.element.body.iter(qn("w:tbl")):
        _no_borders(tbl.find(qn("w:tblPr")), "w:tblBorders")
        for tc in tbl.iter(qn("w:tc")):
            _no_borders(tc.get_or_add_tcPr(), "w:tcBorders")
    return _save(doc)


def _no_borders(properties, tag: str) -> None:
    """Replace the borders element `tag` of table or cell properties by one with all sides nil."""
    old = properties.find(qn(tag))
    if old is not None:
        properties.remove(old)
    borders = OxmlElement(tag)
    for side in BORDER_SIDES:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    properties.append(borders)
