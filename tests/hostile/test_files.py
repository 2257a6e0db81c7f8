"""Files that are not what they claim: FIFOs, devices, folders, oversized files; refused at once."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from docgen.cli import main
from docgen.inputs import read_input
from docgen.model.errors import DocgenError
from tests.conftest import MINI
from tests.hostile.test_values import ENGLISH


def _special(tmp_path, kind: str, name: str):
    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_draft_that_is_not_a_regular_file(kind, tmp_path, capsys):
    draft = _special(tmp_path, kind, "projet.docx")
    started = time.monotonic()
    assert main(["check", str(draft)]) == 2
    assert time.monotonic() - started < 10, "refused at once, not read"  # generous: the point is no hang
    err = capsys.readouterr().err
    assert "ce n'est pas un fichier ordinaire" in err and str(draft) in err
    assert not ENGLISH.search(err), err


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_reference_that_is_not_a_regular_file(kind, tmp_path, capsys):
    reference = _special(tmp_path, kind, "reference.docx")
    draft = tmp_path / "projet.docx"
    assert main(["build", str(MINI), "--output", str(tmp_path / "out")]) == 0
    shutil.copy(tmp_path / "out" / "mini" / "convention.docx", draft)
    capsys.readouterr()
    assert main(["check", str(draft), "--reference", str(reference)]) == 2
    assert "ce n'est pas un fichier ordinaire" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_territory_data_and_register_that_are_not_regular_files(kind, tmp_path, capsys):
    folder = tmp_path / "villebourg"
    folder.mkdir()
    _special(folder, kind, "convention.yaml")
    assert main(["build", str(folder), "--output", str(tmp_path / "out")]) == 2
    assert "ce n'est pas un fichier ordinaire" in capsys.readouterr().err
    signed = tmp_path / "signed"
    shutil.copytree(MINI, signed)
    (signed / "history").mkdir()
    _special(signed / "history", kind, "signatures.yaml")
    assert main(["sign", str(signed)]) == 2
    err = capsys.readouterr().err
    assert "ce n'est pas un fichier ordinaire" in err and "signatures.yaml" in err and not ENGLISH.search(err)


def test_the_size_limit_is_checked_before_and_while_reading(tmp_path):
    big = tmp_path / "gros.yaml"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(DocgenError, match=r"fichier trop volumineux pour un essai \(au plus 0\u00a0Mo\)"):
        read_input(big, 1000, "un essai")
    assert read_input(big, 2000, "un essai") == b"a" * 2000
    with pytest.raises(DocgenError, match="fichier introuvable"):
        read_input(tmp_path / "absent.yaml", 1000, "un essai")
