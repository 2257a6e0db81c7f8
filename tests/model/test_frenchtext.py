"""French dates, lists, contractions, gender, typography and the comparison form."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.model.frenchtext import (
    cap,
    date_fr,
    enumerated,
    is_feminine,
    join_fr,
    normalise,
    of,
    text_problem,
    typography,
)

NB = "\u00a0"


@pytest.mark.parametrize(
    "date, text",
    [
        (dt.date(2022, 1, 1), "1er janvier 2022"),
        (dt.date(2025, 12, 31), "31 décembre 2025"),
        (dt.date(2016, 8, 2), "2 août 2016"),
        (dt.date(2024, 2, 29), "29 février 2024"),
        (dt.date(2023, 10, 11), "11 octobre 2023"),
    ],
)
def test_dates(date, text):
    assert date_fr(date) == text


@pytest.mark.parametrize(
    "raw, typeset",
    [
        ("Article 1 : Objet", f"Article 1{NB}: Objet"),
        ("Article 1: Objet", f"Article 1{NB}: Objet"),
        ("Article 1\u202f: Objet", f"Article 1{NB}: Objet"),
        ('dénommée "la Caf" ;', f"dénommée «{NB}la Caf{NB}»{NB};"),
        ("«la Caf»", f"«{NB}la Caf{NB}»"),
        ("«  la Caf  »", f"«{NB}la Caf{NB}»"),
        ("l'annexe", "l\u2019annexe"),
        ("vraiment?", f"vraiment{NB}?"),
        ("Attention !", f"Attention{NB}!"),
        ("(voir annexe 2): ", f"(voir annexe 2){NB}: "),
        ("à 10:30, http://caf.fr", "à 10:30, http://caf.fr"),
        ("16 500 habitants, 23 %", f"16{NB}500 habitants, 23{NB}%"),
        ("un budget de 12 000 €", f"un budget de 12{NB}000{NB}€"),
        ("délibération n° 2022-35", f"délibération n°{NB}2022-35"),
        ("en 2022 2025", "en 2022 2025"),  # two years, not a thousands group
        ("sans rien", "sans rien"),
    ],
)
def test_typography(raw, typeset):
    assert typography(raw) == typeset
    assert typography(typeset) == typeset, "typography is idempotent"


def test_lists():
    assert join_fr([]) == ""
    assert join_fr(["a"]) == "a"
    assert join_fr(["a"], "ou") == "a"
    assert join_fr(["a", "b"]) == "a et b"
    assert join_fr(["a", "b", "c"]) == "a, b et c"
    assert join_fr(["a", "b", "c"], "ou") == "a, b ou c"
    assert join_fr(n for n in (1, 2)) == "1 et 2"


@pytest.mark.parametrize(
    "name, contracted",
    [
        ("le centre communal d'action sociale", "du centre communal d'action sociale"),
        ("Le Centre", "du Centre"),
        ("les communes de la vallée", "des communes de la vallée"),
        ("la commune de Metz", "de la commune de Metz"),
        ("l'agglomération", "de l'agglomération"),
        ("l\u2019agglomération", "de l\u2019agglomération"),
        ("Mulhouse Alsace Agglomération", "de Mulhouse Alsace Agglomération"),
        ("Orléans Métropole", "d'Orléans Métropole"),
        ("Épinal", "d'Épinal"),
        ("Haguenau", "d'Haguenau"),
        ("Ygrande", "d'Ygrande"),
        ("Èze", "d'Èze"),
        ("Lesneven", "de Lesneven"),
        ("lesquelles", "de lesquelles"),
    ],
)
def test_contraction_of_de(name, contracted):
    assert of(name) == contracted


@pytest.mark.parametrize(
    "name, feminine",
    [
        ("la Caisse d'allocations familiales", True),
        ("La Commune", True),
        ("le centre communal", False),
        ("les communes", False),
        ("Mulhouse Alsace Agglomération", None),
        ("l'agglomération", None),
        ("lavallée", None),
    ],
)
def test_gender_from_the_article(name, feminine):
    assert is_feminine(name) is feminine


def test_capital_first_letter_only():
    assert cap("la commune de Saint-Jean") == "La commune de Saint-Jean"
    assert cap("éVALUATION") == "ÉVALUATION"
    assert cap("") == ""


@pytest.mark.parametrize(
    "text, folded",
    [
        ("  L\u2019Évaluation\u00a0:\n fin ", "l'evaluation : fin"),
        ("Œuvre ÇA\u202fva", "œuvre ca va"),
        ("Déjà   vu\tici", "deja vu ici"),
        ("crème brûlée", "creme brulee"),
        ("\u2018aujourd\u2019hui\u2019\u2009!", "'aujourd'hui' !"),
        ("ǅ", "dz"),
        ("\u1e16cole", "ecole"),  # beyond the table: decomposed
    ],
)
def test_normalise(text, folded):
    assert normalise(text) == folded


def test_enumerated_items_take_legal_punctuation():
    assert enumerated(["petite enfance", "parentalité ;", "jeunesse."]) == [
        "petite enfance ;",
        "parentalité ;",
        "jeunesse.",
    ]
    assert enumerated(["seul"]) == ["seul."]
    assert enumerated([]) == []


@pytest.mark.parametrize(
    "text, problem",
    [
        ("Christophe\x0bChaillou", "caractère interdit U+000B en position 11 (caractère de contrôle ou non-caractère)"),
        ("\x00", "caractère interdit U+0000 en position 1 (caractère de contrôle ou non-caractère)"),
        ("a\x7f", "caractère interdit U+007F en position 2 (caractère de contrôle ou non-caractère)"),
        ("\ufdd0", "caractère interdit U+FDD0 en position 1 (caractère de contrôle ou non-caractère)"),
        ("\u200b\u00a0\ufeff", "texte vide une fois retirés les espaces et caractères invisibles"),
        ("ligne 1\nligne 2\tfin", None),
        ("l’été « ici »", None),
        ("", None),
    ],
)
def test_text_that_cannot_be_written(text, problem):
    assert text_problem(text) == problem
