"""ctg verify: a generated file matches the signed state it was built from, word for word."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from docgen.cli import main
from tests.conftest import MINI
from tests.yamledit import add_amendment, edit


@pytest.fixture
def signed(tmp_path: Path, capsys) -> Path:
    folder = tmp_path / "conventions" / "villebourg"
    shutil.copytree(MINI, folder)
    assert main(["sign", str(folder)]) == 0
    capsys.readouterr()
    return folder


def _built(folder: Path, out: Path, capsys, *extra: str) -> Path:
    assert main(["build", str(folder), "--output", str(out), *extra]) == 0
    capsys.readouterr()
    return out / folder.name / "convention.docx"


def _one_word_changed(docx: Path, target: Path) -> Path:
    archive = zipfile.ZipFile(io.BytesIO(docx.read_bytes()))
    xml = archive.read("word/document.xml").decode()
    assert "Villebourg compte 4" in xml
    with zipfile.ZipFile(target, "w") as out:
        for name in archive.namelist():
            data = xml.replace("Villebourg compte 4", "Villebourg compte 9") if name == "word/document.xml" else None
            out.writestr(name, data if data is not None else archive.read(name))
    return target


def test_a_built_convention_matches_its_signed_state_and_one_word_changed_does_not(signed, tmp_path, capsys):
    docx = _built(signed, tmp_path / "out", capsys)
    assert main(["verify", str(signed), str(docx)]) == 0
    assert "Conforme" in capsys.readouterr().out
    altered = _one_word_changed(docx, tmp_path / "modifie.docx")
    assert main(["verify", str(signed), str(altered)]) == 1
    out = capsys.readouterr().out
    assert "Non conforme" in out and "le texte du document en diffère (modifié après sa production)" in out


def test_a_document_built_from_unsigned_data_matches_no_state(signed, tmp_path, capsys):
    edit(signed / "convention.yaml", lambda d: d["period"].update(end=dt.date(2028, 12, 31)))
    docx = _built(signed, tmp_path / "out", capsys)
    assert main(["verify", str(signed), str(docx)]) == 1
    assert "ne correspond à aucun état signé" in capsys.readouterr().out


def test_a_file_without_fingerprint(signed, tmp_path, capsys):
    docx = _built(signed, tmp_path / "out", capsys)
    archive = zipfile.ZipFile(io.BytesIO(docx.read_bytes()))
    stripped = tmp_path / "sans-empreinte.docx"
    with zipfile.ZipFile(stripped, "w") as out:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "docProps/core.xml":
                data = data.replace(b"empreinte des donn", b"sans")
            out.writestr(name, data)
    assert main(["verify", str(signed), str(stripped)]) == 1
    assert "ne porte pas l'empreinte" in capsys.readouterr().out


def test_an_avenant_matches_its_state_once_signed(signed, tmp_path, capsys):
    def prolonged(data):
        data["period"]["end"] = dt.date(2028, 12, 31)
        add_amendment(data, "Prolongation.", dt.date(2025, 6, 1), dt.date(2025, 6, 1))

    edit(signed / "convention.yaml", prolonged)
    out = tmp_path / "out"
    assert main(["avenant", str(signed), "--output", str(out)]) == 0
    assert main(["sign", str(signed)]) == 0
    capsys.readouterr()
    for name in ("avenant-01.docx", "convention-consolidee-01.docx", "redline-01.docx"):
        assert main(["verify", str(signed), str(out / signed.name / name)]) == 0, name
        assert "l'avenant n°\u00a01 signé le 1er juin 2025" in capsys.readouterr().out


def test_a_pdf_is_verified_through_libreoffice(signed, tmp_path, capsys):
    docx = _built(signed, tmp_path / "out", capsys, "--pdf")
    assert main(["verify", str(signed), str(docx.with_suffix(".pdf"))]) == 0
    assert "Conforme" in capsys.readouterr().out


def test_a_rewritten_register_is_refused_by_verify(signed, tmp_path, capsys):
    docx = _built(signed, tmp_path / "out", capsys)
    register = signed / "history" / "signatures.yaml"
    register.write_text(register.read_text(encoding="utf-8").replace("2024-03-15", "2024-03-01"), encoding="utf-8")
    assert main(["verify", str(signed), str(docx)]) == 2
    assert "la date de l'état n° 0 n'est pas celle de ses données" in capsys.readouterr().err
