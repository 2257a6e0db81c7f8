"""Layout of PDF text: lines, paragraphs, lists, table cells, page furniture, from inline words."""

from __future__ import annotations

from docgen.pdf.furniture import actes_facts, remove_furniture
from docgen.pdf.layout import layout
from docgen.pdf.lines import Line, Page, Word, lines_of, outside_tables
from docgen.pdf.paragraphs import cell_text, paragraphs
from docgen.pdf.tables import find_tables


def _line(text: str, x: float, base: float, size: float = 10, bold: bool = False, width: float = 0) -> list[Word]:
    """Words of a line starting at x, each letter 0.5 em wide (or spread over `width`)."""
    words, chars = [], len(text)
    em = width / chars if width else 0.5 * size
    for part in text.split(" "):
        words.append(Word(part, x, x + em * len(part), base, size, bold))
        x += em * (len(part) + 1)
    return words


def test_wrapped_lines_make_one_paragraph_and_spacing_ends_it():
    words = _line("La présente convention a pour objet de définir les", 50, 100, width=450)
    words += _line("modalités d'intervention des parties sur le territoire de Saint-", 50, 113, width=450)
    words += _line("Jean-de-la-Ruelle.", 50, 126)
    words += _line("Elle est conclue pour quatre ans.", 50, 145)
    paras = paragraphs(lines_of(words), {})
    assert [p.text for p in paras] == [
        "La présente convention a pour objet de définir les modalités d'intervention des parties "
        "sur le territoire de Saint-Jean-de-la-Ruelle.",
        "Elle est conclue pour quatre ans.",
    ]


def test_short_last_line_ends_a_paragraph_without_spacing():
    words = _line("Première phrase longue qui occupe toute la largeur de la colonne", 50, 100, width=450)
    words += _line("et finit ici.", 50, 113)
    words += _line("Seconde phrase, sans espace avant.", 50, 126)
    assert [p.text for p in paragraphs(lines_of(words), {})] == [
        "Première phrase longue qui occupe toute la largeur de la colonne et finit ici.",
        "Seconde phrase, sans espace avant.",
    ]


def test_font_changes_split_paragraphs_and_bullets_make_list_items():
    words = _line("Article 7 : Échanges de données", 50, 100, size=13, bold=True)
    words += _line("Les parties s'engagent :", 50, 116)
    words += _line("• à se transmettre les informations utiles à", 50, 129, width=450)
    words += _line("l'exécution de la convention ;", 70, 142)  # under the text, not the bullet
    words += _line("– à respecter le RGPD.", 50, 155)
    paras = paragraphs(lines_of(words), {})
    assert [(p.text, p.list_item, p.bold) for p in paras] == [
        ("Article 7 : Échanges de données", False, True),
        ("Les parties s'engagent :", False, False),
        ("à se transmettre les informations utiles à l'exécution de la convention ;", True, False),
        ("à respecter le RGPD.", True, False),
    ]


def test_a_dash_before_a_number_is_a_minus_sign():
    assert not Line(_line("– 0,55 %", 0, 10)).bullet
    assert Line(_line("- les familles", 0, 10)).bullet
    assert not Line(_line("—", 0, 10)).bullet  # an empty cell marked with a dash
    assert [w.text for w in Line(_line("•Texte suivi", 0, 10)).content()] == ["Texte", "suivi"]


def test_cell_text_mends_words_cut_at_a_narrow_column_edge():
    # cell from x=0 to x=40, text from x=5: inner right edge at 35
    assert cell_text(_line("Calend", 5, 10, width=29) + _line("rier", 5, 21), {}, 0, 40) == "Calendrier"
    assert cell_text(_line("1.1", 5, 10, width=29) + _line("0", 5, 21), {}, 0, 40) == "1.10"
    assert cell_text(_line("DCCAS", 5, 10, width=29) + _line("DAU", 5, 21), {}, 0, 40) == "DCCAS DAU"
    assert cell_text(_line("Accompagner", 5, 10, width=29) + _line("la", 5, 21), {}, 0, 40) == "Accompagner la"
    items = _line("• Premier indicateur", 5, 10) + _line("• Second indicateur", 5, 21)
    assert cell_text(items, {}, 0, 200) == "Premier indicateur\nSecond indicateur"


def test_tab_stops_are_kept_as_tabs():
    words = _line("Article 1 :", 50, 100) + _line("Objet de la convention........6", 150, 100)
    lines = lines_of(words)
    assert [(ln.text, ln.soft) for ln in lines] == [("Article 1 :", False), ("Objet de la convention........6", True)]
    blocks, _ = layout([Page(1, 595, 842, lines, [], "")])
    assert [b.text for b in blocks] == ["Article 1 :\tObjet de la convention........6"]


def _page(number: int, body: str, total: int) -> Page:
    words = _line("Convention territoriale globale – Orléans", 150, 40, size=8)
    words += _line(body, 50, 400)
    words += _line(f"page {number} / {total}", 280, 820, size=8)
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
    words = [w for k, text in enumerate(stamp) for w in _line(text, 400, 30 + 10 * k, size=7)]
    words += _line("Le conseil municipal approuve la convention.", 50, 300)
    text = "Envoyé en préfecture le 22/12/2022\r\nID : 045-214502858-20221219-DELIB2022353-DE\r\n"
    page = Page(1, 595, 842, lines_of(words), [], text)
    assert actes_facts([page]) == ["Identifiant ACTES : 045-214502858-20221219-DELIB2022353-DE"]
    blocks, facts = layout([page])
    assert [b.text for b in blocks] == ["Le conseil municipal approuve la convention."]
    assert facts == ["Identifiant ACTES : 045-214502858-20221219-DELIB2022353-DE"]


def test_a_header_laid_out_in_a_table_is_removed_too():
    pages = []
    for n in (1, 2, 3):
        tables = find_tables([(20, 50, 545), (40, 50, 545)], [(50, 20, 40), (300, 20, 40), (545, 20, 40)])
        words = _line("Caf du Loiret", 60, 34, size=8) + _line(f"Page {n}", 310, 34, size=8)
        words += _line("Une grille du corps de page.", 60, 300)
        lines = lines_of(outside_tables(words, tables))
        pages.append(Page(n, 595, 842, lines, tables, ""))
    blocks, _ = layout(pages)
    assert [(b.kind, b.text) for b in blocks] == [("paragraph", "Une grille du corps de page.")] * 3
