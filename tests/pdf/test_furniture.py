"""Page furniture taken out: running headers and footers, page numbers, stamps, ACTES ids."""

from __future__ import annotations

from docgen.pdf.furniture import actes_facts, remove_furniture
from docgen.pdf.layout import layout
from docgen.pdf.lines import Page, lines_of, outside_tables
from docgen.pdf.tables import find_tables
from tests.pdf.words import text_at


def _page(number: int, body: str, total: int) -> Page:
    words = text_at("Convention territoriale globale – Orléans", 150, 40, size=8)
    words += text_at(body, 50, 400)
    words += text_at(f"page {number} / {total}", 280, 820, size=8)
    return Page(number, 595, 842, lines_of(words), [], "")


def test_running_headers_and_page_numbers_are_removed():
    pages = [_page(n, f"Texte de la page {n}.", 3) for n in (1, 2, 3)]
    remove_furniture(pages)
    assert [[ln.text for ln in p.lines] for p in pages] == [[f"Texte de la page {n}."] for n in (1, 2, 3)]
    # two pages: too few to call a line repeated, but page numbers always go
    pages = [_page(n, "Texte.", 2) for n in (1, 2)]
    remove_furniture(pages)
    assert [ln.text for ln in pages[0].lines] == ["Convention territoriale globale – Orléans", "Texte."]


def test_stamp_lines_and_actes_identifiers():
    stamp = ["Envoyé en préfecture le 22/12/2022", "Reçu en préfecture le 22/12/2022", "Publié le"]
    words = [w for k, text in enumerate(stamp) for w in text_at(text, 400, 30 + 10 * k, size=7)]
    words += text_at("Le conseil municipal approuve la convention.", 50, 300)
    text = "Envoyé en préfecture le 22/12/2022\r\nID : 045-214502858-20221219-DELIB2022353-DE\r\n"
    page = Page(1, 595, 842, lines_of(words), [], text)
    assert actes_facts([page]) == ["Identifiant ACTES : 045-214502858-20221219-DELIB2022353-DE"]
    blocks, facts, _ = layout([page])
    assert [b.text for b in blocks] == ["Le conseil municipal approuve la convention."]
    assert facts == ["Identifiant ACTES : 045-214502858-20221219-DELIB2022353-DE"]


def test_a_header_laid_out_in_a_table_is_removed_too():
    pages = []
    for n in (1, 2, 3):
        tables = find_tables([(20, 50, 545), (40, 50, 545)], [(50, 20, 40), (300, 20, 40), (545, 20, 40)])
        words = text_at("Caf du Loiret", 60, 34, size=8) + text_at(f"Page {n}", 310, 34, size=8)
        words += text_at("Une grille du corps de page.", 60, 300)
        lines = lines_of(outside_tables(words, tables))
        pages.append(Page(n, 595, 842, lines, tables, ""))
    blocks, *_ = layout(pages)
    assert [(b.kind, b.text) for b in blocks] == [("paragraph", "Une grille du corps de page.")] * 3
