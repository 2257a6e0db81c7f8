"""Pages put together: a table going on over a page break, its rows split by the break."""

from __future__ import annotations

from docgen.pdf.layout import layout
from docgen.pdf.lines import Page, lines_of, outside_tables
from docgen.pdf.tables import find_tables
from tests.pdf.words import text_at

# a grid of two columns and two rows, drawn at the top of each page
HS = [(100, 50, 400), (120, 50, 400), (140, 50, 400)]
VS = [(50, 100, 140), (120, 100, 140), (400, 100, 140)]


def _page(number: int, cells: list[tuple[str, str]]) -> Page:
    tables = find_tables(HS, VS)
    words = []
    for row, (number_cell, action) in enumerate(cells):
        base = 113 + 20 * row
        words += text_at(number_cell, 55, base, 9) if number_cell else []
        words += text_at(action, 125, base, 9) if action else []
    return Page(number, 595, 842, lines_of(outside_tables(words, tables)), tables, "")


def _rows(*pages: Page):
    blocks, *_ = layout(list(pages))
    return [b.rows for b in blocks if b.kind == "table"]


def test_a_row_split_by_a_page_break_is_whole_again():
    first = _page(1, [("N°", "Action"), ("3.1", "Développer des services")])
    second = _page(2, [("2", "dématérialisés et en faciliter l'usage"), ("3.13", "Informer les habitants")])
    assert _rows(first, second) == [
        (
            ("N°", "Action"),
            ("3.12", "Développer des services dématérialisés et en faciliter l'usage"),  # « 3.1|2 » cut at the edge
            ("3.13", "Informer les habitants"),
        )
    ]


def test_a_new_row_on_the_next_page_stays_a_row():
    first = _page(1, [("N°", "Action"), ("3.1", "Développer des services")])
    for cells in ([("3.2", "dématérialisés")], [("", "Informer les habitants")]):  # text where the row had none,
        second = _page(2, [*cells, ("3.3", "Animer le réseau")])  # or a capital: a row of its own
        assert _rows(first, second)[0][2] == cells[0]
