"""Party blocks and people as real drafts write them."""

from __future__ import annotations

import pytest

from docgen.check.parties import parse_parties, people


def test_people_with_every_civility_and_surnames_in_capitals():
    text = (
        "représentée par le Président de son Conseil d'administration, M. Jean-Marc LABAT, et par sa "
        "Directrice, Mme Chantal DUPRAT ; Monsieur Nicolas Sansu ; Madame Hélène de La Tour"
    )
    assert [p.written for p in people(text)] == [
        "M. Jean-Marc LABAT",
        "Mme Chantal DUPRAT",
        "Monsieur Nicolas Sansu",
        "Madame Hélène de La Tour",
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("M. Thierry GIBERT", "Monsieur Thierry Gibert", True),
        ("M. GIBERT", "Monsieur Thierry GIBERT", True),  # the first name left out
        ("Mme Chantal DUPRAT", "M. Chantal DUPRAT", False),  # another civility
        ("M. Thierry GIBERT", "M. Thierry GILBERT", False),
        ("Mme Hélène MOREL", "Madame Helene Morel", True),  # accents aside
    ],
)
def test_same_person(a, b, same):
    assert people(a)[0].same_as(people(b)[0]) is same


def test_parties_introduced_by_dashes_without_et_lines():
    lines = [
        "Entre :",
        "- La Caisse d'allocations familiales de la Corrèze, représentée par son Directeur, M. Thierry GIBERT,",
        "ci-après dénommée « la Caf »,",
        "2",
        "- La Commune d'Altillac, représentée par son Maire, Mme Aurélie BRUNIE,",
        "ci-après dénommée « la Commune »,",
        "- Le SIVOM du canton de Beaulieu, représenté par son Président, M. Serge MONTEIL",
        "Il est convenu ce qui suit :",
    ]
    parties = parse_parties(lines)
    assert [p.name for p in parties] == [
        "La Caisse d'allocations familiales de la Corrèze",
        "La Commune d'Altillac",
        "Le SIVOM du canton de Beaulieu",
    ], "the page number « 2 » is not a party"
    assert [p.short_name for p in parties] == ["la Caf", "la Commune", ""]
    assert parties[2].representation == "représenté par son Président, M. Serge MONTEIL"


def test_parties_on_separate_lines_separated_by_et():
    lines = [
        "Entre :",
        "La Caisse d'allocations familiales du Loiret,",
        "représentée par sa directrice, Madame Hélène Morel,",
        "ci-après dénommée « la Caf »,",
        "Et",
        "La commune de Saint-Jean-de-la-Ruelle,",
        "représentée par son maire, Monsieur Christophe Chaillou,",
        "ci-après dénommée « la commune ».",
        "Vu le code général des collectivités territoriales ;",
    ]
    parties = parse_parties(lines)
    assert [(p.name, p.short_name) for p in parties] == [
        ("La Caisse d'allocations familiales du Loiret", "la Caf"),
        ("La commune de Saint-Jean-de-la-Ruelle", "la commune"),
    ]
    assert people(parties[0].representation)[0].written == "Madame Hélène Morel"


def test_a_party_line_ending_with_et_and_names_in_quotes():
    lines = [
        "Entre :",
        "« La CAISSE D'ALLOCATIONS FAMILIALES » de la Gironde, représentée par sa Directrice, Mme Chantal DUPRAT, Et",
        "La Métropole de Bordeaux, représentée par son Président, M. Alain ANZIANI,",
    ]
    assert [p.name for p in parse_parties(lines)] == [
        "La CAISSE D'ALLOCATIONS FAMILIALES de la Gironde",
        "La Métropole de Bordeaux",
    ]


def test_logo_captions_are_never_parties():
    lines = ["Entre :", "Logo de la Caf", "La Commune de Saran, représentée par sa Maire, Mme Maryvonne HAUTIN"]
    assert [p.name for p in parse_parties(lines)] == ["La Commune de Saran"]
