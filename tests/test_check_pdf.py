"""The checker on PDFs made by LibreOffice: generated conventions and the seed fixtures."""

from __future__ import annotations

import pytest

from docgen.check.job import check_file
from docgen.model.findings import ERROR, WARNING
from tests.conftest import EXAMPLES


def _check_pdf(tmp_path, pdfs, name, library, **kw):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdfs[name])
    return check_file(path, library, **kw)


@pytest.mark.parametrize("name", EXAMPLES)
def test_generated_conventions_stay_clean_after_libreoffice(name, pdfs, library, tmp_path):
    report = _check_pdf(tmp_path, pdfs, name, library)
    assert report.model_id == ("ctg-2016" if name == "metz" else "ctg-2020")
    problems = [f"{f.code}: {f.message}" for f in report.findings if f.severity in (ERROR, WARNING)]
    assert problems == []


def test_saint_jean_seed_pdf_real_defects_and_actes_stamp(pdfs, library, tmp_path):
    report = _check_pdf(tmp_path, pdfs, "seed-saint-jean", library)
    codes = report.codes()
    for code in (
        "wrong-annex-reference",
        "placeholder",
        "party-inconsistency",
        "action-numbering",
        "incomplete-action",
    ):
        assert code in codes, code
    facts = [f.message for f in report.findings if f.code == "actes"]
    assert facts == ["Identifiant ACTES : 045-214502858-20221219-DELIB2022353-DE"]
    pages = {f.location.page for f in report.findings if f.code != "actes"}
    assert None not in pages, "every finding of a PDF has its page"
    assert "missing-article" not in codes


def test_metz_seed_pdf_real_defects(pdfs, library, tmp_path):
    report = _check_pdf(tmp_path, pdfs, "seed-metz", library)
    assert report.model_id == "ctg-2016"
    assert {"placeholder", "empty-annex", "toc-mismatch"} <= report.codes()
    assert "missing-article" not in report.codes()
    current = _check_pdf(tmp_path, pdfs, "seed-metz", library, model="ctg-2020")
    missing = " ".join(f.message for f in current.findings if f.code == "missing-article")
    assert "Fin de la convention" in missing and "Recours" in missing
