"""`ctg check` reports: French text, JSON, HTML; exit codes, batches."""

from __future__ import annotations

import json

from docgen.cli import main


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
    assert set(finding) == {"file", "code", "severity", "message", "section", "paragraph", "page", "alinea", "excerpt"}
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


def test_unknown_model_is_a_usage_error(drafts, capsys):
    clean, _ = drafts
    assert main(["check", str(clean), "--model", "ctg-1999"]) == 2
    assert "modèle national inconnu" in capsys.readouterr().err
