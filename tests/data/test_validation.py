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
        "clé inconnue (vérifier l'orthographe ou la documentation du schéma)",
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
        "date invalide «\u00a02024-13-01\u00a0» (format attendu\u00a0: AAAA-MM-JJ)",
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
