"""Layout of a PDF draft: words → lines → paragraphs and table cells → the block stream.

Pure Python over what the PDF reader extracted (words with position and font, tables rebuilt
from rulings), in reading coordinates: points, origin top-left, y downwards. Lines are built in
`lines`, paragraphs in `paragraphs`; running headers, footers and préfecture stamps are dropped
by `furniture`, tables without borders found by `borderless`; here the pages are put together,
headings ranked and page breaks mended (a paragraph, or a table row, going on over a page).
"""

from __future__ import annotations

import re
from collections import Counter

from docgen.model.rawblocks import RawBlock
from docgen.pdf.borderless import borderless_tables
from docgen.pdf.furniture import actes_facts, remove_furniture
from docgen.pdf.lines import LEADERS, Page, join_lines
from docgen.pdf.paragraphs import Paragraph, cell_lines, cell_text, paragraphs, pitch_limits, word_end
from docgen.pdf.tables import Table, same_columns


def layout(pages: list[Page]) -> tuple[list[RawBlock], list[str], dict[str, bytes]]:
    """The document's blocks in reading order, the ACTES identifiers found on its pages and the
    bytes of its pictures (when they were read), by name."""
    facts = actes_facts(pages)
    remove_furniture(pages)
    borderless_tables(pages)
    limits = pitch_limits(pages)
    by_page = []
    for page in pages:
        paras = [p for p in paragraphs(page.lines, limits) if p.text]
        for p in paras:
            p.page = page.number
        by_page.append(paras)
    heading_hints(by_page)
    media: dict[str, bytes] = {}
    return _blocks(pages, by_page, limits, media), facts, media


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


_Rows = tuple[tuple[str, ...], ...]
_Content = Paragraph | tuple[Table, _Rows] | str  # what a page places: a paragraph, a table and its rows, a picture


def _blocks(
    pages: list[Page], by_page: list[list[Paragraph]], limits: dict[float, float], media: dict[str, bytes]
) -> list[RawBlock]:
    items: list[tuple[int, _Content]] = []  # (page number, content)
    for page, paras in zip(pages, by_page, strict=True):
        placed: list[tuple[float, float, _Content]] = [(p.top, p.lines[0].x0, p) for p in paras]
        for k, picture in enumerate(page.pictures, 1):
            name = f"page{page.number}-image{k}.png"
            if picture.data is not None:
                media[name] = picture.data
            placed.append((picture.top, picture.x0, name))
        for table in page.tables:
            rows = _table_rows(table, limits)
            if rows:
                placed.append((table.ys[0], table.xs[0], (table, rows)))
        placed.sort(key=lambda item: (item[0], item[1]))
        for position, (*_, content) in enumerate(placed):
            previous = items[-1][1] if position == 0 and items else None
            if (
                isinstance(previous, Paragraph)
                and isinstance(content, Paragraph)
                and _continues_page(previous, content)
            ):
                previous.extend(content)  # a paragraph running over the page break
            elif isinstance(previous, tuple) and isinstance(content, tuple) and same_columns(previous[0], content[0]):
                items[-1] = (items[-1][0], (content[0], _continued_rows(previous[1], content[1])))
            else:
                items.append((page.number, content))
    levels = _list_levels([content for _, content in items])
    blocks = []
    for index, (page_number, content) in enumerate(items):
        if isinstance(content, str):
            blocks.append(RawBlock(index=index, kind="paragraph", page=page_number, pictures=(content,)))
        elif isinstance(content, tuple):
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
                    level=levels.get(id(content), 0),
                )
            )
    return blocks


INDENT_STEP = 4.0  # points: bullets further right than this are one level deeper


def _list_levels(contents: list[_Content]) -> dict[int, int]:
    """Nesting of each list item (by id), from how far right its bullet stands within its list."""
    levels: dict[int, int] = {}
    run: list[Paragraph] = []
    for content in [*contents, None]:
        if isinstance(content, Paragraph) and content.list_item:
            run.append(content)
            continue
        margins: list[float] = []
        for left in sorted(p.lines[0].x0 for p in run):
            if not margins or left - margins[-1] > INDENT_STEP:
                margins.append(left)
        for p in run:
            levels[id(p)] = max(k for k, m in enumerate(margins) if p.lines[0].x0 >= m - INDENT_STEP / 2)
        run = []
    return levels


def _table_rows(table: Table, limits: dict[float, float]) -> _Rows:
    texts = {
        cell: cell_text(table.lines.get(cell) or cell_lines(words, *table.cell_span(cell)), limits, table.ruled)
        for cell, words in table.words.items()
    }
    if not any(texts.values()):
        return ()
    return tuple(tuple(texts.get(cell, "") for cell in row) for row in table.cell_of)


def _continued_rows(before: _Rows, after: _Rows) -> _Rows:
    """Rows of a table split by a page break; its header row, repeated on the new page, once;
    a row split by the break, whole again."""
    if after and after[0] == before[0]:
        after = after[1:]
    if after and _split_row(before[-1], after[0]):
        joined = tuple(_joined_cells(a, b) for a, b in zip(before[-1], after[0], strict=True))
        return before[:-1] + (joined,) + after[1:]
    return before + after


def _split_row(last: tuple[str, ...], first: tuple[str, ...]) -> bool:
    """Whether the first row on the new page is the rest of the last one on the page before:
    text only where that row has some, going on in lower case or with digits (no word with a
    capital, no number of its own)."""
    if len(last) != len(first) or not any(first):
        return False
    if any(b and not a for a, b in zip(last, first, strict=True)):
        return False
    texts = [b for b in first if b]
    capitalised = any(b[:1].isupper() and b[1:2].islower() for b in texts)  # « Modalités », a new cell
    numbered = any(_ROW_NUMBER.fullmatch(b) for b in texts)  # « 3.2 », a new action
    return not capitalised and not numbered and any(b[:1].islower() or b[:1].isdigit() for b in texts)


_ROW_NUMBER = re.compile(r"[A-Za-z]{0,3}\s?\d+(\.\d+)+\.?")


def _joined_cells(before: str, after: str) -> str:
    """The two parts of a cell split by a page break, joined as the lines of a paragraph are."""
    if not before or not after:
        return before or after
    last_line = before.rsplit("\n", 1)[-1]
    if " " not in last_line and word_end(last_line, after.split(" ", 1)[0]):
        return before + after  # a word cut at a narrow column's edge: « 3.1|2 »
    before, between = join_lines(before, after)
    return before + between + after


LONGEST_PARAGRAPH = 20_000  # characters: no real paragraph runs that long over its pages, and a
# fabricated one that did would be joined again on every page (minutes for a 16 KB file)


def _continues_page(before: Paragraph, para: Paragraph) -> bool:
    """Whether `para`, first on its page, continues the previous page's last paragraph."""
    if before.heading or para.heading or para.list_item:
        return False
    text, first = before.text, para.text
    return (
        0 < len(text) < LONGEST_PARAGRAPH
        and text[-1] not in ".:;!?»)"
        and not LEADERS.search(text)
        and first[:1].islower()
        and abs(before.lines[-1].size - para.size) <= 0.6
        and before.lines[-1].bold == para.bold
    )
