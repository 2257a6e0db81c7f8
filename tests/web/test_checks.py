"""A reviewer uploads drafts, reads the findings in the page, downloads the reports, lists earlier checks."""

from __future__ import annotations

import html
import io
import json
import re

import docx
from sqlalchemy import select

from docgen.cli import main
from docgen.inputs import fingerprint
from docgen.web.models import AuditEntry, Check
from tests.web.conftest import upload


def _text(page: str) -> str:
    """What a person reads on the page: tags dropped, entities decoded, spaces joined."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _cli(capsys, tmp_path, data: bytes, *options: str) -> tuple[int, str]:
    path = tmp_path / "projet.docx"
    path.write_bytes(data)
    capsys.readouterr()
    code = main(["check", str(path), *options])
    return code, capsys.readouterr().out


def test_the_seed_draft_shows_ctg_checks_findings_grouped_by_severity(alice, seed_check, seed_docx, capsys, tmp_path):
    page = alice.get(seed_check)
    assert page.status_code == 200
    shown = _text(page.text)
    code, out = _cli(capsys, tmp_path, seed_docx)
    assert code == 1  # the seed has errors
    lines = [" ".join(line.split()) for line in out.splitlines() if line.startswith("  [")]
    assert len(lines) > 10 and all(line in shown for line in lines)
    headings = re.findall(r"^(?:Erreurs|Avertissements|Informations) \(\d+\)$", out, re.MULTILINE)
    assert len(headings) == 3 and all(heading in shown for heading in headings)
    assert shown.index("Erreurs (") < shown.index("Avertissements (") < shown.index("Informations (")
    assert "Texte à compléter : nom manquant avant « en date du »." in shown  # the seed's real defect
    assert "Bilan : 3 erreurs" in shown and fingerprint(seed_docx) in shown


def test_downloads_are_ctg_checks_json_html_and_annotated_copy(alice, seed_check, seed_docx, capsys, tmp_path):
    report = alice.get(f"{seed_check}/rapport.json")
    assert report.headers["content-type"].startswith("application/json")
    assert "attachment" in report.headers["content-disposition"]
    code, out = _cli(capsys, tmp_path, seed_docx, "--format", "json")
    expected = json.loads(out)
    for finding in expected["findings"]:
        finding["file"] = "Projet CTG Saint-Jean.docx"
    for item in expected["files"]:
        item["file"] = "Projet CTG Saint-Jean.docx"
    assert report.json() == expected
    page = alice.get(f"{seed_check}/rapport.html")
    assert page.headers["content-type"].startswith("text/html") and "Projet CTG Saint-Jean.docx" in page.text
    annotated = alice.get(f"{seed_check}/annote.docx")
    assert annotated.headers["content-type"].startswith("application/vnd.openxmlformats")
    comments = [comment.text for comment in docx.Document(io.BytesIO(annotated.content)).comments]
    assert len(comments) == len(expected["findings"])
    assert any("placeholder" in text and "nom manquant" in text for text in comments)


def test_the_list_names_who_when_which_file_and_its_sha256_and_the_audit_log_has_it(app, alice, seed_check, seed_docx):
    listed = _text(alice.get("/verifications").text)
    assert "Projet CTG Saint-Jean.docx" in listed and fingerprint(seed_docx) in listed and "alice" in listed
    assert re.search(r"\d{1,2}(er)? \w+ 20\d\d à \d\d h \d\d", listed)
    check_id = int(seed_check.rsplit("/", 1)[1])
    with app.state.sessions() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.check_id == check_id))
        assert entry is not None and (entry.action, entry.sha256) == ("check", fingerprint(seed_docx))
        assert entry.user_id == session.get(Check, check_id).user_id


def test_several_drafts_at_once_each_get_a_check(app, alice, seed_docx):
    with app.state.sessions() as session:
        before = len(session.scalars(select(Check)).all())
    response = upload(alice, ("un.docx", seed_docx), ("deux.docx", seed_docx))
    assert (response.status_code, response.headers["location"]) == (303, "/verifications")
    with app.state.sessions() as session:
        names = [c.file_name for c in session.scalars(select(Check).order_by(Check.id)).all()[before:]]
    assert names == ["un.docx", "deux.docx"]


def test_a_text_file_named_pdf_is_refused_by_its_content(app, alice):
    with app.state.sessions() as session:
        before = len(session.scalars(select(Check)).all())
    response = upload(alice, ("convention.pdf", b"Convention territoriale globale\n" * 50))
    assert response.status_code == 400
    assert "ce fichier n'est ni un document Word (.docx) ni un PDF, quel que soit son nom" in _text(response.text)
    renamed_zip = upload(alice, ("convention.docx", b"PK\x03\x04" + b"\0" * 100))
    assert renamed_zip.status_code == 400
    with app.state.sessions() as session:
        assert len(session.scalars(select(Check)).all()) == before  # nothing checked, nothing recorded


def test_a_pdf_that_cannot_be_read_is_recorded_with_ctg_checks_reason(alice):
    response = upload(alice, ("abîmé.pdf", b"%PDF-1.7\n" + b"rien de lisible\n" * 20))
    assert response.status_code == 303
    page = _text(alice.get(response.headers["location"]).text)
    assert "Vérification de « abîmé.pdf »" in page and "Illisible :" in page
    assert alice.get(response.headers["location"] + "/annote.docx").status_code == 404


def test_folders_and_control_characters_of_a_file_name_are_dropped(app, alice, seed_docx):
    for sent in ("../../etc/pass\u202ewd.docx", "..\\..\\passwd.docx"):
        response = upload(alice, (sent, seed_docx))
        with app.state.sessions() as session:
            check = session.get(Check, int(response.headers["location"].rsplit("/", 1)[1]))
            assert check is not None and check.file_name == "passwd.docx"
