"""Tables without ruling lines: columns learnt over the table and its pages, rows from the order
cells are written in, and body text with tabs, bullets or indents left as it is."""

from __future__ import annotations

import io
import re
from collections import Counter

import docx
import pytest

from docgen.pdf import layout as layout_module
from docgen.pdf.convert import docx_to_pdf
from docgen.pdf.layout import layout
from docgen.pdf.lines import Page, Word, lines_of
from docgen.pdf.reader import read_pdf
from docgen.word.reader import read_docx
from tests.pdf.words import text_at
from tests.seedfixtures import borderless

SIZE = 9
PITCH = 10.4


def _cells(rows: list[list[tuple[float, list[str]]]], top: float) -> tuple[list[Word], float]:
    """Words of table rows written as LibreOffice writes them: cell after cell, row after row.

    Each cell is (x, lines); a row is as tall as its tallest cell. Returns the words and the
    baseline below the last row.
    """
    words: list[Word] = []
    base = top
    for row in rows:
        for x, lines in row:
            for k, text in enumerate(lines):
                words += text_at(text, x, base + k * PITCH, SIZE)
        base += PITCH * max(len(lines) for _, lines in row)
    return words, base


def _body(text: str, base: float) -> list[Word]:
    return text_at(text, 50, base, 10)


def _blocks(*pages: list[Word]):
    blocks, *_ = layout([Page(n, 595, 842, lines_of(words), [], "") for n, words in enumerate(pages, start=1)])
    return [(b.kind, b.rows if b.kind == "table" else b.text) for b in blocks]


PLAN_HEADER = [(50, ["Action"]), (220, ["Porteur"]), (330, ["Calendrier"])]


def _plan_row(number: int) -> list[tuple[float, list[str]]]:
    return [
        (50, [f"Développer l'accueil {number}", "occasionnel des familles", "du quartier"]),
        (220, ["DCCAS"]),
        (330, ["2022-2025"]),
    ]


def test_a_table_without_borders_keeps_its_rows_over_a_page_break():
    words = _body("Le plan d'actions est le suivant.", 80)
    table, end = _cells([PLAN_HEADER, _plan_row(1), _plan_row(2), _plan_row(3)], 110)
    words += table
    rest, end = _cells([_plan_row(4), _plan_row(5)], 80)  # the next page: no header repeated
    rest += _body("Texte après le tableau.", end + 20)
    blocks = _blocks(words, rest)
    assert [kind for kind, _ in blocks] == ["paragraph", "table", "paragraph"]
    rows = blocks[1][1]
    assert rows[0] == ("Action", "Porteur", "Calendrier")
    assert rows[1:] == tuple(
        (f"Développer l'accueil {n} occasionnel des familles du quartier", "DCCAS", "2022-2025") for n in range(1, 6)
    )


def test_a_short_first_column_joined_to_the_text_beside_it_is_cut_at_the_learnt_column_start():
    # « 1.1 » and the first line of its action are one line of text (a narrow gap between them);
    # the action column's start is learnt from the lines below, across the rows
    rows = [[(50, ["N°"]), (80, ["Action"]), (300, ["Porteur"])]]
    rows += [
        [(50, [f"1.{n}"]), (80, ["Créer un nouvel", "équipement au", "centre-ville"]), (300, ["DCCAS"])] for n in (1, 2)
    ]
    words, _ = _cells(rows, 100)
    ((kind, table),) = _blocks(words)
    assert kind == "table"
    assert table[1:] == (("1.1", "Créer un nouvel équipement au centre-ville", "DCCAS"),) + (
        ("1.2", "Créer un nouvel équipement au centre-ville", "DCCAS"),
    )


def test_a_cell_merged_over_a_row_and_a_group_title_row():
    title = [(50, ["Orientation générale n° 1 : être un acteur éducatif aux côtés des familles et de"])]
    rows = [title, [(50, ["Structure"]), (300, ["Adresse"])], [(50, ["Crèche familiale"]), (300, ["8 rue du Cèdre"])]]
    rows += [[(50, ["Relais petite enfance"]), (300, ["11 rue des Turquoises"])]]
    words, _ = _cells(rows, 100)
    ((kind, table),) = _blocks(words)
    assert kind == "table"
    assert table[0] == (title[0][1][0],) * 2
    assert table[1:] == (
        ("Structure", "Adresse"),
        ("Crèche familiale", "8 rue du Cèdre"),
        ("Relais petite enfance", "11 rue des Turquoises"),
    )


def test_two_tables_one_under_the_other_with_other_columns_are_two_tables():
    first = [[(50, ["Établissement"]), (220, ["Places"]), (380, ["Horaires d'ouverture"])]]
    first += [[(50, [f"Multi-accueil {n}"]), (220, ["23"]), (380, ["7 h 45 - 18 h 15"])] for n in range(3)]
    second = [[(50, ["Taux"]), (180, ["Commune"]), (300, ["Loiret"]), (420, ["France"])]]
    second += [[(50, [f"Taux {n}"]), (180, ["53,1"]), (300, ["16,1"]), (420, ["59,3"])] for n in range(3)]
    words, _ = _cells(first + second, 100)
    blocks = _blocks(words)
    assert [(kind, len(rows), len(rows[0])) for kind, rows in blocks] == [("table", 4, 3), ("table", 4, 4)]


def _without_borderless(monkeypatch, *pages: list[Word]):
    with monkeypatch.context() as m:
        m.setattr(layout_module, "borderless_tables", lambda pages: None)
        return _blocks(*pages)


BODY_WITH_TABS = [
    # a heading with a tab, then a paragraph wrapped over two lines
    (text_at("Article 1 :", 50, 100, 10) + text_at("Objet de la convention", 150, 100, 10)),
    _body("La présente convention a pour objet de définir les modalités d'intervention", 123),
    _body("des parties signataires.", 136),
    # a sommaire with dot leaders
    (text_at("Article 2 :", 50, 170, 10) + text_at("Champs d'intervention de la Caf ........ 6", 150, 170, 10)),
    (text_at("Article 3 :", 50, 183, 10) + text_at("Champs d'intervention de la commune .... 7", 150, 183, 10)),
    # « Fait à … » and a date at a tab stop
    (text_at("Fait à Orléans,", 50, 220, 10) + text_at("le 19 décembre 2022", 300, 220, 10)),
]


def _hanging(marker: str, first: str, rest: str, base: float) -> list[Word]:
    """A list item: its marker, a wide gap (a tab), its text, wrapped at the indent."""
    return text_at(marker, 50, base, 10) + text_at(first, 90, base, 10) + text_at(rest, 90, base + 13, 10)


LISTS = [
    _hanging("\uf0b7", "d'identifier les besoins prioritaires du territoire", "présentés dans le diagnostic ;", 300),
    _hanging(
        "\uf0b7", "de déterminer les champs d'intervention à privilégier", "compte tenu de l'écart constaté ;", 330
    ),
    _hanging("1.", "Le comité de pilotage se réunit une fois par an au", "moins, à l'initiative de la Caf.", 370),
    _hanging("2.", "Le comité technique prépare les travaux du comité", "de pilotage et suit les actions.", 400),
]


def test_body_text_with_tabs_bullets_and_numbers_is_not_a_table(monkeypatch):
    words = [w for part in BODY_WITH_TABS + LISTS for w in part]
    words += _body("Un paragraphe en retrait, sur deux lignes, qui commence plus loin que la", 450)
    words += _body("marge et revient ensuite à la marge de gauche.", 463)
    blocks = _blocks(words)
    assert all(kind == "paragraph" for kind, _ in blocks)
    assert blocks == _without_borderless(monkeypatch, words)


def test_a_two_column_signature_block_stays_text(monkeypatch):
    # one row of two cells, each of several lines, written one after the other
    words, _ = _cells(
        [
            [
                (50, ["Pour la Caisse d'allocations familiales", "Le directeur", "Monsieur Jean-Yves Prévotat"]),
                (300, ["Pour la commune", "Le maire", "Monsieur Christophe Chaillou"]),
            ]
        ],
        600,
    )
    words = _body("Fait à Orléans, le 20 décembre 2022, en deux exemplaires originaux.", 570) + words
    blocks = _blocks(words)
    assert all(kind == "paragraph" for kind, _ in blocks)
    assert blocks == _without_borderless(monkeypatch, words)


@pytest.mark.parametrize("cells", [1, 2])
def test_a_signature_grid_of_one_line_cells_is_a_table(cells):
    """Two rows of cells side by side: a grid, not a paragraph running over both rows."""
    rows = [[(50, ["La Caf"]), (300, ["La commune"])], [(50, ["Le directeur"]), (300, ["Le maire"])]]
    if cells == 1:
        rows.append([(50, ["Monsieur Jean-Yves Prévotat"]), (300, ["Monsieur Christophe Chaillou"])])
    words, _ = _cells(rows, 600)
    ((kind, table),) = _blocks(words)
    assert kind == "table" and table[:2] == (("La Caf", "La commune"), ("Le directeur", "Le maire"))


# --- real drafts: the seeds and a generated convention, their tables' borders set to none ---------


def _squeezed(text: str) -> str:
    """Cell text without spaces, line breaks and hyphens: how lines wrap is no concern here."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def _plan_rows(document) -> list[tuple[str, ...]]:
    """Rows of the action plan tables (their header names the « porteur »), text squeezed; a cell
    repeating the one above or on its left (a merged cell, which no border tells) left empty."""
    out: list[tuple[str, ...]] = []
    for block in document.blocks:
        rows = [tuple(_squeezed(c) for c in row) for row in block.rows]
        if block.kind != "table" or len(rows[0]) < 7 or not any("porteur" in c.lower() for r in rows for c in r):
            continue
        for i, row in enumerate(rows):
            above = rows[i - 1] if i else ()
            out.append(
                tuple(
                    "" if c and c in (above[j : j + 1] + row[j - 1 : j] if j else above[:1]) else c
                    for j, c in enumerate(row)
                )
            )
    return [row for row in out if any(row)]


def _numbered(rows: list[tuple[str, ...]]) -> Counter:
    return Counter(row for row in rows if any(NUMBER.fullmatch(c) for c in row))


NUMBER = re.compile(r"\d\.\d{1,2}")


def test_the_action_plans_keep_their_rows_without_borders(borderless_pdfs):
    for name in ("saint-jean-de-la-ruelle", "seed-saint-jean"):
        data, printed = borderless_pdfs[name]
        word, pdf = read_docx(data, "plan.docx"), read_pdf(printed, "plan.pdf")
        if name == "saint-jean-de-la-ruelle":  # row for row
            assert _plan_rows(pdf) == _plan_rows(word)
        else:  # the seed's rows split by a page break are one again; all action rows are there
            assert len(_numbered(_plan_rows(word))) == 48
            assert _numbered(_plan_rows(pdf)) == _numbered(_plan_rows(word))


def _text_blocks(document):
    """Paragraphs as read; the sommaire's page numbers aside (tables take less room without borders)."""
    return [
        (re.sub(r"(\.{4,})\d+$", r"\1", b.text), b.heading, b.bold, b.list_item)
        for b in document.blocks
        if b.kind == "paragraph"
    ]


@pytest.mark.parametrize(
    ("name", "ruled"), [("saint-jean-de-la-ruelle", "saint-jean-de-la-ruelle"), ("seed-metz", "seed-metz")]
)
def test_without_borders_the_text_around_the_tables_reads_as_with_them(name, ruled, borderless_pdfs, pdfs):
    with_borders, without = read_pdf(pdfs[ruled], "a.pdf"), read_pdf(borderless_pdfs[name][1], "b.pdf")
    assert _text_blocks(without) == _text_blocks(with_borders)
    assert sum(b.kind == "table" for b in without.blocks) == sum(b.kind == "table" for b in with_borders.blocks)


@pytest.mark.parametrize("name", ["saint-jean-de-la-ruelle", "metz", "m2a"])
def test_the_bundled_examples_read_as_before(name, pdfs, monkeypatch):
    """Their tables have borders; their signature blocks (a table of one row without borders) and
    their text read as they did before tables without borders were looked for."""
    now = read_pdf(pdfs[name], "convention.pdf")
    monkeypatch.setattr(layout_module, "borderless_tables", lambda pages: None)
    monkeypatch.setattr(layout_module, "_split_row", lambda last, first: False)
    assert now.blocks == read_pdf(pdfs[name], "convention.pdf").blocks


def _three_columns_docx() -> bytes:
    """A Word draft with a table of three columns and no borders, its middle column wrapped over
    several lines, running from one page onto the next (each line its own: none may pass for a
    running header)."""
    d = docx.Document()
    d.add_heading("Annexe 3 : Plan d'actions", level=1)
    for k in range(24):
        d.add_paragraph(f"Paragraphe {k + 1} du corps du texte, avant le tableau des actions de la convention.")
    table = d.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Action", "Description", "Calendrier"), strict=True):
        cell.text = text
    themes = ("l'accueil du jeune enfant", "la parentalité", "l'accès aux droits", "la jeunesse", "le logement")
    places = ("du centre-ville", "des quartiers sud", "des Chaises", "de la ZAC", "des berges")
    for n, (theme, place) in enumerate(zip(themes, places, strict=True), start=1):
        cells = table.add_row().cells
        cells[0].text = theme.capitalize()
        cells[1].text = f"Développer {theme} {place} avec les partenaires de la commune, bilan en {2021 + n}."
        cells[2].text = f"{2021 + n}-2025"
    d.add_paragraph("Texte après le tableau.")
    out = io.BytesIO()
    d.save(out)
    return borderless(out.getvalue())


def test_a_generated_table_of_three_columns_over_a_page_break():
    data = _three_columns_docx()
    (printed,) = docx_to_pdf([data], ["trois-colonnes"])
    pdf, word = read_pdf(printed, "trois-colonnes.pdf"), read_docx(data, "trois-colonnes.docx")
    (table,) = [b for b in pdf.blocks if b.kind == "table"]  # one table over the page break
    ((expected,),) = [[b.rows for b in word.blocks if b.kind == "table"]]
    assert [tuple(_squeezed(c) for c in row) for row in table.rows] == [
        tuple(_squeezed(c) for c in row) for row in expected
    ]
    assert [b.page for b in pdf.blocks if b.text.startswith("Texte après")] == [table.page + 1] == [pdf.pages]
