"""Avenants: signed history, the three flows of the bundled territories, redline, checker."""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from docgen.build.job import build_bytes
from docgen.check.job import check_file
from docgen.cli import main
from docgen.model.findings import ERROR
from docgen.pdf.convert import convert
from tests.amend.revisions import accept_all, paragraphs, reject_all, revised_words
from tests.conftest import ROOT
from tests.docxread import straight_apostrophes
from tests.goldentext import assert_golden
from tests.yamledit import add_amendment, edit


def _copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "conventions" / name
    shutil.copytree(ROOT / "conventions" / name, folder)
    return folder


def _edit(folder: Path, change) -> None:
    edit(folder / "convention.yaml", change)


def _amendment(data, reason: str, effective: dt.date, signed: dt.date) -> None:
    add_amendment(data, reason, effective, signed)


_paragraphs = paragraphs


def _text(data: bytes) -> str:
    """All the text, non-breaking spaces as plain spaces (for readable assertions)."""
    return "\n".join(_paragraphs(data)).replace("\u00a0", " ")


def _body(texts: list[str]) -> list[str]:
    """From the parties to the signature, exclusive: the text the avenant amends."""
    start = texts.index("Entre\u00a0:")
    return texts[start : next(i for i, t in enumerate(texts) if t.startswith("Fait à "))]


def _signed_body(folder: Path, library) -> list[str]:
    """The body of the convention as signed (state 0), to compare with a redline's rejected changes."""
    data, _ = build_bytes(folder / "history" / "00-convention.yaml", library)
    return paragraphs(data, body=True)


def _sign(folder: Path, capsys) -> None:
    assert main(["sign", str(folder)]) == 0
    assert "Signature enregistrée" in capsys.readouterr().out


def _avenant(folder: Path, out: Path, capsys, *extra) -> dict[str, bytes]:
    assert main(["avenant", str(folder), "--output", str(out), *extra]) == 0, capsys.readouterr().err
    capsys.readouterr()
    return {p.name: p.read_bytes() for p in (out / folder.name).iterdir()}


def _renew_saint_jean(data) -> None:
    data["period"]["end"] = dt.date(2026, 12, 31)
    objectives = data["action_plan"]["orientations"][0]["goals"][0]["objectives"][0]["actions"]
    for number, title in (
        ("1.26", "Tenir une permanence sur les modes d'accueil à la maison France Services"),
        ("1.27", "Réunir chaque année les assistantes maternelles de la commune"),
    ):
        objectives.append(
            {
                "number": number,
                "title": title,
                "owner": "DCCAS - Petite Enfance",
                "schedule": "2026",
                "indicators": ["Nombre de participants"],
            }
        )
    last = data["action_plan"]["orientations"][3]["goals"][-1]["objectives"][-1]["actions"]
    assert last[-1]["number"] == "4.5"
    last.pop()
    commune = next(p for p in data["parties"] if p["id"] == "commune")
    commune["representatives"] = [{"civility": "Madame", "name": "Claire Roussel", "function": "maire"}]
    _amendment(
        data,
        "Les parties prolongent la convention d'une année et actualisent le plan d'actions ; la commune est "
        "désormais représentée par sa nouvelle maire.",
        dt.date(2025, 12, 15),
        dt.date(2025, 12, 15),
    )


def test_saint_jean_prolonged_with_actions_added_and_removed(tmp_path, capsys, library):
    folder = _copy(tmp_path, "saint-jean-de-la-ruelle")
    out = tmp_path / "output"
    _sign(folder, capsys)
    history = folder / "history" / "00-convention.yaml"
    assert history.read_bytes() == (ROOT / "conventions" / "saint-jean-de-la-ruelle" / "convention.yaml").read_bytes()
    assert oct(history.stat().st_mode & 0o777) == "0o444"

    # nothing changed: no avenant, no file
    assert main(["avenant", str(folder), "--output", str(out)]) == 2
    assert "aucune modification" in capsys.readouterr().err
    assert not out.exists()

    _edit(folder, _renew_saint_jean)
    assert main(["avenant", str(folder), "--output", str(out)]) == 0
    warned = capsys.readouterr().err
    assert "Attention\u00a0: le calendrier «\u00a02022-2025\u00a0» des actions 1.1, 1.2," in warned
    assert "s'achève avant la fin de la convention (31 décembre 2026)\u00a0: à vérifier." in warned
    files = {p.name: p.read_bytes() for p in (out / folder.name).iterdir()}
    for kind in ("avenant", "convention-consolidee", "redline"):
        assert_golden(f"saint-jean-de-la-ruelle-{kind}-01", files[f"{kind}-01.docx"])
        assert straight_apostrophes(files[f"{kind}-01.docx"]) == []
    assert sorted(files) == ["avenant-01.docx", "convention-consolidee-01.docx", "redline-01.docx"]

    avenant = _text(files["avenant-01.docx"])
    assert (
        "Avenant n° 1 à la convention territoriale globale de services aux familles signée le 20 décembre 2022"
        in avenant
    )
    assert "L’article 10 « Durée de la convention » de la convention est ainsi rédigé" in avenant
    assert "31 décembre 2026" in avenant
    assert "L’annexe 3 « Plan d’actions" in avenant and "est remplacée par l’annexe 1 du présent avenant" in avenant
    assert "1.26" in avenant and "1.27" in avenant and "\n4.5\n" not in f"\n{avenant}\n"
    assert "Le présent avenant prend effet le 15 décembre 2025." in avenant
    assert "demeurent inchangées" in avenant
    assert "Monsieur Jean-Yves Prévotat" in avenant and "Madame Claire Roussel" in avenant
    assert "DELIB2022353" not in avenant and "19 décembre 2022" not in avenant, "only the avenant's own acts"
    assert "délibération n° 2025-commune du conseil municipal du 8 décembre 2025" in avenant
    assert "l’action 1.26 « Tenir une permanence" in avenant and "l’action 4.5 « Maintenir" in avenant

    consolidated = _paragraphs(files["convention-consolidee-01.docx"])
    direct, _ = build_bytes(folder, library)
    assert _body(consolidated) == _body(_paragraphs(direct))
    assert "Fait à Orléans, le 20 décembre 2022, en deux exemplaires originaux." in consolidated
    acts = [t for t in consolidated if t.startswith("Délibération n°")]
    assert [a.split(" du ")[-1] for a in acts] == ["19 décembre 2022", "8 décembre 2025"], "2022's, then the avenant's"
    assert any("Monsieur Christophe Chaillou" in t for t in consolidated), "the mayor who signed the convention"
    assert any("Version consolidée intégrant l’avenant n°\u00a01 du 15 décembre 2025" in t for t in consolidated)
    assert accept_all(files["redline-01.docx"]) == consolidated
    assert reject_all(files["redline-01.docx"]) == _signed_body(folder, library)
    assert "2025" in revised_words(files["redline-01.docx"], "del"), "the year struck, not the sentence"
    assert "2026" in revised_words(files["redline-01.docx"], "ins")

    for name in ("avenant-01.docx", "convention-consolidee-01.docx"):
        report = check_file(out / folder.name / name, library)
        assert report.count(ERROR) == 0, [f.message for f in report.findings]
        assert any("2022-2025" in f.message for f in report.findings if f.code == "date-inconsistency"), name

    # the avenant is signed; a new change is avenant 2, avenant 1 is never rewritten
    _sign(folder, capsys)
    assert main(["sign", str(folder)]) == 2
    assert "déjà signé" in capsys.readouterr().err
    first = (out / folder.name / "avenant-01.docx").read_bytes()

    def second(data):
        data["action_plan"]["orientations"][0]["goals"][0]["objectives"][0]["actions"][-1]["schedule"] = "2026-2027"
        data["period"]["end"] = dt.date(2027, 12, 31)
        _amendment(data, "Seconde prolongation.", dt.date(2026, 12, 1), dt.date(2026, 12, 1))

    _edit(folder, second)
    files = _avenant(folder, out, capsys)
    assert "avenant-02.docx" in files and files["avenant-01.docx"] == first
    text = _text(files["avenant-02.docx"])
    assert "Avenant n° 2" in text and "Vu l’avenant n° 1 à cette convention, signé le 15 décembre 2025" in text
    assert "modifiée par l’avenant n° 1 du 15 décembre 2025" in text


def test_commune_joins_the_m2a_convention(tmp_path, capsys, library):
    folder = _copy(tmp_path, "m2a")
    out = tmp_path / "output"
    _sign(folder, capsys)

    def join(data):
        data["parties"].append(
            {
                "id": "staffelfelden",
                "kind": "commune",
                "name": "la commune de Staffelfelden",
                "short_name": "la commune de Staffelfelden",
                "representatives": [{"civility": "Madame", "name": "Anne Schmitt", "function": "maire"}],
                "authorisation": {
                    "act": "délibération",
                    "body": "conseil municipal",
                    "date": dt.date(2023, 9, 1),
                    "number": "2023-41",
                },
            }
        )
        _amendment(
            data, "La commune de Staffelfelden rejoint la convention.", dt.date(2023, 10, 1), dt.date(2023, 9, 20)
        )

    _edit(folder, join)
    files = _avenant(folder, out, capsys)
    for kind in ("avenant", "convention-consolidee", "redline"):
        assert_golden(f"m2a-{kind}-01", files[f"{kind}-01.docx"])
        assert straight_apostrophes(files[f"{kind}-01.docx"]) == []
    avenant = docx.Document(io.BytesIO(files["avenant-01.docx"]))
    text = _text(files["avenant-01.docx"])
    assert "Adhésion de la commune de Staffelfelden" in text
    assert "devient partie à la convention à compter du 1er octobre 2023" in text
    signature = avenant.tables[0]
    names = [cell.text for row in signature.rows for cell in row.cells]
    assert any("Madame Anne Schmitt" in n for n in names) and len(signature.rows[0].cells) == 3
    consolidated = _text(files["convention-consolidee-01.docx"])
    assert "La commune de Staffelfelden," in consolidated
    assert accept_all(files["redline-01.docx"]) == _paragraphs(files["convention-consolidee-01.docx"])
    assert reject_all(files["redline-01.docx"]) == _signed_body(folder, library)
    for name in ("avenant-01.docx", "convention-consolidee-01.docx"):
        assert check_file(out / folder.name / name, library).count(ERROR) == 0


def new_metz_director(data) -> None:
    """The Caf de la Moselle's new director, and the amendment section of her avenant."""
    caf = next(p for p in data["parties"] if p["kind"] == "caf")
    caf["representatives"][1] = {"civility": "Madame", "name": "Sophie Klein", "function": "directrice"}
    add_amendment(
        data, "La Caf de la Moselle a une nouvelle directrice.", dt.date(2018, 3, 1), dt.date(2018, 2, 20), "Metz"
    )


def test_metz_caf_director_changes(tmp_path, capsys, library):
    folder = _copy(tmp_path, "metz")
    out = tmp_path / "output"
    _sign(folder, capsys)
    _edit(folder, new_metz_director)
    files = _avenant(folder, out, capsys, "--pdf")
    for kind in ("avenant", "convention-consolidee", "redline"):
        assert_golden(f"metz-{kind}-01", files[f"{kind}-01.docx"])
        assert straight_apostrophes(files[f"{kind}-01.docx"]) == []
    assert {n for n in files if n.endswith(".pdf")} == {
        "avenant-01.pdf",
        "convention-consolidee-01.pdf",
        "redline-01.pdf",
    }
    # LibreOffice reads the revisions as revisions: saved again by it, the redline still accepts
    # into the consolidated text and rejects into the signed one
    [resaved] = convert([files["redline-01.docx"]], ["redline-01.docx"], "docx:MS Word 2007 XML")
    assert revised_words(resaved, "del") and revised_words(resaved, "ins")

    def filled(texts: list[str]) -> list[str]:  # LibreOffice writes page and section breaks its own way
        return [t for t in texts if t.strip()]

    assert filled(accept_all(resaved, body=True)) == filled(
        paragraphs(files["convention-consolidee-01.docx"], body=True)
    )
    assert filled(reject_all(resaved)) == filled(reject_all(files["redline-01.docx"]))
    parties_page = PdfReader(io.BytesIO(files["redline-01.pdf"])).pages[1].extract_text()
    assert "Laurent Ponte" in parties_page and "Sophie Klein" in parties_page, "the redline PDF shows both"
    for name in ("avenant-01.pdf", "convention-consolidee-01.pdf", "redline-01.pdf"):
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(files[name])).pages]
        # every page has text besides its running header and its number: no blank page
        assert all(len(text.strip().splitlines()) > 2 for text in pages), name
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(files["avenant-01.pdf"])).pages]
    signed_on = next(text for text in pages if "Fait à Metz, le 20 février 2018" in text)
    assert "prend effet le 1er mars 2018" in signed_on, "the signatures follow the last article on its page"
    assert all(
        name in signed_on for name in ("Robert Cantisani", "Sophie Klein", "Dominique Gros", "Christiane Pallez")
    )
    text = _text(files["avenant-01.docx"])
    assert "Représentation de la Caisse d’allocations familiales de la Moselle" in text
    assert "Madame Sophie Klein" in text and "en lieu et place de" in text and "Monsieur Laurent Ponte" in text
    assert "est ainsi rédigé" not in text and "est remplacée" not in text, "a representative change only"
    assert accept_all(files["redline-01.docx"]) == _paragraphs(files["convention-consolidee-01.docx"])
    assert reject_all(files["redline-01.docx"]) == _signed_body(folder, library)
    for name in ("avenant-01.docx", "avenant-01.pdf", "convention-consolidee-01.docx"):
        assert check_file(out / folder.name / name, library).count(ERROR) == 0, name


def test_signed_state_edited_by_hand_is_refused(tmp_path, capsys):
    folder = _copy(tmp_path, "metz")
    _sign(folder, capsys)
    signed = folder / "history" / "00-convention.yaml"
    os.chmod(signed, 0o644)
    signed.write_text(signed.read_text(encoding="utf-8").replace("Metz", "Mets", 1), encoding="utf-8")
    assert main(["avenant", str(folder), "--output", str(tmp_path / "output")]) == 2
    assert "modifié après sa signature" in capsys.readouterr().err
    assert main(["sign", str(folder)]) == 2
    assert not (tmp_path / "output").exists()


def test_avenant_needs_a_signed_convention_and_an_amendment_section(tmp_path, capsys):
    folder = _copy(tmp_path, "metz")
    out = tmp_path / "output"
    assert main(["avenant", str(folder), "--output", str(out)]) == 2
    assert "ctg sign" in capsys.readouterr().err
    _sign(folder, capsys)
    _edit(folder, lambda d: d["period"].update(end=dt.date(2020, 12, 31)))
    assert main(["avenant", str(folder), "--output", str(out)]) == 2
    assert "amendment" in capsys.readouterr().err
    assert not out.exists()


def test_no_half_written_output_when_the_pdf_cannot_be_made(tmp_path, capsys, monkeypatch):
    folder = _copy(tmp_path, "metz")
    _sign(folder, capsys)

    def change(data):
        add_amendment(data, "Motif.", dt.date(2018, 3, 1), dt.date(2018, 2, 20), "Metz")
        data["period"]["end"] = dt.date(2020, 12, 31)

    _edit(folder, change)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "output"
    assert main(["avenant", str(folder), "--output", str(out), "--pdf"]) == 2
    assert "LibreOffice" in capsys.readouterr().err
    assert not out.exists()


def test_checker_flags_an_avenant_citing_a_wrong_article(tmp_path, capsys, library):
    folder = _copy(tmp_path, "saint-jean-de-la-ruelle")
    out = tmp_path / "output"
    _sign(folder, capsys)
    _edit(folder, _renew_saint_jean)
    files = _avenant(folder, out, capsys)
    archive = zipfile.ZipFile(io.BytesIO(files["avenant-01.docx"]))
    xml = archive.read("word/document.xml").decode()
    assert xml.count("L’article 10 «\u00a0Durée de la convention\u00a0» de la convention") == 1
    broken = xml.replace(
        "L’article 10 «\u00a0Durée de la convention\u00a0» de la convention",
        "L’article 9 «\u00a0Durée de la convention\u00a0» de la convention",
    )
    broken = broken.replace("prend effet le 15 décembre 2025", "prend effet le 1er janvier 2029")
    target = tmp_path / "avenant-fautif.docx"
    with zipfile.ZipFile(target, "w") as out_zip:
        for name in archive.namelist():
            out_zip.writestr(name, broken if name == "word/document.xml" else archive.read(name))
    report = check_file(target, library)
    assert {"wrong-article-reference", "date-inconsistency"} <= report.codes(ERROR), [
        f.message for f in report.findings
    ]


def test_history_copy_is_independent_of_later_edits(tmp_path, capsys):
    folder = _copy(tmp_path, "metz")
    _sign(folder, capsys)
    before = copy.copy((folder / "history" / "00-convention.yaml").read_bytes())
    _edit(folder, lambda d: d["period"].update(end=dt.date(2020, 12, 31)))
    assert (folder / "history" / "00-convention.yaml").read_bytes() == before


def test_saint_jean_avenant_without_new_deliberations_is_refused(tmp_path, capsys):
    folder = _copy(tmp_path, "saint-jean-de-la-ruelle")
    out = tmp_path / "output"
    _sign(folder, capsys)

    def without_acts(data):
        _renew_saint_jean(data)
        data["amendment"].pop("authorisations")

    _edit(folder, without_acts)
    assert main(["avenant", str(folder), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "amendment.authorisations" in err and "la commune de Saint-Jean-de-la-Ruelle" in err
    assert "la délibération du 19 décembre 2022 autorisait la convention, pas un avenant" in err
    assert not out.exists()
    assert main(["sign", str(folder)]) == 2
    assert not (folder / "history" / "01-avenant.yaml").exists()


CONVENTION_ONLY = {"missing-article", "missing-annex", "empty-annex", "altered-article", "toc-mismatch"}
NBSP = "\u00a0"
AVENANT_DRAFTS = {
    # what is changed in the generated avenant's XML → the error it must give
    "no number": (
        [(f"Avenant n°{NBSP}1 à la convention", "Avenant à la convention")],
        "avenant-number",
    ),
    "the convention's own deliberation": (
        [(f"n°{NBSP}2025-commune du conseil municipal", f"n°{NBSP}DELIB2022353 du conseil municipal")]
        + [("du 8 décembre 2025", "du 19 décembre 2022")],
        "avenant-authorisation",
    ),
    "signed after the end": (
        [("Fait à Orléans, le 15 décembre 2025", "Fait à Orléans, le 15 février 2027")],
        "date-inconsistency",
    ),
}


@pytest.fixture(scope="module")
def saint_jean_avenant(tmp_path_factory) -> bytes:
    tmp = tmp_path_factory.mktemp("avenant")
    folder = _copy(tmp, "saint-jean-de-la-ruelle")
    assert main(["sign", str(folder)]) == 0
    _edit(folder, _renew_saint_jean)
    assert main(["avenant", str(folder), "--output", str(tmp / "output")]) == 0
    return (tmp / "output" / folder.name / "avenant-01.docx").read_bytes()


def _rewritten(data: bytes, replacements, target: Path) -> Path:
    archive = zipfile.ZipFile(io.BytesIO(data))
    xml = archive.read("word/document.xml").decode()
    for old, new in replacements:
        assert old in xml, old
        xml = xml.replace(old, new)
    with zipfile.ZipFile(target, "w") as out:
        for name in archive.namelist():
            out.writestr(name, xml if name == "word/document.xml" else archive.read(name))
    return target


@pytest.mark.parametrize("case", AVENANT_DRAFTS)
def test_avenant_drafts_with_a_legal_defect_give_their_error(case, saint_jean_avenant, tmp_path, library):
    replacements, code = AVENANT_DRAFTS[case]
    clean = check_file(_rewritten(saint_jean_avenant, [], tmp_path / "propre.docx"), library)
    assert clean.count(ERROR) == 0, [f.message for f in clean.findings]
    report = check_file(_rewritten(saint_jean_avenant, replacements, tmp_path / "avenant.docx"), library)
    assert code in report.codes(ERROR), [f.message for f in report.findings]
    assert not CONVENTION_ONLY & {f.code for f in report.findings}


def test_an_avenant_under_a_convention_cover_is_read_as_an_avenant(saint_jean_avenant, tmp_path, library):
    # the cover of a Gironde avenant: « CONVENTION TERRITORIALE GLOBALE » in large letters, the avenant below
    title = f"Avenant n°{NBSP}1 à la convention territoriale globale de services aux familles signée le"
    replacements = [(title, f"CONVENTION TERRITORIALE GLOBALE</w:t></w:r></w:p><w:p><w:r><w:t>{title}")]
    report = check_file(_rewritten(saint_jean_avenant, replacements, tmp_path / "avenant.docx"), library)
    assert report.count(ERROR) == 0, [f.message for f in report.findings]
    assert not CONVENTION_ONLY & {f.code for f in report.findings}
