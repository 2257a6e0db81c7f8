"""Bad territory data: exit code 2, a French message naming file, line and key, no output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.cli import main
from docgen.data.loading import load_convention
from docgen.model.errors import DocgenError
from tests.conftest import MINI

MINI_TEXT = (MINI / "convention.yaml").read_text(encoding="utf-8")


def _territory(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "conventions" / "villebourg"
    folder.mkdir(parents=True)
    (folder / "convention.yaml").write_text(text, encoding="utf-8")
    return folder


def _replace(old: str, new: str) -> str:
    assert MINI_TEXT.count(old) == 1, old
    return MINI_TEXT.replace(old, new)


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


CASES = {
    "missing representative": (
        _replace("      - civility: Monsieur\n        name: Paul Durand\n        function: maire\n", ""),
        "parties[1].representatives",
        "valeur manquante",
        "    representatives:\n    authorisation",
    ),
    "representative name blank": (
        _replace("name: Paul Durand", "name:"),
        "parties[1].representatives[0].name",
        "valeur manquante",
        "name:\n        function: maire",
    ),
    "end before start": (
        _replace("end: 2027-12-31", "end: 2023-06-30"),
        "period.end",
        "postérieure à la date de début",
        "end: 2023-06-30",
    ),
    "action without number": (
        _replace('- number: "1.2"\n                  title: Informer', "- title: Informer"),
        "actions[1].number",
        "valeur manquante",
        "- title: Informer",
    ),
    "unknown key": (
        _replace("  department: Loiret\n", "  department: Loiret\n  departement: Loiret\n"),
        "territory.departement",
        "clé inconnue «\u00a0departement\u00a0»\u00a0; vouliez-vous dire «\u00a0department\u00a0»\u00a0?",
        "  departement: Loiret",
    ),
    "malformed yaml": (
        _replace("  place: Orléans\n", "  place: [Orléans\n"),
        None,
        "YAML mal formé",
        None,
    ),
    "duplicate action": (
        _replace('number: "1.2"', 'number: "1.1"'),
        "actions[1].number",
        "en double",
        'number: "1.1"\n                  title: Informer',
    ),
    "invalid date": (
        _replace("date: 2024-03-15", "date: 2024-02-31"),
        "signature.date",
        "le 31 février 2024 n'existe pas (février 2024 compte 29 jours)",
        "date: 2024-02-31",
    ),
    "deliberation after signature": (
        _replace("date: 2024-02-12", "date: 2024-04-12"),
        "parties[1].authorisation.date",
        "postérieur à la date de signature",
        "date: 2024-04-12",
    ),
    "unknown committee party": (
        _replace("secretariat: commune", "secretariat: mairie"),
        "pilotage.steering_committee.secretariat",
        "partie inconnue",
        "secretariat: mairie",
    ),
    "fiche citing a missing action": (
        _replace('actions: ["1.1"]', 'actions: ["9.9"]'),
        "action_plan.fiches[0].actions[0]",
        "absente du plan",
        'actions: ["9.9"]',
    ),
    "yaml alias": (
        _replace("  place: Orléans\n", "  place: &p Orléans\n  lieu: *p\n"),
        "signature.lieu",
        "alias YAML non autorisé",
        "  lieu: *p",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_data_is_refused_with_a_located_french_error(case, tmp_path, capsys):
    text, key, message, fragment = CASES[case]
    folder = _territory(tmp_path, text)
    out = tmp_path / "output"
    code = main(["build", str(folder), "--output", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "convention.yaml:" in err and message in err, err
    if key:
        assert key in err, err
    if fragment:
        line = _line_of(text, fragment)
        assert re.search(rf"convention\.yaml:{line}\b", err), (line, err)
    assert "Traceback" not in err
    assert not out.exists() or not any(out.rglob("*")), "no output file on error"


def test_previous_output_is_kept_when_new_data_is_bad(tmp_path, capsys):
    folder = _territory(tmp_path, MINI_TEXT)
    out = tmp_path / "output"
    assert main(["build", str(folder), "--output", str(out)]) == 0
    written = (out / "villebourg" / "convention.docx").read_bytes()
    (folder / "convention.yaml").write_text(_replace("end: 2027-12-31", "end: 2020-01-01"), encoding="utf-8")
    assert main(["build", str(folder), "--output", str(out)]) == 2
    assert (out / "villebourg" / "convention.docx").read_bytes() == written
    assert sorted(p.name for p in (out / "villebourg").iterdir()) == [".ctg-produits.json", "convention.docx"]


def test_all_errors_are_reported_at_once(tmp_path, library):
    text = _replace("name: Paul Durand", "name:").replace("department: Loiret", "departement: Loiret")
    folder = _territory(tmp_path, text)
    with pytest.raises(DocgenError) as info:
        load_convention(folder, library)
    message = str(info.value)
    assert "parties[1].representatives[0].name" in message
    assert "territory.departement" in message and "territory.department" in message


def test_missing_file_and_non_mapping(tmp_path, library):
    with pytest.raises(DocgenError, match="introuvable"):
        load_convention(tmp_path / "nowhere", library)
    folder = _territory(tmp_path, "- juste\n- une liste\n")
    with pytest.raises(DocgenError, match="ensemble de clés"):
        load_convention(folder, library)


def test_non_utf8_file(tmp_path, library):
    folder = _territory(tmp_path, "")
    (folder / "convention.yaml").write_bytes("model: ctg-2020\nterritory: Orl\xe9ans\n".encode("latin-1"))
    with pytest.raises(DocgenError, match="UTF-8"):
        load_convention(folder, library)


def test_unknown_model(tmp_path, library):
    folder = _territory(tmp_path, _replace("model: ctg-2020", "model: ctg-1999"))
    with pytest.raises(DocgenError, match=r"convention\.yaml:2 model.*modèle national inconnu"):
        load_convention(folder, library)


def test_addition_to_an_unknown_article(tmp_path, library):
    folder = _territory(tmp_path, MINI_TEXT + "additions:\n  article_inexistant: Texte.\n")
    with pytest.raises(DocgenError, match="additions.article_inexistant"):
        load_convention(folder, library)
