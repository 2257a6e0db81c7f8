"""The real conventions of the seeds, typed into Word by our fixtures: their real defects."""

from __future__ import annotations

import pytest

from docgen.check.job import check_file
from docgen.model.findings import ERROR
from tests.seedfixtures import metz_docx, saint_jean_docx


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    files = {"saint-jean": folder / "saint-jean.docx", "metz": folder / "metz.docx"}
    files["saint-jean"].write_bytes(saint_jean_docx())
    files["metz"].write_bytes(metz_docx())
    return files


@pytest.fixture(params=["docx", "pdf", "pdf-borderless"])
def seed_path(request, seed_files, tmp_path):
    """The seed as the commune typed it (.docx), or as LibreOffice printed it (.pdf), with its
    tables' borders or with none."""

    def path(seed: str):
        if request.param == "docx":
            return seed_files[seed]
        printed = tmp_path / f"{seed}.pdf"
        if request.param == "pdf":
            printed.write_bytes(request.getfixturevalue("pdfs")[f"seed-{seed}"])
        else:
            printed.write_bytes(request.getfixturevalue("borderless_pdfs")[f"seed-{seed}"][1])
        return printed

    return path


def _messages(report, code):
    return [f.message + " | " + f.location.excerpt for f in report.findings if f.code == code]


def test_saint_jean_real_defects(seed_path, library):
    report = check_file(seed_path("saint-jean"), library)
    assert report.model_id == "ctg-2020"
    assert "missing-article" not in report.codes()
    # the evaluation article cites « l'annexe 4 » for the plan, which is annex 3
    wrong = _messages(report, "wrong-annex-reference")
    assert any("annexe 4" in m and "annexe 3" in m for m in wrong), wrong
    # « Fait à Orléans, le XX/XX/2022 » and the sommaire's « conseil municipal de en date du »
    placeholders = _messages(report, "placeholder")
    assert any("XX/XX/2022" in m for m in placeholders)
    assert any("de en date du" in m for m in placeholders)
    # the territory's name misspelt in the préambule
    assert any("Saint de la Ruelle" in m for m in _messages(report, "party-inconsistency"))
    # action numbers jump from 3.6 to 3.8
    assert any("3.7" in m for m in _messages(report, "action-numbering"))
    # actions without calendrier or indicator, fiches without partners
    incomplete = _messages(report, "incomplete-action")
    assert any(m.startswith("L'action 1.3 ") and "calendrier" in m and "indicateur" in m for m in incomplete)
    assert sum("partenaires sollicités" in m for m in incomplete) == 2
    # the délibération annex only names the act, whose extract is attached apart: not an error
    assert not _messages(report, "empty-annex") and len(_messages(report, "attached-act")) == 1
    # its signatories are its representatives (accents and case aside)
    assert not [m for m in _messages(report, "party-inconsistency") if "signataire" in m]


def test_metz_real_defects_against_its_2016_model(seed_path, library):
    report = check_file(seed_path("metz"), library)
    assert report.model_id == "ctg-2016"
    assert "missing-article" not in report.codes()
    placeholders = _messages(report, "placeholder")
    assert any("en date du ..." in m for m in placeholders)
    assert any("comporte ... pages" in m for m in placeholders)
    empty = _messages(report, "empty-annex")
    assert any(m.startswith("L'annexe 5") for m in empty) and any(m.startswith("L'annexe 6") for m in empty)
    assert any("Article 4" in m or "article 4" in m for m in _messages(report, "toc-mismatch"))


@pytest.mark.parametrize("name", ["saint-jean", "metz"])
def test_the_official_wording_of_a_real_convention_is_not_an_alteration(seed_files, library, name):
    """The seeds follow the Cnaf's wording, not the library's: no `altered-article` without an official text."""
    report = check_file(seed_files[name], library)
    assert _messages(report, "altered-article") == []


def test_metz_against_the_current_model_lacks_termination_and_recourse(seed_files, library):
    report = check_file(seed_files["metz"], library, model="ctg-2020")
    missing = _messages(report, "missing-article")
    assert any("Fin de la convention" in m for m in missing)
    assert any("Recours" in m for m in missing)
    assert report.count(ERROR) > check_file(seed_files["metz"], library).count(ERROR)


@pytest.mark.parametrize(("seed", "name"), [("saint-jean", "seed-saint-jean"), ("metz", "seed-metz")])
def test_a_seed_as_word_and_as_pdf_gives_the_same_findings(seed, name, seed_files, pdfs, library, tmp_path):
    """Same codes, severities and counts; with the Word draft laid out by LibreOffice (--pages),
    the same pages too. Only the ACTES stamp, printed on the PDF alone, differs."""
    from collections import Counter

    pdf = tmp_path / f"{seed}.pdf"
    pdf.write_bytes(pdfs[name])

    def counted(report, pages=False):
        return Counter(
            (f.code, f.severity, f.location.page if pages else None) for f in report.findings if f.code != "actes"
        )

    printed = check_file(pdf, library)
    word = check_file(seed_files[seed], library)
    assert word.model_id == printed.model_id
    assert counted(word) == counted(printed) - Counter({("toc-pages", "info", None): 1}), "pages unknown in Word"
    laid_out = check_file(seed_files[seed], library, pages=True)
    assert counted(laid_out, pages=True) == counted(printed, pages=True)
    assert not [f for f in printed.findings if f.code == "empty-annex" and "libération" in f.message]


@pytest.mark.parametrize("seed", ["saint-jean", "metz"])
def test_a_seed_without_table_borders_gives_the_same_findings_as_word_and_pdf(
    seed, seed_files, pdfs, borderless_pdfs, library, tmp_path
):
    """Tables whose borders are set to none keep their rows in the PDF: the action plan's numbers,
    porteurs, calendriers and indicators are judged as in the .docx and the ruled PDF."""
    from collections import Counter

    data, printed = borderless_pdfs[f"seed-{seed}"]
    (tmp_path / "sans-bordures.docx").write_bytes(data)
    (tmp_path / "sans-bordures.pdf").write_bytes(printed)
    (tmp_path / "avec-bordures.pdf").write_bytes(pdfs[f"seed-{seed}"])

    def counted(report, pages=False):
        return Counter(
            (f.code, f.severity, f.location.page if pages else None) for f in report.findings if f.code != "actes"
        )

    borderless = check_file(tmp_path / "sans-bordures.pdf", library)
    assert counted(borderless) == counted(check_file(tmp_path / "avec-bordures.pdf", library))
    word = check_file(tmp_path / "sans-bordures.docx", library)
    assert counted(word) == counted(check_file(seed_files[seed], library))
    assert counted(word) == counted(borderless) - Counter({("toc-pages", "info", None): 1})
    laid_out = check_file(tmp_path / "sans-bordures.docx", library, pages=True)
    assert counted(laid_out, pages=True) == counted(borderless, pages=True)
