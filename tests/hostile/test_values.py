"""Hostile values in territory data: refused at load with file, line and key, never a traceback.

Each case is built on the fly from the small territory. Every command ends with exit 2, a
French message naming the file and the key, no English error phrase, and no file written.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from docgen.cli import main
from tests.conftest import MINI

ENGLISH = re.compile(r"Traceback|Error:|error:|Exception|not allowed|invalid|expected|found ", re.IGNORECASE)


def _territory(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "conventions" / "villebourg"
    shutil.copytree(MINI, folder)
    path = folder / "convention.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


CASES = {
    "vertical tab in a name": ("name: Paul Durand", 'name: "Paul\\vDurand"', "caractère interdit U+000B"),
    "nul in a name": ("name: Paul Durand", 'name: "Paul\\0Durand"', "caractère interdit U+0000"),
    "unit separator": ("function: maire", 'function: "maire\\x1f"', "caractère interdit U+001F"),
    "non-character": ("name: Paul Durand", 'name: "Paul\\uFFFEDurand"', "caractère interdit U+FFFE"),
    "only invisible characters": (
        "name: Paul Durand",
        'name: "\\u200B\\u200B"',
        "texte vide une fois retirés les espaces et caractères invisibles",
    ),
    "year 1": ("start: 2024-01-01", "start: 0001-01-01", "date hors des années 1900 à 2100"),
    "year 9999": ("date: 2024-03-15", "date: 9999-03-15", "date hors des années 1900 à 2100"),
    "not a number": ("schedule: 2024-2025", "schedule: .nan", "«\u00a0.nan\u00a0» n'est pas un nombre fini"),
    "infinity": ("place: Orléans", "place: .inf", "«\u00a0.inf\u00a0» n'est pas un nombre fini"),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", ["build", "sign"])
def test_a_hostile_value_is_refused_with_its_place(case, command, tmp_path, capsys):
    old, new, message = CASES[case]
    folder = _territory(tmp_path, old, new)
    out = tmp_path / "output"
    args = [command, str(folder)] + (["--output", str(out)] if command == "build" else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert f"{folder / 'convention.yaml'}:" in err, "the file and its line"
    assert not ENGLISH.search(err), err
    assert not out.exists() and not (folder / "history").exists()


def test_an_avenant_reason_with_a_control_character_is_refused(tmp_path, capsys):
    folder = _territory(tmp_path, "end: 2027-12-31", "end: 2027-12-31")
    assert main(["sign", str(folder)]) == 0
    text = (folder / "convention.yaml").read_text(encoding="utf-8").replace("end: 2027-12-31", "end: 2028-12-31")
    text += (
        "amendment:\n  reason: Prolongation.\n  effective: 2025-06-01\n"
        "  signature: {place: Orléans, date: 2025-06-01}\n"
        "  authorisations:\n    - {party: commune, act: délibération, date: 2025-05-20}\n"
    )
    (folder / "convention.yaml").write_text(text, encoding="utf-8")
    capsys.readouterr()
    out = tmp_path / "output"
    assert main(["avenant", str(folder), "--output", str(out), "--reason", "a\x0bb"]) == 2
    err = capsys.readouterr().err
    assert "motif de l'avenant\u00a0: caractère interdit U+000B" in err and not ENGLISH.search(err)
    assert not out.exists()
    assert main(["avenant", str(folder), "--output", str(out)]) == 0, "the same avenant, with its own reason"
