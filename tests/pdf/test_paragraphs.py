"""Lines joined into paragraphs and list items; the text of narrow table cells."""

from __future__ import annotations

from docgen.pdf.lines import lines_of
from docgen.pdf.paragraphs import cell_lines, cell_text, paragraphs
from tests.pdf.words import text_at


def test_wrapped_lines_make_one_paragraph_and_spacing_ends_it():
    words = text_at("La présente convention a pour objet de définir les", 50, 100, width=450)
    words += text_at("modalités d'intervention des parties sur le territoire de Saint-", 50, 113, width=450)
    words += text_at("Jean-de-la-Ruelle.", 50, 126)
    words += text_at("Elle est conclue pour quatre ans.", 50, 145)
    paras = paragraphs(lines_of(words), {})
    assert [p.text for p in paras] == [
        "La présente convention a pour objet de définir les modalités d'intervention des parties "
        "sur le territoire de Saint-Jean-de-la-Ruelle.",
        "Elle est conclue pour quatre ans.",
    ]


def test_short_last_line_ends_a_paragraph_without_spacing():
    words = text_at("Première phrase longue qui occupe toute la largeur de la colonne", 50, 100, width=450)
    words += text_at("et finit ici.", 50, 113)
    words += text_at("Seconde phrase, sans espace avant.", 50, 126)
    assert [p.text for p in paragraphs(lines_of(words), {})] == [
        "Première phrase longue qui occupe toute la largeur de la colonne et finit ici.",
        "Seconde phrase, sans espace avant.",
    ]


def test_font_changes_split_paragraphs_and_bullets_make_list_items():
    words = text_at("Article 7 : Échanges de données", 50, 100, size=13, bold=True)
    words += text_at("Les parties s'engagent :", 50, 116)
    words += text_at("• à se transmettre les informations utiles à", 50, 129, width=450)
    words += text_at("l'exécution de la convention ;", 70, 142)  # under the text, not the bullet
    words += text_at("– à respecter le RGPD.", 50, 155)
    paras = paragraphs(lines_of(words), {})
    assert [(p.text, p.list_item, p.bold) for p in paras] == [
        ("Article 7 : Échanges de données", False, True),
        ("Les parties s'engagent :", False, False),
        ("à se transmettre les informations utiles à l'exécution de la convention ;", True, False),
        ("à respecter le RGPD.", True, False),
    ]


def test_cell_text_mends_words_cut_at_a_narrow_column_edge():
    # cell from x=0 to x=40, text from x=5: inner right edge at 35
    assert cell_text(cell_lines(text_at("Calend", 5, 10, width=29) + text_at("rier", 5, 21), 0, 40), {}) == "Calendrier"
    assert cell_text(cell_lines(text_at("1.1", 5, 10, width=29) + text_at("0", 5, 21), 0, 40), {}) == "1.10"
    assert cell_text(cell_lines(text_at("DCCAS", 5, 10, width=29) + text_at("DAU", 5, 21), 0, 40), {}) == "DCCAS DAU"
    assert (
        cell_text(cell_lines(text_at("Accompagner", 5, 10, width=29) + text_at("la", 5, 21), 0, 40), {})
        == "Accompagner la"
    )
    items = text_at("• Premier indicateur", 5, 10) + text_at("• Second indicateur", 5, 21)
    assert cell_text(cell_lines(items, 0, 200), {}) == "Premier indicateur\nSecond indicateur"
