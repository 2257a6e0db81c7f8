"""French dates and typography."""

from __future__ import annotations

import datetime as dt

from docgen.model.frenchtext import date_fr, join_fr, normalise, of, typography


def test_dates():
    assert date_fr(dt.date(2022, 1, 1)) == "1er janvier 2022"
    assert date_fr(dt.date(2025, 12, 31)) == "31 décembre 2025"
    assert date_fr(dt.date(2016, 8, 2)) == "2 août 2016"


def test_typography():
    assert typography("Article 1 : Objet") == "Article 1\u00a0: Objet"
    assert typography('dénommée "la Caf" ;') == "dénommée «\u00a0la Caf\u00a0»\u00a0;"
    assert typography("«la Caf»") == "«\u00a0la Caf\u00a0»"
    assert typography("l'annexe") == "l\u2019annexe"
    assert typography("vraiment?") == "vraiment\u00a0?"
    assert typography("à 10:30, http://caf.fr") == "à 10:30, http://caf.fr"
    assert typography("16 500 habitants, 23 %") == "16\u00a0500 habitants, 23\u00a0%"


def test_lists_and_contractions():
    assert join_fr(["a"]) == "a"
    assert join_fr(["a", "b", "c"]) == "a, b et c"
    assert of("le centre communal d'action sociale") == "du centre communal d'action sociale"
    assert of("la commune de Metz") == "de la commune de Metz"
    assert of("Mulhouse Alsace Agglomération") == "de Mulhouse Alsace Agglomération"


def test_normalise():
    assert normalise("  L\u2019Évaluation\u00a0:\n fin ") == "l'evaluation : fin"
