"""Change detection between a signed state and the current data: every kind, produced and absent."""

from __future__ import annotations

import pytest

from docgen.amend.changes import (
    AnnexAdded,
    AnnexRemoved,
    AnnexReplaced,
    ArticleAdded,
    ArticleModified,
    ArticleRemoved,
    PartyAdded,
    PartyRemoved,
    RepresentativeChanged,
    all_changes,
    party_changes,
    section_changes,
    summary,
)
from docgen.data.loading import load_convention
from docgen.model.territory import Convention, Party, Representative
from docgen.model.tree import Section
from tests.check.rules.trees import annex, article, document
from tests.conftest import MINI


@pytest.fixture(scope="module")
def signed(library) -> Convention:
    return load_convention(MINI, library)


def _with_parties(convention: Convention, parties: list[Party]) -> Convention:
    return convention.model_copy(update={"parties": parties})


def _party(convention: Convention, pid: str) -> Party:
    return next(p for p in convention.parties if p.id == pid)


def _represented(party: Party, *people: tuple[str, str, str]) -> Party:
    representatives = [Representative(civility=c, name=n, function=f) for c, n, f in people]
    return party.model_copy(update={"representatives": representatives})


CCAS = Party(
    id="ccas",
    kind="ccas",
    name="le centre communal d'action sociale de Villebourg",
    short_name="le CCAS",
    representatives=[Representative(civility="Madame", name="Lucie Petit", function="vice-présidente")],
)


def test_the_same_parties_give_no_change(signed):
    assert party_changes(signed, signed) == []
    assert party_changes(signed, _with_parties(signed, [p.model_copy() for p in signed.parties])) == []


def test_a_party_joining(signed):
    now = _with_parties(signed, [*signed.parties, CCAS])
    assert party_changes(signed, now) == [PartyAdded(CCAS)]
    assert party_changes(now, now) == []


def test_a_party_leaving(signed):
    now = _with_parties(signed, [*signed.parties, CCAS])
    assert party_changes(now, signed) == [PartyRemoved(CCAS)]


def test_parties_are_matched_by_id_not_by_position(signed):
    reordered = _with_parties(signed, list(reversed(signed.parties)))
    assert party_changes(signed, reordered) == []


@pytest.mark.parametrize(
    "people",
    [
        (("Madame", "Sophie Klein", "directrice"),),  # someone else
        (("Madame", "Claire Martin", "directrice par intérim"),),  # another function
        (("Monsieur", "Claire Martin", "directrice"),),  # civility corrected
        (("Madame", "Claire Martin", "directrice"), ("Monsieur", "Luc Bernard", "président du conseil")),
    ],
    ids=["person", "function", "civility", "one-more"],
)
def test_a_representative_changed(signed, people):
    caf = _party(signed, "caf")
    new_caf = _represented(caf, *people)
    now = _with_parties(signed, [new_caf if p.id == "caf" else p for p in signed.parties])
    assert party_changes(signed, now) == [RepresentativeChanged(new_caf, previous=caf)]


def test_a_party_renamed_is_a_change_of_its_representation(signed):
    commune = _party(signed, "commune")
    renamed = commune.model_copy(update={"name": "la commune nouvelle de Villebourg-sur-Loire"})
    now = _with_parties(signed, [renamed if p.id == "commune" else p for p in signed.parties])
    assert party_changes(signed, now) == [RepresentativeChanged(renamed, previous=commune)]


def test_short_name_alone_is_not_a_party_change(signed):
    commune = _party(signed, "commune")
    now = _with_parties(
        signed,
        [commune.model_copy(update={"short_name": "la Ville"}) if p.id == "commune" else p for p in signed.parties],
    )
    assert party_changes(signed, now) == []


OBJET = article(1, "Objet de la convention", "La présente convention a pour objet de définir le projet.", key="objet")
DUREE = article(
    2, "Durée de la convention", "La convention est conclue du 1er janvier 2024 au 31 décembre 2027.", key="duree"
)
DUREE_2028 = article(
    2, "Durée de la convention", "La convention est conclue du 1er janvier 2024 au 31 décembre 2028.", key="duree"
)
PREAMBLE = Section("article", "preambule", None, "Préambule", ())
PLAN = annex(1, "Plan d'actions", "Action 1.1 : trois places d'accueil occasionnel.", key="action_plan")
PLAN_2 = annex(1, "Plan d'actions", "Action 1.1 : quatre places d'accueil occasionnel.", key="action_plan")
PILOTAGE = annex(2, "Pilotage", "Le comité de pilotage se réunit une fois par an.", key="pilotage")


def test_identical_documents_give_no_change():
    doc = document((OBJET, DUREE), (PLAN, PILOTAGE))
    assert section_changes(doc, doc) == []


def test_renumbering_alone_is_not_a_change():
    old = document((OBJET, DUREE), (PLAN, PILOTAGE))
    moved = (
        article(5, "Objet de la convention", OBJET.text, key="objet"),
        article(1, "Durée de la convention", DUREE.text, key="duree"),
    )
    assert section_changes(old, document(moved, (PILOTAGE, PLAN))) == []


def test_an_article_modified_by_its_text():
    assert section_changes(document((OBJET, DUREE)), document((OBJET, DUREE_2028))) == [
        ArticleModified(DUREE, DUREE_2028)
    ]


def test_an_article_modified_by_its_title():
    retitled = article(2, "Durée", DUREE.text, key="duree")
    assert section_changes(document((OBJET, DUREE)), document((OBJET, retitled))) == [ArticleModified(DUREE, retitled)]


def test_the_preamble_is_compared_like_an_article():
    changed = Section("article", "preambule", None, "Préambule", DUREE_2028.blocks)
    assert section_changes(document(preamble=PREAMBLE), document(preamble=PREAMBLE)) == []
    assert section_changes(document(preamble=PREAMBLE), document(preamble=changed)) == [
        ArticleModified(PREAMBLE, changed)
    ]
    assert section_changes(document(), document(preamble=PREAMBLE)) == [ArticleAdded(PREAMBLE)]


def test_an_article_added_and_one_removed():
    assert section_changes(document((OBJET,)), document((OBJET, DUREE))) == [ArticleAdded(DUREE)]
    assert section_changes(document((OBJET, DUREE)), document((OBJET,))) == [ArticleRemoved(DUREE)]


def test_annexes_replaced_added_and_removed():
    assert section_changes(document((), (PLAN, PILOTAGE)), document((), (PLAN_2, PILOTAGE))) == [
        AnnexReplaced(PLAN, PLAN_2)
    ]
    assert section_changes(document((), (PLAN,)), document((), (PLAN, PILOTAGE))) == [AnnexAdded(PILOTAGE)]
    assert section_changes(document((), (PLAN, PILOTAGE)), document((), (PILOTAGE,))) == [AnnexRemoved(PLAN)]


def test_changes_in_the_current_order_then_the_removed_ones():
    old = document((OBJET, DUREE), (PLAN,))
    new = document((DUREE_2028, article(3, "Évaluation", "Texte.", key="evaluation")), (PLAN_2, PILOTAGE))
    assert [type(c) for c in section_changes(old, new)] == [
        ArticleModified,
        ArticleAdded,
        ArticleRemoved,
        AnnexReplaced,
        AnnexAdded,
    ]


def test_all_changes_lists_parties_first(signed):
    now = _with_parties(signed, [*signed.parties, CCAS])
    changes = all_changes(signed, now, document((OBJET, DUREE)), document((OBJET, DUREE_2028)))
    assert changes == [PartyAdded(CCAS), ArticleModified(DUREE, DUREE_2028)]


def test_summary_of_each_kind(signed):
    caf = _party(signed, "caf")
    lines = [
        summary(PartyAdded(CCAS)),
        summary(PartyRemoved(CCAS)),
        summary(RepresentativeChanged(caf, previous=caf)),
        summary(ArticleModified(DUREE, DUREE_2028)),
        summary(ArticleAdded(OBJET)),
        summary(ArticleRemoved(OBJET)),
        summary(ArticleModified(PREAMBLE, PREAMBLE)),
        summary(AnnexReplaced(PLAN, PLAN_2)),
        summary(AnnexAdded(PILOTAGE)),
        summary(AnnexRemoved(PILOTAGE)),
    ]
    assert lines == [
        "l'adhésion du centre communal d'action sociale de Villebourg à la convention",
        "le retrait du centre communal d'action sociale de Villebourg de la convention",
        "le changement de représentant de la Caisse d'allocations familiales du Loiret",
        "la modification de l'article 2 «\u00a0Durée de la convention\u00a0»",
        "l'ajout de l'article 1 «\u00a0Objet de la convention\u00a0»",
        "la suppression de l'article 1 «\u00a0Objet de la convention\u00a0»",
        "la modification du préambule",
        "le remplacement de l'annexe 1 «\u00a0Plan d'actions\u00a0»",
        "l'ajout de l'annexe 2 «\u00a0Pilotage\u00a0»",
        "la suppression de l'annexe 2 «\u00a0Pilotage\u00a0»",
    ]
