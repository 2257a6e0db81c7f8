"""The text of a borderless table cut into cells: its columns given, rows from the order in
which the cells are written.

LibreOffice and Word write a table cell after cell, left to right, row after row: the text
goes back up at each new cell of a row, and a row starts where it goes back to an earlier
column further down, or below all of the row before. `borderless` finds the tables and learns
their columns; here their lines are cut at the columns and grouped into cells and rows. Reading
coordinates: points, origin top-left, y downwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.pdf.lines import BULLET_WORDS, Line, Word, is_symbol
from docgen.pdf.tables import Table

EDGE = 1.5  # points: left edges closer than this are one column start
GAP = 0.6  # ems: a gap between two words this wide may be the padding between two cells
MARKER = re.compile(r"^(\(?\d{1,3}[.)°/]?|\(?[a-zA-Z][.)]|[ivxIVX]{1,4}[.)]|\d+(\.\d+)+\.?)$")


@dataclass(eq=False)
class Piece:
    """Words of a line between two wide gaps (tab stops), or split at a column start."""

    words: list[Word]
    order: int  # position of its line in the content stream
    line: Line
    col: int = 0
    last: int = 0  # last column it covers (a merged cell, a title row)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def base(self) -> float:
        return self.words[0].base

    @property
    def size(self) -> float:
        return self.words[0].size

    @property
    def marker(self) -> bool:
        """A bullet or a list number alone: not text of its own."""
        text = "".join(w.text for w in self.words)
        return len(self.words) == 1 and (text in BULLET_WORDS or is_symbol(text) or bool(MARKER.match(text)))


@dataclass(eq=False)
class Columns:
    """Column starts (text left edges) of a borderless table, and the cells' padding."""

    starts: list[float]
    right: float
    pad: float
    size: float = 0.0  # of the table's text

    def bounds(self) -> list[float]:
        return [s - self.pad for s in self.starts] + [self.right + self.pad]


@dataclass(eq=False)
class Run:
    """Pieces written one under the other in one column: a cell, or part of one."""

    pieces: list[Piece]
    col: int
    last: int

    @property
    def top(self) -> float:
        return self.pieces[0].base

    @property
    def bottom(self) -> float:
        return self.pieces[-1].base

    @property
    def content(self) -> bool:
        return any(not p.marker for p in self.pieces)


def split_at(piece: Piece, s: float) -> int | None:
    """Index of the word starting at column start `s` after a gap (not after a bullet alone)."""
    for i in range(1, len(piece.words)):
        w, before = piece.words[i], piece.words[i - 1]
        if abs(w.x0 - s) <= EDGE and w.x0 - before.x1 >= GAP * w.size:
            if i == 1 and (before.text in BULLET_WORDS or is_symbol(before.text)):
                return None
            return i
        if w.x0 > s + EDGE:
            break
    return None


def split_piece(piece: Piece, columns: Columns) -> list[Piece]:
    """The piece cut where a column starts, each part with the columns it lies in."""
    out: list[Piece] = []
    words = piece.words
    for s in columns.starts[1:]:
        if words[0].x0 < s - EDGE < s + EDGE < words[-1].x1:
            at = split_at(Piece(words, piece.order, piece.line), s)
            if at is not None:
                out.append(Piece(words[:at], piece.order, piece.line))
                words = words[at:]
    out.append(Piece(words, piece.order, piece.line))
    bounds = columns.starts
    for part in out:
        part.col = max([k for k, s in enumerate(bounds) if s - columns.pad - 1 <= part.x0] or [0])
        part.last = max([k for k, s in enumerate(bounds) if s < part.x1 - EDGE] or [0])
        part.last = max(part.last, part.col)
    return out


def runs_of(pieces: list[Piece]) -> list[Run]:
    """Pieces in content order grouped into runs: the next line of a cell is written right
    after the line above it, in the same column."""
    runs: list[Run] = []
    for p in pieces:
        run = runs[-1] if runs else None
        if run is not None:
            q = run.pieces[-1]
            below = 0.3 * p.size < p.base - q.base <= 2.5 * p.size
            # the lines of a title row spanning columns, centred, each narrower than the first
            first = run.pieces[0]
            centred = abs((p.x0 + p.x1) - (first.x0 + first.x1)) <= 2 * p.size
            same = (p.col, p.last) == (q.col, q.last) or (
                run.last > run.col and run.col <= p.col <= p.last <= run.last and (p.last > p.col or centred)
            )
            if below and same:
                run.pieces.append(p)
                run.col, run.last = min(run.col, p.col), max(run.last, p.last)
                continue
        runs.append(Run([p], p.col, p.last))
    return runs


def cut_runs(runs: list[Run], columns: Columns) -> list[Run]:
    """Runs that hold the end of a row and the start of the next in one column, cut in two.

    A row with a single cell (a group title) is written right before the next row's first
    cell, in the same column; the next cell, written after it, starts at the line where the
    new row does.
    """
    out: list[Run] = []
    for k, run in enumerate(runs):
        after = runs[k + 1] if k + 1 < len(runs) else None
        cut = None
        if after is not None and after.col > run.last and len(run.pieces) > 1:
            for i in range(1, len(run.pieces)):
                p, q = run.pieces[i - 1], run.pieces[i]
                if abs(q.base - after.top) <= 0.2 * q.size and not _wraps(p, q, columns):
                    cut = i
                    break
        if cut is None:
            out.append(run)
        else:
            out.append(Run(run.pieces[:cut], run.col, run.last))
            out.append(Run(run.pieces[cut:], run.col, run.last))
    return out


def _wraps(p: Piece, q: Piece, columns: Columns) -> bool:
    """Whether line `q` may be the rest of line `p` wrapped at its column's edge: its first
    word would not have fitted after `p`."""
    if p.words[-1].bold != q.words[0].bold or abs(p.size - q.size) > 0.6:
        return False  # a title line, then text
    right = columns.starts[p.last + 1] - 2 * columns.pad if p.last + 1 < len(columns.starts) else columns.right
    first = q.words[0]
    return p.x1 + 0.3 * p.size + (first.x1 - first.x0) > right


def rows_of(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into rows. Cells are written left to right, row after row: a row starts
    where the text goes back to an earlier column further down, or below all of the row before
    (the cells of a row merged down several rows reach into the rows they cover)."""
    rows: list[list[Run]] = []
    top = bottom = 0.0
    for run in runs:
        size = run.pieces[0].size
        previous = rows[-1][-1] if rows else None
        back = previous is not None and run.col <= previous.col and run.top > top + 0.3 * size
        if previous is None or back or run.top > bottom + 0.3 * size:
            rows.append([run])
            top, bottom = run.top, run.bottom
        else:
            rows[-1].append(run)
            bottom = max(bottom, run.bottom)
    return rows


def stacked_at(rows: list[list[Run]], columns: Columns) -> int | None:
    """The first row of a second table right under a first one, told by columns that do not
    line up: each has columns the other has not, or a column starts in one where the other's
    text runs."""
    used = [
        {k for run in row for p in run.pieces for k, s in enumerate(columns.starts) if abs(p.x0 - s) <= EDGE}
        for row in rows
    ]
    for r in range(1, len(rows)):
        above, below = set().union(*used[:r]), set().union(*used[r:])
        if used[r] <= above:
            continue
        only_above, only_below = above - below, below - above
        if min(len(only_above), len(only_below)) >= 2:
            return r  # each table's columns start where the other has none
        if _crossed(rows[:r], columns, only_below) or _crossed(rows[r:], columns, only_above):
            return r
    return None


def _crossed(rows: list[list[Run]], columns: Columns, starts: set[int]) -> bool:
    """Whether text of many of the rows runs across one of the column starts (a title row or a
    cell merged over two columns does so once)."""
    edges = [columns.starts[k] for k in starts]
    crossing = sum(
        any(
            p.x0 < s - EDGE and p.x1 > s + EDGE
            for run in row
            if run.last - run.col < 2
            for p in run.pieces
            for s in edges
        )
        for row in rows
    )
    return crossing >= 2 and 3 * crossing >= len(rows)


def table_of(rows: list[list[Run]], columns: Columns) -> Table:
    """The table: column bounds, row bounds, merged slots of cells spanning columns, words."""
    xs = columns.bounds()
    width = len(xs) - 1
    tops = [min(p.words[0].top for run in row for p in run.pieces) for row in rows]
    bottoms = [max(w.bottom for run in row for p in run.pieces for w in p.words) for row in rows]
    ys = [tops[0]] + [(b + t) / 2 for b, t in zip(bottoms, tops[1:], strict=False)] + [bottoms[-1]]
    cell_of = [[r * width + c for c in range(width)] for r in range(len(rows))]
    words: dict[int, list[Word]] = {}
    for r, row in enumerate(rows):
        for run in row:  # a cell spanning columns: one cell in all its slots
            merged = {cell_of[r][c] for c in range(run.col, run.last + 1)}
            cell_of[r] = [cell_of[r][run.col] if k in merged else k for k in cell_of[r]]
        for run in sorted(row, key=lambda run: run.pieces[0].order):
            words.setdefault(cell_of[r][run.col], []).extend(w for p in run.pieces for w in p.words)
    return Table(xs, ys, cell_of, words, ruled=False)
