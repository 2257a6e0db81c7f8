"""`ctg models add`: a model convention registered as a reference model, then drafts checked against it."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
import yaml

from docgen.build.job import build_bytes
from docgen.check.registration import reference_model
from docgen.cli import main
from docgen.library.catalog import load_library
from docgen.library.reference import ReferenceModel, reference_folder
from docgen.model.errors import DocgenError
from docgen.model.records import dumped
from docgen.resources import SETTING
from tests.check.test_job import _Docx
from tests.conftest import ROOT

MODEL_ID = "caf-57-2020"
SENTENCE = "Les supports de communication communs comportent le logo de chacune des parties."
CHANGED = "Les supports de communication communs comportent le seul logo de la commune."


@pytest.fixture(scope="module")
def metz() -> bytes:
    data, _ = build_bytes(ROOT / "conventions" / "metz")
    return data


@pytest.fixture
def own_library(tmp_path, monkeypatch):
    """A Caf's own library folder (`CTG_LIBRARY`), empty: the bundled clauses still apply."""
    folder = tmp_path / "bibliotheque"
    folder.mkdir()
    monkeypatch.setenv(SETTING, str(folder))
    return folder


def _json_check(capsys, *args: str) -> list[dict]:
    capsys.readouterr()
    code = main(["check", *args, "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)
    return findings


def _add(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["models", "add", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_registered_convention_checks_clean_against_itself_and_one_changed_sentence_is_named(
    tmp_path, capsys, metz, own_library
):
    convention = tmp_path / "metz.docx"
    convention.write_bytes(metz)
    code, out, _ = _add(capsys, str(convention), "--id", MODEL_ID)
    assert code == 0
    written = own_library / "models" / f"{MODEL_ID}.yaml"
    assert written.is_file()
    assert f"enregistré\u00a0: {written}" in out

    assert _json_check(capsys, str(convention), "--model", MODEL_ID) == []

    draft = _Docx(metz)
    draft.replace(SENTENCE, CHANGED)
    changed = tmp_path / "modifiee.docx"
    changed.write_bytes(draft.bytes())
    findings = _json_check(capsys, str(changed), "--model", MODEL_ID)
    assert [f["code"] for f in findings] == ["altered-article"], findings
    (altered,) = findings
    assert altered["severity"] == "warning" and altered["section"] == "Article 8"
    assert f"s'écarte du texte du modèle de référence {MODEL_ID}" in altered["message"]
    assert "ajouté «\u00a0seul" in altered["message"] and "chacune des parties" in altered["message"]

    # against the library's own wording, the same change of wording is not reported
    assert _json_check(capsys, str(changed)) == []


def test_the_reference_model_file_holds_articles_clauses_and_annexes(tmp_path, capsys, metz, own_library):
    convention = tmp_path / "metz.docx"
    convention.write_bytes(metz)
    assert _add(capsys, str(convention), "--id", MODEL_ID, "--label", "Modèle de la Caf de la Moselle")[0] == 0
    data = yaml.safe_load((own_library / "models" / f"{MODEL_ID}.yaml").read_text(encoding="utf-8"))
    library = load_library()
    base = library.models["ctg-2016"]
    assert data["base"] == "ctg-2016" and data["source"] == "metz.docx"
    assert data["label"] == "Modèle de la Caf de la Moselle"
    assert [a["clause"] for a in data["articles"]] == base.articles
    assert [a["number"] for a in data["articles"]] == list(range(1, 13))
    communication = next(a for a in data["articles"] if a["clause"] == "communication")
    assert SENTENCE in communication["text"]
    assert {a["key"] for a in data["annexes"]} == {a.key for a in base.annexes}
    assert all(a["mandatory"] == next(s.mandatory for s in base.annexes if s.key == a["key"]) for a in data["annexes"])

    assert MODEL_ID in library.references and MODEL_ID not in library.models
    seen = library.model(MODEL_ID)
    assert seen.id == MODEL_ID and seen.articles == base.articles
    assert [a.key for a in seen.annexes] == [a.key for a in base.annexes]


def test_models_lists_the_registered_model_with_its_origin(tmp_path, capsys, metz, own_library):
    convention = tmp_path / "metz.docx"
    convention.write_bytes(metz)
    assert _add(capsys, str(convention), "--id", MODEL_ID)[0] == 0
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "ctg-2020 — " in out and "ctg-2016 — " in out  # the national models, as before
    listed = out[out.index(f"{MODEL_ID} — ") :]
    assert "Modèle de référence enregistré, d'après metz.docx, le " in listed
    assert "Modèle national de base\u00a0: ctg-2016" in listed
    assert "Article 8\u00a0: Communication [communication]" in listed


@pytest.mark.parametrize("taken", ["ctg-2016", MODEL_ID])
def test_an_id_already_used_is_refused(tmp_path, capsys, metz, own_library, taken):
    convention = tmp_path / "metz.docx"
    convention.write_bytes(metz)
    assert _add(capsys, str(convention), "--id", MODEL_ID)[0] == 0
    before = (own_library / "models" / f"{MODEL_ID}.yaml").read_bytes()
    code, _, err = _add(capsys, str(convention), "--id", taken, "--label", "Autre")
    assert code == 2
    assert str(convention) in err and f"«\u00a0{taken}\u00a0» est déjà pris" in err and "choisissez-en un autre" in err
    assert (own_library / "models" / f"{MODEL_ID}.yaml").read_bytes() == before
    assert sorted(p.name for p in (own_library / "models").iterdir()) == [f"{MODEL_ID}.yaml"]


def test_a_document_that_is_not_a_model_convention_is_refused(tmp_path, capsys, own_library):
    import docx as python_docx

    extract = python_docx.Document()  # two articles of a convention, the rest left out
    for number, (title, text) in enumerate(
        [
            ("Durée de la convention", "La présente convention est conclue du 1er janvier 2022 au 31 décembre 2025."),
            ("Communication", "Les supports communs font apparaître les logos de chacune des parties."),
        ],
        start=1,
    ):
        extract.add_heading(f"Article {number} - {title}", level=1)
        extract.add_paragraph(text)
    path = tmp_path / "extrait.docx"
    extract.save(path)
    code, _, err = _add(capsys, str(path), "--id", "caf-45-2022")
    assert code == 2
    assert str(path) in err and "seuls 2 articles correspondent" in err and "il en faut au moins 3" in err
    assert not (own_library / "models").exists()


def test_an_invalid_id_is_refused(tmp_path, capsys, metz, own_library):
    convention = tmp_path / "metz.docx"
    convention.write_bytes(metz)
    code, _, err = _add(capsys, str(convention), "--id", "Caf 57")
    assert code == 2 and "identifiant invalide" in err


def test_without_a_library_folder_the_model_goes_to_the_user_data_folder(tmp_path, capsys, metz, monkeypatch):
    monkeypatch.delenv(SETTING, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "donnees"))
    assert reference_folder() == tmp_path / "donnees" / "ctg" / "models"
    convention = tmp_path / "metz.docx"
    convention.write_bytes(metz)
    code, out, _ = _add(capsys, str(convention), "--id", MODEL_ID)
    assert code == 0 and str(tmp_path / "donnees" / "ctg" / "models" / f"{MODEL_ID}.yaml") in out
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "maison"))
    assert reference_folder() == tmp_path / "maison" / ".local" / "share" / "ctg" / "models"


def test_a_pdf_of_the_convention_can_be_registered(tmp_path, capsys, metz, own_library):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice absent")
    from docgen.pdf.convert import docx_to_pdf

    (pdf,) = docx_to_pdf([metz], ["metz"])
    path = tmp_path / "metz.pdf"
    path.write_bytes(pdf)
    code, out, _ = _add(capsys, str(path), "--id", MODEL_ID)
    assert code == 0, out
    model = load_library().references[MODEL_ID]
    assert model.source == "metz.pdf" and model.base == "ctg-2016"
    assert sum(1 for a in model.articles if a.clause) == 12
    assert _json_check(capsys, str(path), "--model", MODEL_ID) == []


def test_a_broken_registered_file_is_reported_with_its_path(tmp_path, metz, own_library):
    convention = tmp_path / "metz.docx"
    convention.write_bytes(metz)
    library = load_library()
    model = reference_model(convention, MODEL_ID, None, library, dt.date(2025, 3, 1))
    folder = own_library / "models"
    folder.mkdir()
    text = yaml.safe_dump(dumped(ReferenceModel, model), allow_unicode=True, sort_keys=False)
    (folder / f"{MODEL_ID}.yaml").write_text(text.replace("clause: communication", "clause: recours"), "utf-8")
    with pytest.raises(DocgenError, match=r"caf-57-2020\.yaml.*articles\[7\]\.clause.*«\u00a0recours\u00a0»"):
        load_library()
    (folder / f"{MODEL_ID}.yaml").write_text(text.replace("base: ctg-2016", "base: ctg-1999"), "utf-8")
    with pytest.raises(DocgenError, match=r"caf-57-2020\.yaml base.*ctg-1999"):
        load_library()
