"""Tables rebuilt from ruling lines: grids, merged cells, stacked tables, framed boxes."""

from __future__ import annotations

from docgen.pdf.tables import find_tables, same_columns

# Rulings in reading coordinates: horizontal (y, x0, x1), vertical (x, y0, y1).
GRID_H = [(0, 0, 300), (20, 0, 300), (40, 0, 300)]
GRID_V = [(0, 0, 40), (100, 0, 40), (300, 0, 40)]


def test_a_grid_of_two_rows_and_two_columns():
    (table,) = find_tables(GRID_H, GRID_V)
    assert (table.xs, table.ys) == ([0, 100, 300], [0, 20, 40])
    assert len({cell for row in table.cell_of for cell in row}) == 4
    assert table.cell_at(50, 30) == table.cell_of[1][0]
    assert table.cell_at(350, 30) is None
    assert table.cell_span(table.cell_of[0][1]) == (100, 300)


def test_borders_drawn_cell_by_cell_make_one_grid():
    hs = [(0, 0, 100), (0, 100, 300), (20, 0, 100), (20, 100, 300), (40, 0, 300)]
    vs = [(0, 0, 20), (0, 20, 40), (100, 0, 40), (300, 0, 20), (300, 20, 40)]
    (table,) = find_tables(hs, vs)
    assert (len(table.ys) - 1, len(table.xs) - 1) == (2, 2)


def test_merged_slots_share_one_cell():
    hs = [(0, 0, 300), (20, 0, 300), (40, 0, 200), (60, 0, 300)]  # no line under the last column's 2nd row
    vs = [(0, 0, 60), (100, 0, 60), (200, 0, 60), (300, 0, 60)]
    (table,) = find_tables(hs, vs)
    assert table.cell_of[1][2] == table.cell_of[2][2] != table.cell_of[1][1]
    # a row merged across all columns (a group title) still belongs to the same table
    hs = [(0, 0, 300), (20, 0, 300), (40, 0, 300), (60, 0, 300)]
    vs = [(0, 0, 60), (300, 0, 60), (100, 0, 20), (100, 40, 60)]
    (table,) = find_tables(hs, vs)
    assert table.cell_of[1][0] == table.cell_of[1][1] and table.cell_of[0][0] != table.cell_of[0][1]


def test_stacked_tables_with_other_columns_are_two_tables():
    hs = [(0, 0, 300), (20, 0, 300), (40, 0, 300), (60, 0, 300)]
    vs = [(0, 0, 60), (300, 0, 60), (100, 0, 40), (200, 0, 40), (150, 40, 60)]  # 3 columns, then 2
    tables = find_tables(hs, vs)
    assert [(len(t.ys) - 1, len(t.xs) - 1) for t in tables] == [(2, 3), (1, 2)]
    assert not same_columns(*tables)


def test_a_framed_box_or_lone_rules_are_not_tables():
    assert find_tables([(0, 0, 300), (60, 0, 300)], [(0, 0, 60), (300, 0, 60)]) == []
    assert find_tables([(0, 0, 300), (60, 0, 300)], []) == []
    # a grid without its outside border: the rulings' ends bound it
    (table,) = find_tables([(20, 0, 300), (40, 0, 300)], [(100, 0, 60), (200, 0, 60)])
    assert table.xs == [0, 100, 200, 300]


def test_same_columns_tells_a_continued_table():
    (a,) = find_tables(GRID_H, GRID_V)
    (b,) = find_tables([(y + 500, x0, x1) for y, x0, x1 in GRID_H], [(x, y0 + 500, y1 + 500) for x, y0, y1 in GRID_V])
    assert same_columns(a, b)
