"""Defaults: what the tool knows so that the user need not type it, each visible and overridable."""

from __future__ import annotations

import shutil

import pytest

from docgen.build.job import build_bytes
from docgen.data.defaults import EVALUATION_TEXT, caf_name, departements, with_defaults
from docgen.data.loading import load_convention
from docgen.model.errors import DocgenErrors
from docgen.model.frenchtext import typography
from tests.conftest import ROOT
from tests.yamledit import edit

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


@pytest.mark.parametrize(
    "department, name",
    [
        ("Cher", "la Caisse d'allocations familiales du Cher"),
        ("Moselle", "la Caisse d'allocations familiales de la Moselle"),
        ("ain", "la Caisse d'allocations familiales de l'Ain"),
        ("Bouches-du-Rhône", "la Caisse d'allocations familiales des Bouches-du-Rhône"),
        ("Paris", "la Caisse d'allocations familiales de Paris"),
        ("Eure-et-Loir", "la Caisse d'allocations familiales d'Eure-et-Loir"),
        ("45", "la Caisse d'allocations familiales du Loiret"),
        ("2A", "la Caisse d'allocations familiales de la Corse-du-Sud"),
        ("La Réunion", "la Caisse d'allocations familiales de La Réunion"),
        ("Loirett", None),
    ],
)
def test_the_cafs_name_from_its_departement(department, name):
    assert caf_name(department) == name


def test_the_table_holds_the_101_departements():
    names = {name for name, _ in departements().values()}
    assert len(names) == 101


def test_a_minimal_territory_builds_with_every_default_visible(library):
    _, doc = build_bytes(MINIMAL, library)
    assert doc.parties[0].name == "La Caisse d’allocations familiales du Cher"
    assert doc.parties[0].short_name == "la Caf"
    assert doc.parties[1].representation.endswith(
        "par délibération n°\u00a02024-021 du conseil municipal du 15 février 2024"
    )
    pilotage = next(a for a in doc.annexes if a.key == "pilotage").text
    assert "pour la Caf\u00a0:\nla directrice\npour la commune\u00a0:\nle maire" in pilotage
    evaluation = next(a for a in doc.annexes if a.key == "evaluation").text
    assert evaluation == typography(EVALUATION_TEXT)


def test_every_default_can_be_overridden(tmp_path, library):
    folder = tmp_path / "vierzon"
    shutil.copytree(MINIMAL, folder)

    def given(data):
        caf = data["parties"][0]
        caf.update(name="la Caisse d'allocations familiales du Cher (Bourges)", short_name="la Caf du Cher")
        data["parties"][1]["authorisation"]["body"] = "conseil municipal réuni en séance extraordinaire"
        data["pilotage"]["steering_committee"]["members"] = [{"party": "caf", "members": ["la conseillère"]}]
        data["evaluation"] = {"text": "Une évaluation propre au territoire."}

    edit(folder / "convention.yaml", given)
    c = load_convention(folder, library)
    assert (c.parties[0].name, c.parties[0].short_name) == (
        "la Caisse d'allocations familiales du Cher (Bourges)",
        "la Caf du Cher",
    )
    assert c.parties[1].authorisation.body == "conseil municipal réuni en séance extraordinaire"
    assert [m.members for m in c.pilotage.steering_committee.members] == [["la conseillère"]]
    assert c.evaluation.text == "Une évaluation propre au territoire."


def test_bodies_follow_the_kind_of_party_in_avenants_too():
    data = {
        "parties": [{"id": "epci", "kind": "epci", "authorisation": {"act": "délibération"}}],
        "amendment": {"authorisations": [{"party": "epci", "act": "délibération"}]},
    }
    filled = with_defaults(data)
    assert filled["parties"][0]["authorisation"]["body"] == "conseil communautaire"
    assert filled["amendment"]["authorisations"][0]["body"] == "conseil communautaire"
    assert "body" not in data["parties"][0]["authorisation"], "the data read are not changed"
    assert with_defaults(["pas", "un", "dictionnaire"]) == ["pas", "un", "dictionnaire"]


def test_an_unknown_departement_is_named_with_a_suggestion(tmp_path, library):
    folder = tmp_path / "vierzon"
    shutil.copytree(MINIMAL, folder)
    edit(folder / "convention.yaml", lambda d: d["territory"].update(department="Chers"))
    with pytest.raises(DocgenErrors) as raised:
        load_convention(folder, library)
    messages = [(e.key, e.message) for e in raised.value.errors]
    assert (
        "territory.department",
        "département inconnu «\u00a0Chers\u00a0»\u00a0; vouliez-vous dire «\u00a0Cher\u00a0»\u00a0?",
    ) in messages


def test_the_readme_shows_the_minimal_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (MINIMAL / "convention.yaml").read_text(encoding="utf-8") in readme


def test_the_minimal_convention_passes_the_checker(tmp_path, library):
    from docgen.check.job import check_file
    from docgen.model.findings import ERROR

    data, _ = build_bytes(MINIMAL, library)
    draft = tmp_path / "vierzon.docx"
    draft.write_bytes(data)
    report = check_file(draft, library)
    assert report.count(ERROR) == 0, [f.message for f in report.findings]
