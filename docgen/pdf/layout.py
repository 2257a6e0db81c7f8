"""Layout of a PDF draft: words → lines → paragraphs and table cells → the block stream.

Pure Python over what the PDF reader extracted (words with position and font, tables rebuilt
from rulings), in reading coordinates: points, origin top-left, y downwards. Paragraphs come from
line spacing, alignment and fonts; running headers, footers and préfecture stamps are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from docgen.model.frenchtext import normalise
from docgen.model.rawblocks import RawBlock
from docgen.pdf.tables import Table, same_columns

HYPHEN = "\ufffe"  # pdfium's mark for a hyphen at the end of a line
SOFT_HYPHENS = ("\u00ad", "\x02")
BULLET_WORDS = set("•▪◦➤✓‣●○■□►➢❖✔∙·*-–—o")
BULLET_PREFIXES = "•▪◦➤✓‣●○■□►➢❖✔"
LEADERS = re.compile(r"(\.{4,}|…{2,}|(\. ){4,})\s*\d+$")  # a sommaire line: « Article 1 …… 6 »
PAGE_NUMBER = re.compile(r"^(page|p\.)\s*\d+\s*(/|sur|de)\s*\d+$", re.I)
FRACTION = re.compile(r"^\d+\s*(/|sur)\s*\d+$")
STAMP = re.compile(r"^(envoye en prefecture le|recu en prefecture le|publie le|affiche le|id\s*:\s*\d{3}-\d)")
ACTES_ID = re.compile(r"\b(?i:id)\s*:\s*(\d{3}-\d{6,9}-\d{8}-[A-Z0-9_]+-[A-Z]{2})\b")
MARGIN = 0.15  # share of the page height where running headers and footers live
REPEATED = 0.6  # share of the pages a header or footer line appears on


@dataclass(slots=True)
class Word:
    """A word: its text, left and right edges, baseline, font size and boldness."""

    text: str
    x0: float
    x1: float
    base: float
    size: float
    bold: bool
    top: float = 0.0
    bottom: float = 0.0
    tab: bool = False  # after a wide gap on its line (a tab stop): joined with « \t »

    def __post_init__(self) -> None:
        self.top = self.base - 0.8 * self.size
        self.bottom = self.base + 0.25 * self.size


@dataclass(eq=False)
class Line:
    """Words on one baseline, consecutive in the content stream (its properties are cached)."""

    words: list[Word]
    soft: bool = False  # continues the previous line after a wide gap (tab stop)
    broken: bool = False  # ends with a word cut at a narrow column's edge, continued below
    rotated: bool = False  # text written at an angle to the page (a stamp in the margin)
    box: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom of rotated text

    @property
    def x0(self) -> float:
        return self.box[0] if self.box else self.words[0].x0

    @property
    def x1(self) -> float:
        return self.box[2] if self.box else self.words[-1].x1

    @cached_property
    def top(self) -> float:
        return self.box[1] if self.box else min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return self.box[3] if self.box else max(w.bottom for w in self.words)

    @property
    def base(self) -> float:
        return self.words[0].base

    @cached_property
    def size(self) -> float:
        sizes: Counter = Counter()
        for w in self.words:
            sizes[w.size] += len(w.text)
        return sizes.most_common(1)[0][0]

    @cached_property
    def text(self) -> str:
        return join_words(self.words)

    @cached_property
    def bullet(self) -> bool:
        first = self.words[0].text
        if len(first) > 1:
            return first[0] in BULLET_PREFIXES
        if len(self.words) < 2 or not (first in BULLET_WORDS or _is_symbol(first)):
            return False
        # a dash before a number is a minus sign (« – 0,55 % »), not a bullet
        return first not in "-–—o" or self.words[1].text[:1].isalpha()

    def content(self) -> list[Word]:
        """Words after the bullet, if any."""
        if not self.bullet:
            return self.words
        first = self.words[0]
        if len(first.text) > 1 and first.text[0] in BULLET_PREFIXES:
            return [Word(first.text[1:], first.x0, first.x1, first.base, first.size, first.bold), *self.words[1:]]
        return self.words[1:]

    @cached_property
    def bold(self) -> bool:
        words = [w for w in self.content() if any(c.isalnum() for c in w.text)]
        return bool(words) and all(w.bold for w in words)


@dataclass(eq=False)
class Paragraph:
    """Lines joined into one paragraph or list item; `text` is cached once it is complete."""

    lines: list[Line]
    list_item: bool
    page: int = 0
    heading: int | None = None

    def extend(self, other: Paragraph) -> None:
        self.lines.extend(other.lines)
        self.__dict__.pop("text", None)

    @cached_property
    def text(self) -> str:
        out = ""
        for i, line in enumerate(self.lines):
            piece = join_words(line.content() if i == 0 and self.list_item else line.words)
            if out and piece and not self.lines[i - 1].broken:
                out = join_lines(out, piece)
            else:
                out += piece
        return _clean(out)

    @property
    def size(self) -> float:
        return self.lines[0].size

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].top


@dataclass(eq=False)
class Page:
    """What the reader found on a page: lines outside tables, tables with their words, raw text."""

    number: int
    width: float
    height: float
    lines: list[Line]
    tables: list[Table]
    text: str


# --- lines ---------------------------------------------------------------------------------------


def lines_of(words: list[Word]) -> list[Line]:
    """Upright words grouped into lines, in content-stream order."""
    lines: list[Line] = []
    for w in words:
        last = lines[-1].words[-1] if lines else None
        if last is not None and same_baseline(last, w) and w.x0 >= last.x1 - 0.3 * max(w.size, last.size):
            w.tab = w.x0 - last.x1 > 3 * max(w.size, last.size)
            if w.tab:
                lines.append(Line([w], soft=True))
            else:
                lines[-1].words.append(w)
            continue
        lines.append(Line([w]))
    return lines


def same_baseline(a: Word, b: Word) -> bool:
    if abs(a.base - b.base) <= 0.3 * max(a.size, b.size):
        return True
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.6 * min(a.bottom - a.top, b.bottom - b.top)  # superscripts, mixed sizes


def outside_tables(words: list[Word], tables: list[Table]) -> list[Word]:
    """The words not in a table; the others are added to their table cell."""
    if not tables:
        return words
    body = []
    for w in words:
        x, y = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        for table in tables:
            cell = table.cell_at(x, y)
            if cell is not None:
                table.words.setdefault(cell, []).append(w)
                break
        else:
            body.append(w)
    return body


def _rejoin_soft(lines: list[Line]) -> list[Line]:
    """Lines split at a tab stop joined back, once the furniture has been taken out of them."""
    out: list[Line] = []
    for line in lines:
        if line.soft and out and not out[-1].rotated and same_baseline(out[-1].words[-1], line.words[0]):
            out[-1] = Line(out[-1].words + line.words, out[-1].soft)
        else:
            out.append(line)
    return out


def join_words(words: list[Word]) -> str:
    out = ""
    for w in words:
        if out and not out.endswith((HYPHEN, *SOFT_HYPHENS)):
            out += "\t" if w.tab else " "
        out += w.text
    return out


def join_lines(before: str, after: str) -> str:
    """Two lines of one paragraph: a hyphen at the line end keeps the word whole."""
    if before.endswith(SOFT_HYPHENS):
        return before[:-1] + after
    if before.endswith(HYPHEN) or (before.endswith("-") and before[-2:-1].isalnum() and after[:1].isalnum()):
        return before.rstrip(HYPHEN + "-") + "-" + after
    return before + " " + after


def _clean(text: str) -> str:
    text = text.replace(HYPHEN, "-").replace("\u00ad", "").replace("\x02", "")
    return re.sub(r" +", " ", text).strip()


def _is_symbol(text: str) -> bool:
    """A lone character from a symbol font (Symbol, Wingdings): a bullet."""
    return len(text) == 1 and 0xF020 <= ord(text) <= 0xF0FF


# --- paragraphs ----------------------------------------------------------------------------------


def paragraphs(lines: list[Line], limits: dict[float, float]) -> list[Paragraph]:
    """Lines joined into paragraphs: same font, close below, overlapping horizontally."""
    paras: list[Paragraph] = []
    for line in sorted(lines, key=lambda ln: (round(ln.top, 0), ln.x0)):
        if line.rotated:
            paras.append(Paragraph([line], False))
            continue
        target = None
        if not line.bullet:
            # the last few paragraphs: side-by-side columns (signatures) are open at once
            target = next((p for p in reversed(paras[-8:]) if _continues(p, line, limits)), None)
        if target:
            target.lines.append(line)
        else:
            paras.append(Paragraph([line], line.bullet))
    return paras


def _continues(para: Paragraph, line: Line, limits: dict[float, float]) -> bool:
    last = para.lines[-1]
    if last.rotated or LEADERS.search(last.text):
        return False
    size = last.size
    if abs(line.size - size) > 0.6 or line.bold != last.bold:
        return False
    gap = line.base - last.base
    if not 0.5 * size < gap <= limits.get(round(size * 2) / 2, 1.5 * size):
        return False
    left = min(ln.x0 for ln in para.lines)
    right = max(ln.x1 for ln in para.lines)
    if line.x0 >= right or line.x1 <= left:
        return False
    if para.list_item:
        content = para.lines[0].content()
        if content and line.x0 < content[0].x0 - 0.5 * size:
            return False  # back at the bullet's margin: a paragraph after the list
    # a line ending short of the paragraph's right edge although the next word would fit: the end
    first = line.words[0]
    centred = abs((last.x0 - left) - (right - last.x1)) <= size and last.x0 > left + size
    return centred or last.x1 + 0.3 * size + (first.x1 - first.x0) >= right - 0.5 * size


def pitch_limits(pages: list[Page]) -> dict[float, float]:
    """Largest baseline distance inside a paragraph, per font size, learnt from wrapped lines."""
    pitches: dict[float, Counter] = {}
    for page in pages:
        upright = [ln for ln in page.lines if not ln.rotated]
        if not upright:
            continue
        right = max(ln.x1 for ln in upright)
        for a, b in zip(upright, upright[1:], strict=False):
            size = round(a.size * 2) / 2
            gap = b.base - a.base
            # a line reaching the right margin wraps: the next one belongs to the same paragraph
            if abs(a.size - b.size) < 0.3 and a.x1 >= right - 2 * a.size and 0.8 * size < gap < 3 * size:
                pitches.setdefault(size, Counter())[round(gap * 2) / 2] += 1
    limits = {}
    for size, counter in pitches.items():
        modal = counter.most_common(1)[0][0]
        limits[size] = min(max(1.15 * modal, 1.3 * size), 2.6 * size)
    return limits


def cell_text(words: list[Word], limits: dict[float, float], left: float, right: float) -> str:
    """A cell's text: its lines joined with spaces, paragraphs and list items on their own lines.

    `left` and `right` are the cell's borders: a word too long for a narrow column is cut at its
    edge (« Calend|rier », « 1.1|0 »), and joined back here.
    """
    lines = _rejoin_soft(lines_of(words))
    if lines:
        inner_right = right - max(min(ln.x0 for ln in lines) - left, 0.0)  # same padding both sides
        for line, below in zip(lines, lines[1:], strict=False):
            at_edge = len(line.words) == 1 and line.x1 >= inner_right - 0.65 * line.size
            line.broken = at_edge and _word_end(line.words[0].text, below.words[0].text)
    return "\n".join(t for t in (p.text for p in paragraphs(lines, limits)) if t)


# Short words that start a line on their own, rather than end the word cut above them.
_SHORT_WORDS = set(
    "a à afin aide ans au aux bien caf cas ce ces de des dès du en et ici il la le les leur lieu lors ne ni "
    "on or ou où par pas peu plus pour qu que qui sa se ses si son sur ta tous tout un une vie vos nos y".split()
)


def _word_end(cut: str, piece: str) -> bool:
    """Whether `piece`, first on its line, ends the word `cut` broken at a column's edge.

    Only a word wider than its column is cut; what is left of it is short: « Calend|rier »,
    « opérationnel|s », « 1.1|0 ». Short French words that often start a line are not taken.
    """
    bare = piece.rstrip(".,;:)»")
    if not 0 < len(bare) <= 4 or any(c in bare for c in "'’"):
        return False
    if bare[0].isdigit():
        return cut[-1:].isdigit()
    return cut[-1:].isalpha() and bare[0].islower() and bare.lower() not in _SHORT_WORDS


# --- the whole document --------------------------------------------------------------------------


def layout(pages: list[Page]) -> tuple[list[RawBlock], list[str]]:
    """The document's blocks in reading order, and the ACTES identifiers found on its pages."""
    facts = actes_facts(pages)
    remove_furniture(pages)
    limits = pitch_limits(pages)
    by_page = []
    for page in pages:
        paras = [p for p in paragraphs(page.lines, limits) if p.text]
        for p in paras:
            p.page = page.number
        by_page.append(paras)
    heading_hints(by_page)
    return _blocks(pages, by_page, limits), facts


def actes_facts(pages: list[Page]) -> list[str]:
    """« Identifiant ACTES : … » for each distinct identifier stamped by the préfecture."""
    found: dict[str, None] = {}
    for page in pages:
        flat = re.sub(r"\s+", " ", page.text.replace(HYPHEN + "\r\n", "-").replace(HYPHEN, "-"))
        for match in ACTES_ID.finditer(flat):
            found.setdefault(match.group(1))
    return [f"Identifiant ACTES : {i}" for i in found]


def remove_furniture(pages: list[Page]) -> None:
    """Take out running headers and footers, page numbers and préfecture stamps.

    A line (or a table: headers are often laid out in one) in the top or bottom margin is
    furniture when its text, digits aside, comes back on most pages.
    """
    keys: list[list[str | None]] = []
    table_keys: list[list[str | None]] = []
    seen: Counter = Counter()
    for page in pages:
        keys.append([_key(ln.text) if _in_margin(ln, page) else None for ln in page.lines])
        band = (MARGIN * page.height, (1 - MARGIN) * page.height)
        table_keys.append(
            [
                _key(" ".join(w.text for ws in t.words.values() for w in ws))
                if t.ys[-1] <= band[0] or t.ys[0] >= band[1]
                else None
                for t in page.tables
            ]
        )
        seen.update({k for k in keys[-1] + table_keys[-1] if k})
    repeated = {k for k, n in seen.items() if len(pages) >= 3 and n >= REPEATED * len(pages)}
    for page, line_keys, page_table_keys in zip(pages, keys, table_keys, strict=True):
        kept = [
            line
            for line, key in zip(page.lines, line_keys, strict=True)
            if key not in repeated and not _always_furniture(line, key is not None)
        ]
        page.lines = _rejoin_soft(kept)
        page.tables = [t for t, key in zip(page.tables, page_table_keys, strict=True) if key not in repeated]


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", normalise(text))


def _in_margin(line: Line, page: Page) -> bool:
    return (
        line.bottom <= MARGIN * page.height
        or line.top >= (1 - MARGIN) * page.height
        or line.x1 <= 0.1 * page.width
        or line.x0 >= 0.9 * page.width
    )


def _always_furniture(line: Line, in_margin: bool) -> bool:
    text = normalise(line.text)
    if PAGE_NUMBER.match(text) or (in_margin and FRACTION.match(text)):
        return True
    return len(text) <= 80 and bool(STAMP.match(text))


def heading_hints(by_page: list[list[Paragraph]]) -> None:
    """Heading levels from font sizes clearly above the body size, ranked over the document."""
    doc_sizes: Counter = Counter()
    page_body = []
    for paras in by_page:
        sizes: Counter = Counter()
        for p in paras:
            for line in p.lines:
                sizes[round(line.size * 2) / 2] += len(line.text)
        doc_sizes.update(sizes)
        # a page mostly made of a table has no body text of its own: the document's applies
        page_body.append(sizes.most_common(1)[0][0] if sum(sizes.values()) >= 300 else None)
    if not doc_sizes:
        return
    body = doc_sizes.most_common(1)[0][0]
    candidates: list[tuple[Paragraph, float]] = []
    for paras, local in zip(by_page, page_body, strict=True):
        reference = max(body, local or body)
        for p in paras:
            size = round(p.size * 2) / 2
            short = len(p.lines) <= 3 and len(p.text) <= 200
            if size >= 1.08 * reference and size - reference >= 0.75 and short and not p.list_item:
                if not p.lines[0].rotated:
                    candidates.append((p, size))
    # sizes used on a single page (a cover title) do not push the others down a level
    pages_of: dict[float, set[int]] = {}
    for p, size in candidates:
        pages_of.setdefault(size, set()).add(p.page)
    recurring = [s for s, pages in pages_of.items() if len(pages) >= 2] or list(pages_of)
    for p, size in candidates:
        p.heading = min(1 + sum(1 for r in recurring if r > size), 3)


def _blocks(pages: list[Page], by_page: list[list[Paragraph]], limits: dict[float, float]) -> list[RawBlock]:
    items: list[list] = []  # [kind, page, paragraph | (table, rows)]
    for page, paras in zip(pages, by_page, strict=True):
        placed: list[tuple[float, float, str, object]] = [(p.top, p.lines[0].x0, "paragraph", p) for p in paras]
        for table in page.tables:
            rows = _table_rows(table, limits)
            if rows:
                placed.append((table.ys[0], table.xs[0], "table", (table, rows)))
        placed.sort(key=lambda item: (item[0], item[1]))
        for position, (*_, kind, content) in enumerate(placed):
            previous = items[-1] if position == 0 and items else None
            if previous and kind == previous[0] == "paragraph" and _continues_page(previous[2], content):
                previous[2].extend(content)  # a paragraph running over the page break
            elif previous and kind == previous[0] == "table" and same_columns(previous[2][0], content[0]):
                previous[2] = (content[0], _continued_rows(previous[2][1], content[1]))
            else:
                items.append([kind, page.number, content])
    blocks = []
    for index, (kind, page_number, content) in enumerate(items):
        if kind == "table":
            blocks.append(RawBlock(index=index, kind="table", page=page_number, rows=content[1]))
        else:
            blocks.append(
                RawBlock(
                    index=index,
                    kind="paragraph",
                    text=content.text,
                    page=page_number,
                    heading=content.heading,
                    bold=content.bold,
                    list_item=content.list_item,
                )
            )
    return blocks


def _table_rows(table: Table, limits: dict[float, float]) -> tuple[tuple[str, ...], ...]:
    texts = {cell: cell_text(words, limits, *table.cell_span(cell)) for cell, words in table.words.items()}
    if not any(texts.values()):
        return ()
    return tuple(tuple(texts.get(cell, "") for cell in row) for row in table.cell_of)


def _continued_rows(before: tuple[tuple[str, ...], ...], after: tuple[tuple[str, ...], ...]) -> tuple:
    """Rows of a table split by a page break; its header row, repeated on the new page, once."""
    return before + (after[1:] if after[0] == before[0] else after)


def _continues_page(before: Paragraph, para: Paragraph) -> bool:
    """Whether `para`, first on its page, continues the previous page's last paragraph."""
    if before.heading or para.heading or para.list_item:
        return False
    text, first = before.text, para.text
    return (
        bool(text)
        and text[-1] not in ".:;!?»)"
        and not LEADERS.search(text)
        and first[:1].islower()
        and abs(before.lines[-1].size - para.size) <= 0.6
        and before.lines[-1].bold == para.bold
    )
