"""Tables drawn without ruling lines, found from how their text is laid out.

A Word table whose borders are set to none leaves no rulings in the PDF: only its text, in
columns. A run of baselines is taken for such a table when several of them hold text side by
side; its columns are the left edges that many of its lines share and that few lines cross
(merged cells, title rows), learnt over the whole table and carried over to the next page when
the table goes on there; `cellgrid` cuts its lines into cells and rows. Two rows with text in
two columns at least are required, bullets and list numbers not counting: a hanging indent, a
bulleted or numbered list, a line with a tab stop, a sommaire with dot leaders is not a table,
nor is a signature block of one row. Lines that keep to the columns over several rows are:
typed with tab stops or drawn as a borderless grid, they read alike.

Pure geometry over the lines of the pages, in reading coordinates (points, origin top-left,
y downwards). The tables made are `tables.Table`s with their words, as ruled ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from docgen.pdf.cellgrid import (
    EDGE,
    GAP,
    Columns,
    Piece,
    cut_runs,
    rows_of,
    runs_of,
    split_at,
    split_piece,
    stacked_at,
    table_of,
)
from docgen.pdf.lines import BULLET_WORDS, Line, Page, is_symbol
from docgen.pdf.tables import Table


@dataclass(eq=False)
class _Band:
    """Pieces on one baseline."""

    pieces: list[Piece] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    @property
    def base(self) -> float:
        return self.lines[0].base

    @property
    def size(self) -> float:
        return max(line.size for line in self.lines)


@dataclass(eq=False)
class _Carry:
    """What a page hands the next: the columns of a table running to its end, and a table of
    one row there that stands only if the next page goes on with it."""

    columns: Columns
    pending: tuple[Page, Table, list[Line]] | None = None


def borderless_tables(pages: list[Page]) -> None:
    """Take each page's borderless tables out of its lines into its tables."""
    carry: _Carry | None = None
    for page in pages:
        carry = _page(page, carry)


def _page(page: Page, carry: _Carry | None) -> _Carry | None:
    if carry is None and not _side_by_side(page.lines):
        return None  # most pages: one line of text to a baseline
    bands = _bands(page.lines)
    found: list[tuple[Table, Columns, list[Line]]] = []
    out: _Carry | None = None
    for region in _regions(bands, carry.columns if carry else None, page.width):
        prior = carry.columns if carry and region[0] is bands[0] else None
        tables = _tables(region, prior)
        if prior is not None and tables and carry and carry.pending:
            before, table, lines = carry.pending  # the table goes on: its first row stands
            _take(before, [(table, carry.columns, lines)])
        at_end = region[-1] is bands[-1]
        if not tables and at_end:
            loose = _tables(region, None, minimum=1)
            if len(loose) == 1:
                table, columns, lines = loose[0]
                out = _Carry(columns, (page, table, lines))
                continue
        found.extend(tables)
        if tables and at_end and any(line in tables[-1][2] for line in bands[-1].lines):
            out = _Carry(tables[-1][1])
    _take(page, found)
    return out


def _take(page: Page, found: list[tuple[Table, Columns, list[Line]]]) -> None:
    if not found:
        return
    taken = {id(line) for _, _, lines in found for line in lines}
    page.lines = [line for line in page.lines if id(line) not in taken]
    page.tables = sorted(page.tables + [table for table, _, _ in found], key=lambda t: t.ys[0])


def _side_by_side(lines: list[Line]) -> bool:
    """Whether some text stands beside other text: a tab stop, or two lines on one baseline."""
    if any(w.tab for line in lines for w in line.words[1:]):
        return True
    bases = sorted((line.words[0].base, line.words[0].size) for line in lines if not line.rotated)
    return any(b[0] - a[0] <= 0.3 * max(a[1], b[1]) for a, b in zip(bases, bases[1:], strict=False))


def _bands(lines: list[Line]) -> list[_Band]:
    """Upright pieces grouped by baseline, top first; sommaire lines (dot leaders) end a band run."""
    pieces: list[tuple[Piece, Line]] = []
    for order, line in enumerate(lines):
        if line.rotated:
            continue
        if line.leaders:
            pieces.append((Piece([], order, line), line))  # a barrier
            continue
        start = 0
        for i in range(1, len(line.words) + 1):
            if i == len(line.words) or line.words[i].tab:
                pieces.append((Piece(line.words[start:i], order, line), line))
                start = i
    pieces.sort(key=lambda item: (item[1].base, item[0].words[0].x0 if item[0].words else 0.0))
    bands: list[_Band] = []
    for piece, line in pieces:
        last = bands[-1] if bands else None
        if last and abs(line.base - last.lines[-1].base) <= 0.3 * max(line.size, last.lines[-1].size):
            if piece.words and last.pieces:
                last.pieces.append(piece)
                if line is not last.lines[-1]:
                    last.lines.append(line)
                continue
        band = _Band()
        if piece.words:
            band.pieces.append(piece)
        band.lines.append(line)
        bands.append(band)
    return bands


def _multi(band: _Band) -> bool:
    return len(band.pieces) >= 2


def _regions(bands: list[_Band], prior: Columns | None, page_width: float) -> list[list[_Band]]:
    """Runs of baselines that may be a table: text side by side, and what lies between."""
    xs = [p.x0 for b in bands for p in b.pieces] or [0.0]
    # the width of the text (of the page's margins, if its text is narrower)
    width = max(max([p.x1 for b in bands for p in b.pieces] or [0.0]) - min(xs), 0.7 * page_width)
    regions: list[list[_Band]] = []
    i, end = 0, -1
    while i < len(bands):
        start = i
        if not bands[i].pieces or not (_multi(bands[i]) or (prior and i == 0 and _fits(bands[i], prior))):
            i += 1
            continue
        inner = min((p.x0 for p in bands[i].pieces[1:]), default=bands[i].pieces[0].x0)
        if prior and i == 0 and len(prior.starts) > 1:
            inner = min(inner, prior.starts[1])
        while i + 1 < len(bands) and _joins(bands, i, width, inner):
            i += 1
            inner = min([inner] + [p.x0 for p in bands[i].pieces[1:]])
        first = start
        while start - 1 > end and start > first - 3 and _title_above(bands[start - 1], bands[start]):
            start -= 1
        # lines of a sommaire without their dot leaders (a title wrapped onto two lines)
        if not any(_sommaire(bands, k) for k in (start - 1, i + 1)):
            regions.append(bands[start : i + 1])
        end = i
        i += 1
    return regions


def _sommaire(bands: list[_Band], k: int) -> bool:
    """Whether band `k` is a sommaire line (dot leaders) close to the lines around it."""
    if not 0 <= k < len(bands) or bands[k].pieces:
        return False
    near = [bands[j] for j in (k - 1, k + 1) if 0 <= j < len(bands)]
    return any(abs(_gap(bands[k], b)) <= 2.5 for b in near)


def _gap(a: _Band, b: _Band) -> float:
    return (b.base - a.base) / max(a.size, b.size)


def _joins(bands: list[_Band], i: int, width: float, inner: float) -> bool:
    """Whether the band after `i` goes on with the region: text side by side, a narrow line
    or one right of the first column (a cell going on alone), or a title row between rows."""
    a, b = bands[i], bands[i + 1]
    if not b.pieces or (b.base - a.base) > 2.5 * min(a.size, b.size) or abs(a.size - b.size) > 1.0:
        return False
    if _multi(b):
        return True
    # a cell going on alone: its next line, as close as lines of a paragraph and in its type
    if _gap(a, b) > 1.6 or abs(a.size - b.size) > 0.6:
        return False
    if b.pieces[0].x1 - b.pieces[0].x0 <= 0.6 * width or b.pieces[0].x0 >= inner - EDGE:
        return True
    # a wide line: a title row spanning the columns, tight between rows
    for k in range(i + 1, min(i + 4, len(bands) - 1)):
        if not bands[k].pieces or _gap(bands[k - 1], bands[k]) > 1.5 or abs(bands[k].size - a.size) > 0.3:
            return False
        if _multi(bands[k + 1]):
            return _gap(bands[k], bands[k + 1]) <= 1.5
    return False


def _title_above(above: _Band, band: _Band) -> bool:
    """A line right above a table's first row, in its type and as close as its lines: its title row."""
    return len(above.pieces) == 1 and _gap(above, band) <= 1.5 and abs(above.size - band.size) <= 0.3


def _fits(band: _Band, columns: Columns) -> bool:
    """Whether a band's pieces keep within the columns of a table, in its type (its continuation):
    each in a column, or in two from a column's start (a cell merged over two, in a header row)."""
    if abs(band.size - columns.size) > 0.3:
        return False
    for p in band.pieces:
        crossed = _straddled(p, columns.starts)
        if crossed and (len(crossed) > 1 or not any(abs(p.x0 - s) <= EDGE for s in columns.starts)):
            return False
    return True


def _straddled(piece: Piece, starts: list[float]) -> list[float]:
    """The column starts a piece runs across without a gap at them."""
    return [s for s in starts if piece.x0 < s - EDGE and piece.x1 > s + EDGE and split_at(piece, s) is None]


def _columns(pieces: list[Piece], prior: Columns | None, support: int = 2) -> Columns | None:
    """Column starts shared by many lines and run across by few (merged cells, title rows)."""
    if prior is not None:
        return prior
    left = min(p.x0 for p in pieces)
    candidates: list[float] = []
    for p in pieces:
        candidates.append(p.x0)
        for i in range(1, len(p.words)):
            if p.words[i].x0 - p.words[i - 1].x1 >= GAP * p.words[i].size:
                candidates.append(p.words[i].x0)
    clusters: list[list[float]] = []
    for x in sorted(candidates):
        if clusters and x - clusters[-1][0] <= EDGE:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    starts = [left]
    for cluster in clusters:
        s = cluster[0]
        if s - starts[-1] < 3 * EDGE or len(cluster) < support:
            continue
        starting = [p for p in pieces if abs(p.x0 - s) <= EDGE or split_at(p, s) is not None]
        if len({round(p.base) for p in starting}) < support:
            continue
        crossing = [p for p in pieces if p.x0 < s - EDGE and p.x1 > s + EDGE and split_at(p, s) is None]
        if any(_bullet_split(p, s) for p in crossing) or 3 * len(crossing) > len(starting):
            continue
        starts.append(s)
    if len(starts) < 2:
        return None
    gaps = [
        starts[k + 1] - p.x1
        for p in pieces
        for k in range(len(starts) - 1)
        if starts[k] - EDGE <= p.x0 < starts[k + 1] - EDGE and p.x1 < starts[k + 1]
    ]
    pad = min(max(min(gaps, default=6.0) / 2, 1.0), 6.0)
    sizes = Counter(round(p.size * 2) / 2 for p in pieces)
    return Columns(starts, max(p.x1 for p in pieces), pad, sizes.most_common(1)[0][0])


def _bullet_split(piece: Piece, s: float) -> bool:
    """Whether the piece is a bullet and its text, the text starting at `s`."""
    if len(piece.words) < 2:
        return False
    first, second = piece.words[0], piece.words[1]
    return (first.text in BULLET_WORDS or is_symbol(first.text)) and abs(second.x0 - s) <= EDGE


def _tables(region: list[_Band], prior: Columns | None, minimum: int = 2) -> list[tuple[Table, Columns, list[Line]]]:
    """The table of a region (or the tables stacked in it), with its columns and lines."""
    pieces = [p for band in region for p in band.pieces]
    prior = prior if prior is not None and _fits(region[0], prior) else None
    columns = _columns(pieces, prior, min(minimum, 2))
    if columns is None:
        return []
    placed = sorted((q for p in pieces for q in split_piece(p, columns)), key=lambda q: (q.order, q.x0))
    grid = rows_of(cut_runs(runs_of(placed), columns))
    at = stacked_at(grid, columns)
    if at is not None:  # two tables one under the other, with other columns: each its own
        top = min(p.base for run in grid[at] for p in run.pieces) - 0.1
        upper, lower = [b for b in region if b.base < top], [b for b in region if b.base >= top]
        return _tables(upper, prior, minimum) + _tables(lower, None, minimum)
    full = [r for r in grid if len({run.col for run in r if run.content}) >= 2]
    # on the next page, a cell that goes on alone right of the first column is enough
    going_on = prior is not None and all(run.col > 0 for row in grid for run in row)
    if len(full) < (1 if prior is not None else minimum) and not going_on:
        return []
    lines = {id(p.line): p.line for p in placed}
    return [(table_of(grid, columns), columns, list(lines.values()))]
