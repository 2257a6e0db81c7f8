"""French everywhere: YAML syntax errors from libyaml and the system's reasons, never their English."""

from __future__ import annotations

import errno
import shutil

import pytest

from docgen.cli import main
from docgen.model.errors import os_reason
from tests.conftest import MINI
from tests.hostile.test_values import ENGLISH


@pytest.mark.parametrize(
    "old, new, reason",
    [
        ("  kind: commune\n", "\tkind: commune\n", "tabulation"),
        ("  place: Orléans\n", "  place: Orléans: centre\n", "«\u00a0:\u00a0»"),
        ("  place: Orléans\n", "  place: [Orléans\n", "délimiteur"),
        ("  place: Orléans\n", '  place: "Orléans\n', "guillemet"),
        ("  place: Orléans\n", '  place: "Orl\\qéans"\n', "échappement"),
        ("  place: Orléans\n", "  place: Orléans\n - x\n", "YAML mal formé"),
    ],
)
def test_yaml_syntax_errors_in_french_with_line_and_column(tmp_path, capsys, old, new, reason):
    folder = tmp_path / "villebourg"
    shutil.copytree(MINI, folder)
    path = folder / "convention.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["build", str(folder), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "YAML mal formé (" in err and reason in err and ", colonne " in err, err
    assert f"{path}:" in err
    assert not ENGLISH.search(err), err


@pytest.mark.parametrize(
    "code, french",
    [
        (errno.ENOSPC, "plus de place sur le disque"),
        (errno.EACCES, "permission refusée"),
        (errno.EROFS, "système de fichiers en lecture seule"),
        (errno.EBUSY, "fichier occupé par un autre programme"),
        (errno.ENOTDIR, "un élément du chemin n'est pas un dossier"),
        (errno.ECONNRESET, f"erreur du système n°\u00a0{errno.ECONNRESET}"),
    ],
)
def test_system_reasons_in_french(code, french):
    assert os_reason(OSError(code, "English reason")) == french


def test_an_output_folder_under_a_file_is_a_french_error(tmp_path, capsys):
    blocker = tmp_path / "sortie"
    blocker.write_text("un fichier, pas un dossier", encoding="utf-8")
    assert main(["build", str(MINI), "--output", str(blocker / "ici")]) == 2
    err = capsys.readouterr().err
    assert "écriture impossible (un élément du chemin n'est pas un dossier)" in err
    assert not ENGLISH.search(err), err
