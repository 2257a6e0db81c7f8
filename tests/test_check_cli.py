"""`ctg check`: report formats, exit codes, batches, annotation as Word comments."""

from __future__ import annotations

import io
import json
import zipfile

import docx
import pytest

from docgen.cli import main
from tests.test_check import MUTATIONS, _mutated


@pytest.fixture
def drafts(tmp_path, built):
    """A clean generated convention and a copy with a placeholder and a broken reference."""
    clean = tmp_path / "propre.docx"
    clean.write_bytes(built["metz"][0])

    def both(d):
        MUTATIONS["placeholder inserted"][0](d)
        MUTATIONS["reference broken"][0](d)

    faulty = tmp_path / "fautif.docx"
    faulty.write_bytes(_mutated(built, both))
    return clean, faulty


def test_clean_draft_exit_0_and_french_text(drafts, capsys):
    clean, _ = drafts
    assert main(["check", str(clean)]) == 0
    out = capsys.readouterr().out
    assert "Modèle national\u00a0: ctg-2016" in out and "0 erreur, 0 avertissement" in out


def test_errors_exit_1_grouped_by_severity(drafts, capsys):
    _, faulty = drafts
    assert main(["check", str(faulty)]) == 1
    out = capsys.readouterr().out
    assert "Erreurs (2)" in out
    assert "[placeholder]" in out and "[wrong-annex-reference]" in out
    assert out.index("Erreurs") < out.index("[placeholder]")


def test_json_format(drafts, capsys):
    clean, faulty = drafts
    assert main(["check", str(clean), str(faulty), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["summary"]["error"] == 2
    codes = {f["code"] for f in payload["findings"]}
    assert codes == {"placeholder", "wrong-annex-reference"}
    finding = payload["findings"][0]
    assert set(finding) == {"file", "code", "severity", "message", "section", "paragraph", "page", "excerpt"}
    assert [f["readable"] for f in payload["files"]] == [True, True]


def test_html_format_is_a_standalone_escaped_page(drafts, tmp_path, capsys):
    _, faulty = drafts
    target = tmp_path / "rapport.html"
    assert main(["check", str(faulty), "--format", "html", "--output", str(target)]) == 1
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'lang="fr"' in page
    assert "Erreurs (2)" in page and "«\u00a0" in page
    assert "<script" not in page
    # never overwrites an existing report
    assert main(["check", str(faulty), "--format", "html", "--output", str(target)]) == 2
    assert "existe déjà" in capsys.readouterr().err


def test_batch_with_unreadable_files_checks_the_others(drafts, tmp_path, capsys):
    clean, faulty = drafts
    broken = tmp_path / "abime.docx"
    broken.write_bytes(b"PK\x03\x04 pas une archive")
    assert main(["check", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "Récapitulatif" in captured.out
    for path in (clean, faulty, broken):
        assert str(path) in captured.out
    assert "abime.docx" in captured.err and "Traceback" not in captured.err


def test_annotate_writes_comments_anchored_on_paragraphs(drafts, tmp_path, capsys):
    _, faulty = drafts
    target = tmp_path / "annote.docx"
    assert main(["check", str(faulty), "--annotate", str(target)]) == 1
    assert "2 commentaires" in capsys.readouterr().out
    comments = zipfile.ZipFile(target).read("word/comments.xml").decode()
    assert "placeholder" in comments and "wrong-annex-reference" in comments
    document = docx.Document(io.BytesIO(target.read_bytes()))
    anchored = [
        p.text
        for p in document.paragraphs
        if p._p.xpath(".//w:commentRangeStart") or p._p.xpath(".//w:commentReference")
    ]
    assert any("XX/XX/2022" in text for text in anchored)
    assert any("annexe 2" in text for text in anchored)
    # the draft itself is untouched, and an existing file is never replaced
    assert b"commentRangeStart" not in faulty.read_bytes()
    assert main(["check", str(faulty), "--annotate", str(target)]) == 2


def test_annotate_refuses_a_pdf(tmp_path, capsys, pdfs):
    pdf = tmp_path / "projet.pdf"
    pdf.write_bytes(pdfs["metz"])
    assert main(["check", str(pdf), "--annotate", str(tmp_path / "x.docx")]) == 2
    assert "n'est possible que pour un document Word" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_unknown_model_is_a_usage_error(drafts, capsys):
    clean, _ = drafts
    assert main(["check", str(clean), "--model", "ctg-1999"]) == 2
    assert "modèle national inconnu" in capsys.readouterr().err
