"""What an avenant says changed inside a replaced annex: actions, fiches, equipment, committees."""

from __future__ import annotations

import pytest

from docgen.amend.annexdiff import annex_changes
from docgen.data.loading import load_convention
from docgen.model.territory import Convention
from tests.conftest import MINI


@pytest.fixture(scope="module")
def signed(library) -> Convention:
    return load_convention(MINI, library)


def _changed(convention: Convention, path: tuple, **update) -> Convention:
    """A copy of `convention` with the object at `path` (attribute names and list indexes) updated."""

    def rebuild(node, rest):
        if not rest:
            return node.model_copy(update=update)
        head, *tail = rest
        if isinstance(head, int):
            items = list(node)
            items[head] = rebuild(items[head], tail)
            return items
        return node.model_copy(update={head: rebuild(getattr(node, head), tail)})

    return rebuild(convention, list(path))


ACTIONS = ("action_plan", "orientations", 0, "goals", 0, "objectives", 0)


def test_no_change_says_nothing(signed):
    for key in ("action_plan", "equipment", "pilotage", "diagnosis"):
        assert annex_changes(key, signed, signed) == []


def test_actions_added_removed_and_modified_with_their_fields(signed):
    objective = signed.action_plan.orientations[0].goals[0].objectives[0]
    first, second = objective.actions
    added = first.model_copy(update={"number": "1.3", "title": "Ouvrir un lieu d'accueil enfants-parents"})
    changed = second.model_copy(update={"schedule": "2024-2028", "owner": "Service petite enfance"})
    now = _changed(signed, ACTIONS, actions=[changed, added])
    assert annex_changes("action_plan", signed, now) == [
        "l'action 1.3 «\u00a0Ouvrir un lieu d'accueil enfants-parents\u00a0» est ajoutée",
        "l'action 1.1 «\u00a0Réserver trois places d'accueil occasionnel\u00a0» est supprimée",
        "l'action 1.2 «\u00a0Informer les familles de l'offre\u00a0» est modifiée (porteur et calendrier)",
    ]


def test_fiches_added_removed_and_modified(signed):
    fiche = signed.action_plan.fiches[0]
    modified = fiche.model_copy(update={"partners": ["Caf", "PMI", "CCAS"]})
    now = _changed(signed, ("action_plan",), fiches=[modified])
    assert annex_changes("action_plan", signed, now) == [
        "la fiche action «\u00a0Développer l'accueil occasionnel\u00a0» est modifiée (partenaires)"
    ]
    renamed = fiche.model_copy(update={"title": "Accueil occasionnel"})
    now = _changed(signed, ("action_plan",), fiches=[renamed])
    assert annex_changes("action_plan", signed, now) == [
        "la fiche action «\u00a0Accueil occasionnel\u00a0» est ajoutée",
        "la fiche action «\u00a0Développer l'accueil occasionnel\u00a0» est supprimée",
    ]


def test_equipment_added_removed_described_otherwise(signed):
    category = signed.equipment.categories[0]
    lutins = category.structures[0]
    moved = lutins.model_copy(update={"address": "5 rue des Écoles"})
    creche = lutins.model_copy(update={"name": "Crèche « Les Petits Pas »"})
    now = _changed(signed, ("equipment", "categories", 0), structures=[moved, creche])
    assert annex_changes("equipment", signed, now) == [
        "«\u00a0Crèche « Les Petits Pas »\u00a0» (Établissements d'accueil du jeune enfant) est ajouté à la liste",
        "la description de «\u00a0Multi-accueil « Les Lutins »\u00a0» est modifiée",
    ]
    gone = _changed(signed, ("equipment", "categories", 0), structures=[creche])
    assert annex_changes("equipment", signed, gone)[1] == (
        "«\u00a0Multi-accueil « Les Lutins »\u00a0» (Établissements d'accueil du jeune enfant) est retiré de la liste"
    )
    assert annex_changes("equipment", signed, _changed(signed, ("equipment",), year=2025)) == [
        "la liste est mise à jour pour l'année 2025"
    ]


def test_committee_members_and_organisation(signed):
    committee = signed.pilotage.steering_committee
    caf, commune = committee.members
    now = _changed(
        signed,
        ("pilotage", "steering_committee"),
        members=[caf.model_copy(update={"members": ["la directrice", "la conseillère territoriale"]})],
        frequency="deux fois par an",
        secretariat="caf",
    )
    assert annex_changes("pilotage", signed, now) == [
        "au comité de pilotage, la Caisse d'allocations familiales du Loiret est désormais représentée par "
        "la directrice et la conseillère territoriale",
        "la commune de Villebourg ne siège plus au comité de pilotage",
        "le comité de pilotage se réunit désormais deux fois par an",
        "le secrétariat du comité de pilotage est désormais assuré par la Caisse d'allocations familiales du Loiret",
    ]
    technical = committee.model_copy(update={"frequency": "chaque trimestre"})
    with_technical = _changed(signed, ("pilotage",), technical_committee=technical)
    assert annex_changes("pilotage", signed, with_technical) == ["un comité technique est institué"]
    assert annex_changes("pilotage", with_technical, signed) == ["le comité technique est supprimé"]
