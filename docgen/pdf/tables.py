"""Tables of a PDF page rebuilt from its ruling lines: column and row boundaries, merged cells.

Pure geometry, in reading coordinates (points, origin top-left, y downwards): horizontal rulings
are (y, x0, x1), vertical ones (x, y0, y1). The PDF reader collects them from the page's path
objects (stroked lines, rectangle borders, thin filled rectangles).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

TOLERANCE = 2.5  # points: rulings closer than this are the same grid line

Ruling = tuple[float, float, float]


@dataclass(eq=False)
class Table:
    """A grid: column and row boundaries, and the cell of each slot (merged slots share one).

    `words` collects, per cell id, what the layout puts in the cell.
    """

    xs: list[float]
    ys: list[float]
    cell_of: list[list[int]]  # [row][column] → cell id
    words: dict[int, list] = field(default_factory=dict)
    ruled: bool = True  # drawn borders; a table found without them has column starts, not edges
    lines: dict[int, Any] = field(default_factory=dict)  # per cell id, its `paragraphs.CellLines` once made

    def cell_at(self, x: float, y: float) -> int | None:
        """The cell containing the point, or None outside the table."""
        if not (self.xs[0] - 1 <= x <= self.xs[-1] + 1 and self.ys[0] - 1 <= y <= self.ys[-1] + 1):
            return None
        c = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        r = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.cell_of[r][c]

    def cell_span(self, cell: int) -> tuple[float, float]:
        """Left and right borders of a cell (merged cells span several columns)."""
        columns = [c for row in self.cell_of for c, k in enumerate(row) if k == cell]
        return self.xs[min(columns)], self.xs[max(columns) + 1]


def find_tables(hs: list[Ruling], vs: list[Ruling]) -> list[Table]:
    """Grids formed by connected horizontal and vertical rulings (at least two cells), top first."""
    if len(hs) < 2 or len(vs) < 2:
        return []
    hs, vs = _merge_collinear(hs), _merge_collinear(vs)
    parent = list(range(len(hs) + len(vs)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, (y, hx0, hx1) in enumerate(hs):
        for b, (x, vy0, vy1) in enumerate(vs):
            if hx0 - TOLERANCE <= x <= hx1 + TOLERANCE and vy0 - TOLERANCE <= y <= vy1 + TOLERANCE:
                parent[find(a)] = find(len(hs) + b)
    groups: dict[int, tuple[list, list]] = {}
    for a, h in enumerate(hs):
        groups.setdefault(find(a), ([], []))[0].append(h)
    for b, v in enumerate(vs):
        groups.setdefault(find(len(hs) + b), ([], []))[1].append(v)
    tables = [_grid(*part) for gh, gv in groups.values() for part in _stacked(gh, gv) if len(part[1]) >= 2]
    return sorted((t for t in tables if t), key=lambda t: t.ys[0])


def _stacked(hs: list[Ruling], vs: list[Ruling]) -> list[tuple[list, list]]:
    """Tables drawn one right under the other, told apart by columns that do not line up."""
    for y in _cluster([h[0] for h in hs])[1:-1]:
        # columns ending at y and columns starting at y: merged cells only remove some of them
        above = _cluster([v[0] for v in vs if abs(v[2] - y) <= TOLERANCE])
        below = _cluster([v[0] for v in vs if abs(v[1] - y) <= TOLERANCE])
        if not _subset(above, below) and not _subset(below, above):
            upper = ([h for h in hs if h[0] <= y + TOLERANCE], [(x, a, min(b, y)) for x, a, b in vs if a < y - 1])
            lower = ([h for h in hs if h[0] >= y - TOLERANCE], [(x, max(a, y), b) for x, a, b in vs if b > y + 1])
            return [upper, *_stacked(*lower)]
    return [(hs, vs)]


def _subset(xs: list[float], of: list[float]) -> bool:
    return all(any(abs(x - o) <= TOLERANCE for o in of) for x in xs)


def _merge_collinear(rulings: list[Ruling]) -> list[Ruling]:
    """Segments drawn cell by cell joined into whole lines."""
    merged: list[list[float]] = []
    for pos, a, b in sorted(rulings):
        last = merged[-1] if merged else None
        if last and abs(pos - last[0]) <= 1.0 and a <= last[2] + TOLERANCE:
            last[2] = max(last[2], b)
        else:
            merged.append([pos, a, b])
    return [(m[0], m[1], m[2]) for m in merged]


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOLERANCE:
            out.append(v)
    return out


def _grid(hs: list[Ruling], vs: list[Ruling]) -> Table | None:
    xs = [v[0] for v in vs]
    ys = [h[0] for h in hs]
    # rulings overshooting the outermost perpendicular ones bound a column or a row themselves
    # (tables drawn without their outside border)
    if min(h[1] for h in hs) < min(xs) - 6:
        xs.append(min(h[1] for h in hs))
    if max(h[2] for h in hs) > max(xs) + 6:
        xs.append(max(h[2] for h in hs))
    if min(v[1] for v in vs) < min(ys) - 6:
        ys.append(min(v[1] for v in vs))
    if max(v[2] for v in vs) > max(ys) + 6:
        ys.append(max(v[2] for v in vs))
    xs, ys = _cluster(xs), _cluster(ys)
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1:
        return None
    slot = list(range(rows * cols))

    def find(k: int) -> int:
        while slot[k] != k:
            slot[k] = slot[slot[k]]
            k = slot[k]
        return k

    # neighbouring slots with no ruling between them belong to one (merged) cell
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _covered(vs, xs[c + 1], ys[r], ys[r + 1]):
                slot[find(r * cols + c)] = find(r * cols + c + 1)
            if r + 1 < rows and not _covered(hs, ys[r + 1], xs[c], xs[c + 1]):
                slot[find(r * cols + c)] = find((r + 1) * cols + c)
    cell_of = [[find(r * cols + c) for c in range(cols)] for r in range(rows)]
    if len({k for row in cell_of for k in row}) < 2:
        return None  # a framed box (stamp, boxed paragraph), not a table
    return Table(xs, ys, cell_of)


def _covered(rulings: list[Ruling], pos: float, a: float, b: float) -> bool:
    """Whether rulings at `pos` draw at least half of the border from a to b."""
    length = sum(max(0.0, min(b, r1) - max(a, r0)) for p, r0, r1 in rulings if abs(p - pos) <= TOLERANCE)
    return length >= 0.5 * (b - a)


def same_columns(a: Table, b: Table) -> bool:
    """Whether two tables have the same column boundaries (a table continued on the next page)."""
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= 2 * TOLERANCE for x, y in zip(a.xs, b.xs, strict=True))
