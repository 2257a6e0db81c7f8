"""PDF words grouped into lines: bullets, minus signs, tab stops."""

from __future__ import annotations

from docgen.pdf.layout import layout
from docgen.pdf.lines import Line, Page, lines_of
from tests.pdf.words import text_at


def test_a_dash_before_a_number_is_a_minus_sign():
    assert not Line(text_at("– 0,55 %", 0, 10)).bullet
    assert Line(text_at("- les familles", 0, 10)).bullet
    assert not Line(text_at("—", 0, 10)).bullet  # an empty cell marked with a dash
    assert [w.text for w in Line(text_at("•Texte suivi", 0, 10)).content()] == ["Texte", "suivi"]


def test_tab_stops_are_kept_as_tabs():
    words = text_at("Article 1 :", 50, 100) + text_at("Objet de la convention........6", 150, 100)
    lines = lines_of(words)
    assert [(ln.text, ln.soft) for ln in lines] == [("Article 1 :", False), ("Objet de la convention........6", True)]
    blocks, *_ = layout([Page(1, 595, 842, lines, [], "")])
    assert [b.text for b in blocks] == ["Article 1 :\tObjet de la convention........6"]
