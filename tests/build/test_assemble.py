"""Assembly on small data: how parties are introduced and sign, with French agreement."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.build.assemble import party_block, party_feminine, signature_block
from docgen.data.loading import load_convention
from docgen.model.territory import Authorisation, Party, Representative, Signature
from tests.conftest import MINI

MADAME_DIRECTRICE = Representative(civility="Madame", name="Claire Martin", function="directrice")
MONSIEUR_DIRECTEUR = Representative(civility="Monsieur", name="Paul Durand", function="directeur")
MADAME_PRESIDENTE = Representative(civility="Madame", name="Anne Roy", function="présidente")
MADAME_ADJOINTE = Representative(civility="Madame", name="Inès Lenoir", function="adjointe au maire")


def _party(name: str, *people: Representative, short: str = "la Caf", **kw) -> Party:
    return Party(id="p", kind="caf", name=name, short_name=short, representatives=list(people), **kw)


CAF = "la Caisse d'allocations familiales du Loiret"


@pytest.mark.parametrize(
    "name,short,feminine",
    [
        (CAF, "la Caf", True),
        ("le centre communal d'action sociale de Metz", "le CCAS", False),
        ("Mulhouse Alsace Agglomération", "m2A", True),  # no article: feminine, as « la collectivité »
        ("Mulhouse Alsace Agglomération", "le syndicat", False),  # the short name's article decides
    ],
)
def test_gender_of_a_party_from_its_article(name, short, feminine):
    assert party_feminine(_party(name, MADAME_DIRECTRICE, short=short)) is feminine


def test_explicit_gender_wins_over_the_article():
    assert party_feminine(_party("le Grand Reims", MADAME_DIRECTRICE, short="le Grand Reims", feminine=True))


@pytest.mark.parametrize(
    "people,expected",
    [
        ((MADAME_DIRECTRICE,), "représentée par sa directrice, Madame Claire Martin, dûment autorisée à signer"),
        ((MONSIEUR_DIRECTEUR,), "représentée par son directeur, Monsieur Paul Durand, dûment autorisé à signer"),
        # « son » before a vowel, even for a woman
        ((MADAME_ADJOINTE,), "représentée par son adjointe au maire, Madame Inès Lenoir, dûment autorisée à signer"),
        (
            (MADAME_PRESIDENTE, MADAME_DIRECTRICE),
            "représentée par sa présidente, Madame Anne Roy, et par sa directrice, Madame Claire Martin, "
            "dûment autorisées à signer",
        ),
        (
            (MADAME_PRESIDENTE, MONSIEUR_DIRECTEUR),
            "représentée par sa présidente, Madame Anne Roy, et par son directeur, Monsieur Paul Durand, "
            "dûment autorisés à signer",
        ),
    ],
)
def test_representation_agrees_with_each_representative_and_their_number(people, expected):
    block = party_block(_party(CAF, *people))
    assert block.representation.startswith(expected + " la présente convention")
    assert block.name == "La Caisse d’allocations familiales du Loiret" and block.feminine


def test_a_masculine_party_is_represente_and_three_representatives_are_listed():
    people = (MADAME_PRESIDENTE, MONSIEUR_DIRECTEUR, MADAME_DIRECTRICE)
    block = party_block(_party("le centre communal d'action sociale de Metz", *people, short="le CCAS"))
    assert block.representation.startswith(
        "représenté par sa présidente, Madame Anne Roy, par son directeur, Monsieur Paul Durand, "
        "et par sa directrice, Madame Claire Martin, dûment autorisés"
    )
    assert not block.feminine and block.short_name == "le CCAS"


def test_authorisation_with_and_without_a_number():
    decided = dt.date(2022, 12, 19)
    numbered = Authorisation(act="délibération", body="conseil municipal", date=decided, number="DELIB2022353")
    block = party_block(_party("la commune de Saint-Jean", MONSIEUR_DIRECTEUR, authorisation=numbered))
    assert block.representation.endswith(
        "à signer la présente convention par délibération n°\u00a0DELIB2022353 du conseil municipal du 19 décembre 2022"
    )
    plain = Authorisation(act="décision", body="conseil d'administration", date=dt.date(2016, 4, 1))
    block = party_block(_party(CAF, MONSIEUR_DIRECTEUR, authorisation=plain), act="le présent avenant")
    assert block.representation.endswith(
        "à signer le présent avenant par décision du conseil d’administration du 1er avril 2016"
    )
    assert "n°" not in block.representation


def test_signature_block_one_column_per_representative(library):
    convention = load_convention(MINI, library)
    caf = convention.parties[0].model_copy(update={"representatives": [MADAME_PRESIDENTE, MONSIEUR_DIRECTEUR]})
    convention = convention.model_copy(update={"parties": [caf, *convention.parties[1:]]})
    block = signature_block(convention, Signature(place="Orléans", date=dt.date(2024, 3, 15)))
    assert [(s.party, s.function, s.name) for s in block.signatories] == [
        ("Pour la Caisse d’allocations familiales du Loiret", "La présidente", "Madame Anne Roy"),
        ("Pour la Caisse d’allocations familiales du Loiret", "Le directeur", "Monsieur Paul Durand"),
        ("Pour la commune de Villebourg", "Le maire", "Monsieur Paul Durand"),
    ]
    assert (block.place, block.date, block.originals) == ("Orléans", dt.date(2024, 3, 15), 2)
