"""Drafts as they arrive, written in the styles of real ones (tests/realdrafts.py): each gives its
expected findings and no error that is not a real defect."""

from __future__ import annotations

import pytest

from docgen.check.job import check_file
from docgen.model.errors import DocgenError
from docgen.model.findings import ERROR
from tests import realdrafts


def _check(tmp_path, library, data: bytes, name: str = "projet.docx"):
    path = tmp_path / name
    path.write_bytes(data)
    return check_file(path, library)


def _errors(report):
    return [(f.code, f.message) for f in report.findings if f.severity == ERROR]


def test_a_2016_draft_of_five_parties_shows_its_three_blanks(tmp_path, library):
    report = _check(tmp_path, library, realdrafts.nievre_2016_draft())
    assert report.model_id == "ctg-2016", "the cover's « 2016 – 2019 » says which model"
    errors = _errors(report)
    assert [code for code, _ in errors] == ["placeholder"] * realdrafts.NIEVRE_BLANKS, errors
    assert all("délibération du Conseil" in f.location.excerpt for f in report.findings if f.code == "placeholder")
    partial = [f for f in report.findings if f.code == "partial-document"]
    assert len(partial) == 1 and "5 parties" in partial[0].message and "le préambule" in partial[0].message


def test_an_epci_convention_with_ten_communes_introduced_by_dashes(tmp_path, library):
    report = _check(tmp_path, library, realdrafts.epci_ten_communes())
    assert _errors(report) == []
    assert report.model_id == "ctg-2020"


def test_a_mayor_of_the_ten_communes_who_does_not_sign_is_found(tmp_path, library):
    report = _check(tmp_path, library, realdrafts.epci_ten_communes(missing_signature=True))
    assert _errors(report) == [
        (
            "party-inconsistency",
            "Le représentant «\u00a0Mme Odile MARTY\u00a0» de la Commune de Sioniac "
            "ne figure pas parmi les signataires.",
        )
    ]


def test_a_caf_represented_by_two_people_who_both_sign(tmp_path, library):
    report = _check(tmp_path, library, realdrafts.caf_two_representatives())
    assert _errors(report) == []
    assert not [f for f in report.findings if f.code == "party-inconsistency"]


def test_an_unnumbered_avenant_under_the_convention_cover(tmp_path, library):
    report = _check(tmp_path, library, realdrafts.unnumbered_avenant())
    assert [code for code, _ in _errors(report)] == ["avenant-number"]
    assert "missing-article" not in report.codes(), "an avenant is not judged as a convention"


def test_a_one_page_extract_of_parties_and_visas(tmp_path, library):
    report = _check(tmp_path, library, realdrafts.one_page_extract())
    assert _errors(report) == []
    assert report.model_id == "ctg-2020", "the 2022 act and the 2018-2022 Cog say which model"
    assert [f.code for f in report.findings] == ["partial-document"]
    assert "2 parties et les visas" in report.findings[0].message


def test_a_file_with_nothing_of_a_ctg_is_refused_in_french(tmp_path, library):
    with pytest.raises(DocgenError, match="n'a rien d'une convention territoriale globale"):
        _check(tmp_path, library, realdrafts.not_a_convention())


def test_the_model_given_is_always_used(tmp_path, library):
    path = tmp_path / "extrait.docx"
    path.write_bytes(realdrafts.one_page_extract())
    assert check_file(path, library, model="ctg-2016").model_id == "ctg-2016"


def test_highlighted_text_is_a_placeholder_where_it_stands(tmp_path, library):
    report = _check(tmp_path, library, realdrafts.highlighted_extract())
    found = [f for f in report.findings if f.code == "placeholder"]
    assert [f.message for f in found] == [
        "Texte à compléter\u00a0: passage surligné «\u00a09 février 2022\u00a0» (à remplir ou à vérifier, "
        "puis à rendre au texte ordinaire)."
    ]
    assert found[0].location.describe().startswith("En-tête, ")
    assert "La Commune de Saran" in found[0].location.excerpt


def test_the_html_report_of_a_word_draft_gives_pages(tmp_path):
    """For the reviewer's report, the Word draft is laid out by LibreOffice: findings have a page."""
    from docgen.cli import main

    draft = tmp_path / "extrait.docx"
    draft.write_bytes(realdrafts.highlighted_extract())
    report = tmp_path / "rapport.html"
    assert main(["check", str(draft), "--format", "html", "--output", str(report)]) == 1
    assert "En-tête, 6e alinéa, page 1" in report.read_text(encoding="utf-8")
