"""The French messages of schema errors, each located at its key and line in the user's file."""

from __future__ import annotations

import shutil

import pytest

from docgen.data.loading import load_convention
from docgen.model.errors import DocgenError, DocgenErrors
from tests.conftest import MINI
from tests.yamledit import edit


def _errors(tmp_path, library, change) -> list[DocgenError]:
    folder = tmp_path / "villebourg"
    shutil.copytree(MINI, folder)
    path = folder / "convention.yaml"
    edit(path, change)
    with pytest.raises(DocgenErrors) as raised:
        load_convention(folder, library)
    for error in raised.value.errors:
        assert error.path == str(path)
    return raised.value.errors


def _line_of(tmp_path, needle: str) -> int:
    lines = (tmp_path / "villebourg" / "convention.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def _caf_person(data) -> dict:
    return data["parties"][0]["representatives"][0]


def _set(mapping_of, key, value):
    return lambda d: mapping_of(d).__setitem__(key, value)


CASES = [
    # (change, key path, message, a text found on the line reported)
    (lambda d: d["territory"].pop("name"), "territory.name", "valeur manquante", "territory:"),
    (_set(lambda d: d["territory"], "name", None), "territory.name", "valeur manquante", "name: null"),
    (
        _set(lambda d: d["territory"], "departement", "Loiret"),
        "territory.departement",
        "clé inconnue «\u00a0departement\u00a0»\u00a0; vouliez-vous dire «\u00a0department\u00a0»\u00a0?",
        "departement:",
    ),
    (_set(lambda d: d["territory"], "name", " "), "territory.name", "valeur vide", "name: ' '"),
    (
        _set(lambda d: d["preamble"], "priority_domains", []),
        "preamble.priority_domains",
        "liste vide",
        "priority_domains",
    ),
    (lambda d: d["parties"].pop(), "parties", "au moins 2 éléments attendus", "parties:"),
    (
        lambda d: d["parties"].extend(
            {**d["parties"][1], "id": f"commune{i}", "authorisation": None} for i in range(7)
        ),
        "parties",
        "au plus 8 éléments attendus",
        "parties:",
    ),
    (
        _set(_caf_person, "name", "Claire " * 100),
        "parties[0].representatives[0].name",
        "texte trop long (au plus 500 caractères)",
        "name: 'Claire Claire",
    ),
    (_set(lambda d: d["territory"], "name", ["Villebourg"]), "territory.name", "texte attendu", "name:"),
    (
        _set(lambda d: d["preamble"], "priority_domains", "petite enfance"),
        "preamble.priority_domains",
        "liste attendue",
        "priority_domains",
    ),
    (_set(lambda d, *_: d, "territory", "Villebourg"), "territory", "ensemble de clés attendu", "territory:"),
    (
        _set(lambda d: d["period"], "start", "2024-13-01"),
        "period.start",
        "date impossible «\u00a02024-13-01\u00a0»\u00a0: il n'y a pas de mois n°\u00a013 (format AAAA-MM-JJ)",
        "start:",
    ),
    (_set(lambda d: d["equipment"], "year", "deux mille"), "equipment.year", "nombre entier attendu", "year:"),
    (
        _set(lambda d: d["parties"][0], "feminine", "oui"),
        "parties[0].feminine",
        "«\u00a0true\u00a0» ou «\u00a0false\u00a0» attendu",
        "feminine:",
    ),
    (
        _set(_caf_person, "civility", "Mme"),
        "parties[0].representatives[0].civility",
        "valeur «\u00a0Mme\u00a0» non admise (valeurs possibles\u00a0: «\u00a0Monsieur\u00a0» ou «\u00a0Madame\u00a0»)",
        "civility: Mme",
    ),
    (
        _set(lambda d: d["parties"][1], "id", "Commune"),
        "parties[1].id",
        "valeur «\u00a0Commune\u00a0» mal formée",
        "id: Commune",
    ),
    (
        _set(lambda d: d["equipment"], "year", 1999),
        "equipment.year",
        "valeur «\u00a01999\u00a0» hors des bornes admises (au moins 2000)",
        "year: 1999",
    ),
    (
        _set(lambda d: d["equipment"], "year", 2101),
        "equipment.year",
        "valeur «\u00a02101\u00a0» hors des bornes admises (au plus 2100)",
        "year: 2101",
    ),
]


@pytest.mark.parametrize("change, key, message, line_text", CASES, ids=[c[2][:40] for c in CASES])
def test_each_schema_error_has_its_french_message_at_its_key_and_line(
    tmp_path, library, change, key, message, line_text
):
    errors = _errors(tmp_path, library, change)
    assert [(e.key, e.message) for e in errors] == [(key, message)]
    assert errors[0].line == _line_of(tmp_path, line_text)


def test_every_error_of_a_file_is_listed_in_file_order(tmp_path, library):
    def change(d):
        _caf_person(d)["civility"] = "Mme"
        d["territory"]["departement"] = "Loiret"
        d["period"]["end"] = "fin 2027"

    errors = _errors(tmp_path, library, change)
    assert [e.key for e in errors] == ["territory.departement", "period.end", "parties[0].representatives[0].civility"]
    assert [e.line for e in errors] == sorted(e.line for e in errors)


# The traps a new user falls into: each refused with what to do.


def test_an_unquoted_decimal_number_is_refused_with_the_hint_to_quote_it(tmp_path, library):
    def decimal(d):
        d["action_plan"]["orientations"][0]["goals"][0]["objectives"][0]["actions"][1]["number"] = 1.10

    folder = tmp_path / "villebourg"
    shutil.copytree(MINI, folder)
    path = folder / "convention.yaml"
    edit(path, lambda d: None)
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("number: '1.2'", "number: 1.10")
        .replace('number: "1.2"', "number: 1.10"),
        encoding="utf-8",
    )
    assert "number: 1.10" in path.read_text(encoding="utf-8")
    with pytest.raises(DocgenErrors) as raised:
        load_convention(folder, library)
    first = raised.value.errors[0]
    assert first.key == "action_plan.orientations[0].goals[0].objectives[0].actions[1].number"
    assert first.message == (
        "«\u00a01.10\u00a0» est lu comme le nombre décimal 1.1\u00a0: écrivez-le entre guillemets "
        '(«\u00a0"1.10"\u00a0») pour qu\'il reste tel quel'
    )
    assert first.line == _line_of(tmp_path, "number: 1.10")


def test_an_impossible_date_is_named_and_the_other_errors_still_reported(tmp_path, library):
    def two(d):
        d["signature"]["date"] = "2024-02-31"
        d["parties"][0]["representatives"][0]["civility"] = "Mme"

    folder = tmp_path / "villebourg"
    shutil.copytree(MINI, folder)
    path = folder / "convention.yaml"
    edit(path, two)
    path.write_text(
        path.read_text(encoding="utf-8").replace("date: '2024-02-31'", "date: 2024-02-31"), encoding="utf-8"
    )
    with pytest.raises(DocgenErrors) as raised:
        load_convention(folder, library)
    assert [(e.key, e.message.split("\u00a0:")[0]) for e in raised.value.errors] == [
        ("signature.date", "date impossible «\u00a02024-02-31\u00a0»"),
        ("parties[0].representatives[0].civility", "valeur «\u00a0Mme\u00a0» non admise (valeurs possibles"),
    ]
    assert "le 31 février 2024 n'existe pas (février 2024 compte 29 jours)" in raised.value.errors[0].message


@pytest.mark.parametrize(
    "where, key, guess",
    [
        (lambda d: d["territory"], "departement", "department"),  # French for the key
        (lambda d: d, "periode", "period"),
        (lambda d: d["parties"][1], "representants", "representatives"),
        (lambda d: d["pilotage"]["steering_committee"], "frequence", "frequency"),
        (lambda d: d["parties"][1], "shortname", "short_name"),  # a typo
    ],
)
def test_an_unknown_key_gets_a_suggestion(tmp_path, library, where, key, guess):
    errors = _errors(tmp_path, library, lambda d: where(d).__setitem__(key, "x"))
    messages = [e.message for e in errors if e.message.startswith("clé inconnue")]
    assert messages == [f"clé inconnue «\u00a0{key}\u00a0»\u00a0; vouliez-vous dire «\u00a0{guess}\u00a0»\u00a0?"]


def test_an_unknown_key_without_likeness_keeps_the_general_hint(tmp_path, library):
    errors = _errors(tmp_path, library, lambda d: d["territory"].__setitem__("zzz", 1))
    assert [e.message for e in errors] == [
        "clé inconnue «\u00a0zzz\u00a0» (vérifier l'orthographe ou la documentation du schéma)"
    ]
