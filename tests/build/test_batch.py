"""Batch builds: every territory of a folder, one LibreOffice start, failures told and isolated."""

from __future__ import annotations

import io
import shutil

import docx
import pytest
from pypdf import PdfReader

from docgen.build.batch import territories
from docgen.build.paging import LAYOUT_PASSES
from docgen.cli import main
from docgen.model.errors import DocgenError
from docgen.pdf import convert
from tests.conftest import ROOT

EXAMPLES = ("metz", "saint-jean-de-la-ruelle")


@pytest.fixture
def department(tmp_path):
    """Two example territories and one whose data is broken."""
    folder = tmp_path / "conventions"
    for name in EXAMPLES:
        shutil.copytree(ROOT / "conventions" / name, folder / name)
    broken = folder / "commune-cassee"
    shutil.copytree(ROOT / "conventions" / "metz", broken)
    data = broken / "convention.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("parties:", "partis:", 1), encoding="utf-8")
    return folder


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_a_folder_is_built_territory_by_territory_and_a_broken_one_stops_none(department, tmp_path, capsys):
    out = tmp_path / "output"
    assert main(["build", str(department), "--output", str(out)]) == 2
    printed = capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == sorted(EXAMPLES)  # nothing for the broken one
    assert "Metz" in _text((out / "metz" / "convention.docx").read_bytes())
    assert "Saint-Jean" in _text((out / "saint-jean-de-la-ruelle" / "convention.docx").read_bytes())
    lines = printed.splitlines()
    assert lines[0].split() == ["Territoire", "Résultat"]
    broken = next(line for line in lines if line.startswith("commune-cassee"))
    assert "échec\u00a0:" in broken and "partis" in printed  # the French reason, naming the key
    assert lines[-1] == "2 conventions produites, 1 territoire en échec (rien n'en a été écrit)."


def test_the_pdfs_of_a_batch_come_from_one_libreoffice_start(department, tmp_path, capsys, monkeypatch):
    shutil.rmtree(department / "commune-cassee")
    starts = []
    original = convert._Guarded.start

    def counted(self, command, *args, **kwargs):
        starts.append(command)
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(convert._Guarded, "start", counted)
    out = tmp_path / "output"
    assert main(["build", str(department), "--pdf", "--output", str(out)]) == 0
    if convert.uno_python():  # one start, each document loaded once, its « (suite) » labels made there
        assert len(starts) == 1 and starts[0][1].endswith("unoexport.py") and starts[0][3] == str(len(EXAMPLES))
    else:  # one start for every document, then one for each layout pass of those labelled « (suite) »
        assert 1 <= len(starts) <= LAYOUT_PASSES and sum(arg.endswith(".docx") for arg in starts[0]) == len(EXAMPLES)
        assert all(sum(arg.endswith(".docx") for arg in again) <= len(EXAMPLES) for again in starts[1:])
    for name, words in (("metz", "Metz"), ("saint-jean-de-la-ruelle", "Saint-Jean")):
        pdf = PdfReader(out / name / "convention.pdf")
        assert len(pdf.pages) > 10 and words in pdf.pages[0].extract_text()
    assert capsys.readouterr().out.splitlines()[-1] == "2 conventions produites."


def test_two_territories_of_one_name_or_a_folder_without_any_are_refused(tmp_path):
    for parent in ("a", "b"):
        shutil.copytree(ROOT / "conventions" / "metz", tmp_path / parent / "metz")
    with pytest.raises(DocgenError, match="deux territoires s'appellent «\u00a0metz\u00a0»"):
        territories([tmp_path / "a", tmp_path / "b"])
    (tmp_path / "vide").mkdir()
    with pytest.raises(DocgenError, match="aucun fichier convention.yaml dans ce dossier ni dans ses sous-dossiers"):
        territories([tmp_path / "vide"])
