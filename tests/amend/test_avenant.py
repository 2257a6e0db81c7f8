"""The avenant's tree on small data: one article per kind of change, in French, and nothing else."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from docgen.amend.avenant import assemble_avenant, avenant_record, consolidated
from docgen.amend.changes import (
    AnnexAdded,
    AnnexRemoved,
    AnnexReplaced,
    ArticleAdded,
    ArticleModified,
    ArticleRemoved,
    Change,
    PartyAdded,
    PartyRemoved,
    RepresentativeChanged,
)
from docgen.amend.history import SignedState
from docgen.build.assemble import assemble
from docgen.data.loading import load_convention
from docgen.model.territory import Amendment, AvenantAuthorisation, Convention, Party, Representative, Signature
from docgen.model.tree import Document
from tests.amend.test_changes import CCAS, DUREE, DUREE_2028, OBJET, PILOTAGE, PLAN, PLAN_2
from tests.conftest import MINI

SIGNED = dt.date(2024, 3, 15)
COMMUNE_ACT = AvenantAuthorisation(
    party="commune", act="délibération", body="conseil municipal", date=dt.date(2024, 11, 28), number="2024-88"
)
STATES = [SignedState(0, SIGNED, Path("00-convention.yaml"), "")]


@pytest.fixture(scope="module")
def data(library) -> tuple[Convention, Convention, Document]:
    old = load_convention(MINI, library)
    amendment = Amendment(
        reason="Les parties modifient la convention.",
        effective=dt.date(2025, 1, 1),
        signature=Signature(place="Orléans", date=dt.date(2024, 12, 10)),
        authorisations=[COMMUNE_ACT],
    )
    return old, old.model_copy(update={"amendment": amendment}), assemble(old, library)


def _avenant(data, changes: list[Change], states=STATES) -> Document:
    old_data, new_data, tree = data
    record = avenant_record(len(states), old_data, new_data, changes)
    return assemble_avenant(record, states, old_data, tree, tree, "Motif.")


def _only_article(data, change: Change) -> tuple[str, str]:
    avenant = _avenant(data, [change])
    assert [a.number for a in avenant.articles] == [1, 2, 3]
    assert avenant.articles[0].title == "Objet de l’avenant"
    assert avenant.articles[-1].title == "Dispositions inchangées et prise d’effet"
    return avenant.articles[1].title, avenant.articles[1].text


def _caf(data) -> Party:
    return data[0].parties[0]


KINDS = {
    "party-added": (
        lambda d: PartyAdded(CCAS),
        "Adhésion du centre communal d’action sociale de Villebourg",
        "Le centre communal d’action sociale de Villebourg, représenté par sa vice-présidente, Madame Lucie Petit, "
        "dûment autorisée à signer la présente convention, devient partie à la convention à compter du "
        "1er janvier 2025, sous la dénomination «\u00a0le CCAS\u00a0». Il est ajouté aux parties désignées en tête "
        "de la convention et à son bloc de signature.",
    ),
    "party-removed": (
        lambda d: PartyRemoved(CCAS),
        "Retrait du centre communal d’action sociale de Villebourg",
        "Le centre communal d’action sociale de Villebourg cesse d’être partie à la convention à compter du "
        "1er janvier 2025.",
    ),
    "representative": (
        lambda d: RepresentativeChanged(
            _caf(d).model_copy(
                update={
                    "representatives": [Representative(civility="Monsieur", name="Luc Bernard", function="directeur")]
                }
            ),
            previous=_caf(d),
        ),
        "Représentation de la Caisse d’allocations familiales du Loiret",
        "À compter du 1er janvier 2025, la Caisse d’allocations familiales du Loiret est représentée par son "
        "directeur, Monsieur Luc Bernard, en lieu et place de sa directrice, Madame Claire Martin.",
    ),
    "article-modified": (
        lambda d: ArticleModified(DUREE, DUREE_2028),
        "Modification de l’article 2 «\u00a0Durée de la convention\u00a0»",
        "L’article 2 «\u00a0Durée de la convention\u00a0» de la convention est ainsi rédigé\u00a0:\n"
        "«\u00a0La convention est conclue du 1er janvier 2024 au 31 décembre 2028.\u00a0»",
    ),
    "article-added": (
        lambda d: ArticleAdded(OBJET),
        "Ajout de l’article 1 «\u00a0Objet de la convention\u00a0»",
        "Il est ajouté à la convention un article 1 «\u00a0Objet de la convention\u00a0» ainsi rédigé\u00a0:\n"
        "«\u00a0La présente convention a pour objet de définir le projet.\u00a0»",
    ),
    "article-removed": (
        lambda d: ArticleRemoved(OBJET),
        "Suppression de l’article 1 «\u00a0Objet de la convention\u00a0»",
        "L’article 1 «\u00a0Objet de la convention\u00a0» de la convention est supprimé.",
    ),
    "annex-replaced": (
        lambda d: AnnexReplaced(PLAN, PLAN_2),
        "Remplacement de l’annexe 1 «\u00a0Plan d’actions\u00a0»",
        "L’annexe 1 «\u00a0Plan d’actions\u00a0» est remplacée par l’annexe 1 du présent avenant.",
    ),
    "annex-added": (
        lambda d: AnnexAdded(PILOTAGE),
        "Ajout de l’annexe 2 «\u00a0Pilotage\u00a0»",
        "Il est ajouté à la convention une annexe 2 «\u00a0Pilotage\u00a0», qui figure en annexe 1 du présent avenant.",
    ),
    "annex-removed": (
        lambda d: AnnexRemoved(PILOTAGE),
        "Suppression de l’annexe 2 «\u00a0Pilotage\u00a0»",
        "L’annexe 2 «\u00a0Pilotage\u00a0» de la convention est supprimée.",
    ),
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_change_has_its_article(data, kind):
    make, title, text = KINDS[kind]
    assert _only_article(data, make(data)) == (title, text)


@pytest.mark.parametrize("kind", KINDS)
def test_an_article_states_its_own_change_only(data, kind):
    _, title, text = KINDS[kind]
    others = [make(data) for other, (make, _, _) in KINDS.items() if other != kind]
    avenant = _avenant(data, others)
    assert len(avenant.articles) == len(KINDS) + 1
    assert title not in [a.title for a in avenant.articles]
    assert all(text != a.text for a in avenant.articles)


def test_replaced_and_added_annexes_are_attached_then_the_avenants_own_acts(data):
    avenant = _avenant(data, [make(data) for make, _, _ in KINDS.values()])
    assert [(a.number, a.title) for a in avenant.annexes] == [
        (1, "Plan d'actions"),
        (2, "Pilotage"),
        (3, "Délibérations et décisions autorisant la signature du présent avenant"),
    ]
    assert [a.text for a in avenant.annexes[:2]] == [PLAN_2.text, PILOTAGE.text]
    assert avenant.annexes[2].text.split("\n") == [
        "Délibération n°\u00a02024-88 du conseil municipal de la commune de Villebourg du 28 novembre 2024",
        "Objet\u00a0: approbation de l’avenant n°\u00a01 à la convention territoriale globale et autorisation de "
        "signature donnée à son représentant. L’extrait certifié conforme est joint au présent avenant.",
    ]
    only_article = _avenant(data, [ArticleModified(DUREE, DUREE_2028)])
    assert [a.key for a in only_article.annexes] == ["deliberations_avenant"]


def test_the_avenant_cites_its_own_acts_never_the_conventions(data):
    avenant = _avenant(data, [ArticleModified(DUREE, DUREE_2028)])
    commune = avenant.parties[1]
    assert commune.representation == (
        "représentée par son maire, Monsieur Paul Durand, dûment autorisé à signer le présent avenant par "
        "délibération n°\u00a02024-88 du conseil municipal du 28 novembre 2024"
    )
    visas = [b.text for b in avenant.visas if hasattr(b, "text")]
    assert visas[-1] == (
        "Vu la délibération n°\u00a02024-88 du conseil municipal de la commune de Villebourg du 28 novembre 2024 "
        "autorisant la signature du présent avenant."
    )
    assert not any("12 février 2024" in v for v in visas), "the convention's own deliberation"
    assert avenant.parties[0].representation.endswith("à signer le présent avenant"), "the Caf signs by itself"


def test_a_joining_party_signs_under_its_own_act(data):
    joining = CCAS.model_copy(
        update={"authorisation": COMMUNE_ACT.model_copy(update={"body": "conseil d'administration"})}
    )
    old_data, new_data, tree = data
    record = avenant_record(1, old_data, new_data.model_copy(update={"parties": [*new_data.parties, joining]}), [])
    assert [p.authorisation.body if p.authorisation else None for p in record.signers] == [
        None,
        "conseil municipal",
        "conseil d'administration",
    ]


def test_the_preamble_lists_the_changes_after_the_reason(data):
    avenant = _avenant(data, [PartyAdded(CCAS), AnnexReplaced(PLAN, PLAN_2)])
    assert avenant.preamble is not None
    assert avenant.preamble.text.split("\n") == [
        "Motif.",
        "En conséquence, le présent avenant porte sur\u00a0:",
        "l’adhésion du centre communal d’action sociale de Villebourg à la convention",
        "le remplacement de l’annexe 1 «\u00a0Plan d’actions\u00a0»",
    ]


def test_title_dates_and_earlier_avenants(data):
    first = _avenant(data, [ArticleModified(DUREE, DUREE_2028)])
    assert first.title == (
        "Avenant n°\u00a01 à la convention territoriale globale de services aux familles signée le 15 mars 2024"
    )
    assert first.subtitle == "Prise d’effet le 1er janvier 2025"
    assert first.date == dt.date(2024, 12, 10)
    assert first.articles[-1].text.endswith("Le présent avenant prend effet le 1er janvier 2025.")
    assert "et de ses avenants" not in first.articles[-1].text
    states = [*STATES, SignedState(1, dt.date(2024, 6, 1), Path("01-avenant.yaml"), "")]
    second = _avenant(data, [ArticleModified(DUREE, DUREE_2028)], states)
    assert second.title.startswith("Avenant n°\u00a02 ")
    assert "signée le 15 mars 2024, modifiée par l’avenant n°\u00a01 du 1er juin 2024" in second.articles[0].text
    assert "Vu l’avenant n°\u00a01 à cette convention, signé le 1er juin 2024\u00a0;" in [
        p.text for p in second.visas if hasattr(p, "text")
    ]
    assert "et de ses avenants" in second.articles[-1].text


def _record(data, number: int, signed: dt.date, changes: list[Change]):
    old_data, new_data, _ = data
    assert new_data.amendment is not None
    amendment = new_data.amendment.model_copy(update={"signature": Signature(place="Orléans", date=signed)})
    return avenant_record(number, old_data, new_data.model_copy(update={"amendment": amendment}), changes)


def test_the_consolidated_convention_is_signed_as_it_was_then_lists_its_avenants(data):
    old_data, _, tree = data
    director = _caf(data).model_copy(
        update={"representatives": [Representative(civility="Monsieur", name="Luc Bernard", function="directeur")]}
    )
    first = _record(data, 1, dt.date(2024, 6, 1), [RepresentativeChanged(director, previous=_caf(data))])
    first = dataclasses.replace(first, signers=(director, *first.signers[1:]))
    one = consolidated(tree, old_data, [first])
    assert one.cover_lines == (
        *tree.cover_lines,
        "Version consolidée intégrant l’avenant n°\u00a01 du 1er juin 2024",
    )
    assert one.signature == tree.signature, "the convention's signatories, place and date"
    heading, table = one.after_signature
    assert heading.text == "Avenants à la convention"
    assert [[c.text for c in row] for row in table.rows] == [
        [
            "n°\u00a01",
            "À Orléans, le 1er juin 2024",
            "Pour la Caisse d’allocations familiales du Loiret\u00a0: Monsieur Luc Bernard, directeur\n"
            "Pour la commune de Villebourg\u00a0: Monsieur Paul Durand, maire",
            "Le changement de représentant de la Caisse d’allocations familiales du Loiret.",
        ]
    ]
    deliberations = next(a for a in one.annexes if a.key == "deliberations")
    before = next(a for a in tree.annexes if a.key == "deliberations")
    assert deliberations.blocks[: len(before.blocks)] == before.blocks, "the convention's acts first"
    assert deliberations.text.split("\n")[-2:] == [
        "Délibération n°\u00a02024-88 du conseil municipal de la commune de Villebourg du 28 novembre 2024",
        "Objet\u00a0: approbation de l’avenant n°\u00a01 à la convention territoriale globale et autorisation de "
        "signature donnée à son représentant. L’extrait certifié conforme est joint à l’avenant n°\u00a01.",
    ]
    second = _record(data, 2, dt.date(2024, 12, 10), [ArticleModified(DUREE, DUREE_2028)])
    two = consolidated(tree, old_data, [first, second])
    assert two.cover_lines[-1] == (
        "Version consolidée intégrant les avenants n°\u00a01 et 2, le dernier signé le 10 décembre 2024"
    )
    assert len(two.after_signature[1].rows) == 2 and two.articles == tree.articles
    third = _record(data, 3, dt.date(2025, 2, 1), [ArticleModified(DUREE, DUREE_2028)])
    assert (
        consolidated(tree, old_data, [first, second, third])
        .cover_lines[-1]
        .startswith("Version consolidée intégrant les avenants n°\u00a01 à 3,")
    )


def test_the_redline_marks_rows_and_list_items_whole_and_cells_word_by_word():
    from docgen.amend.redline import redline
    from docgen.model.tree import BulletList, Tracked
    from tests.check.rules.trees import annex, bullets, document, table

    header = ("N°", "Action", "Calendrier")
    old_table = table(header, ("1.1", "Réserver trois places", "2024-2025"), ("1.2", "Informer les familles", "2024"))
    new_table = table(
        header, ("1.1", "Réserver trois places", "2024-2026"), ("1.3", "Réunir les assistantes maternelles", "2026")
    )
    old = document((), (annex(1, "Plan", old_table, bullets("a", "b", "c"), key="plan"),), sig=None)
    new = document((), (annex(1, "Plan", new_table, bullets("a", "c", "d"), key="plan"),), sig=None)
    marked = redline(dataclasses.replace(old, signature=_sig()), dataclasses.replace(new, signature=_sig()))
    merged_table, *lists = marked.annexes[0].blocks
    # the header and the rows, with their status: 1.1 changed in one cell, 1.2 removed, 1.3 added
    rows = [[c.text for c in row] for row in merged_table.rows]
    assert merged_table.row_status == (None, None, "deleted", "inserted")
    assert rows[2] == ["1.2", "Informer les familles", "2024"] and rows[3][0] == "1.3"
    changed = rows[1]
    assert changed[:2] == ["1.1", "Réserver trois places"]
    calendar = merged_table.rows[1][2].blocks  # a one-word cell: its paragraph struck and reinserted
    assert [(b.status, b.block.text) for b in calendar] == [("deleted", "2024-2025"), ("inserted", "2024-2026")]
    # the list: « b » removed, « d » added, each as its own tracked item
    assert [(type(b).__name__, getattr(b, "status", None)) for b in lists] == [
        ("BulletList", None),
        ("Tracked", "deleted"),
        ("BulletList", None),
        ("Tracked", "inserted"),
    ]
    assert isinstance(lists[1], Tracked) and isinstance(lists[1].block, BulletList)
    assert lists[1].block.items[0].text == "b" and lists[3].block.items[0].text == "d"


def _sig():
    from tests.check.rules.trees import signature

    return signature()
