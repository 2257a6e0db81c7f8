"""`POST /api/check` with HTTP Basic authentication: the JSON of `ctg check --format json`."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from docgen.cli import main
from tests.web.conftest import ALICE, PASSWORD


def test_the_api_returns_what_ctg_check_format_json_prints(app, seed_docx, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "projet.docx").write_bytes(seed_docx)
    capsys.readouterr()
    assert main(["check", "projet.docx", "--format", "json"]) == 1
    printed = capsys.readouterr().out
    response = TestClient(app).post(
        "/api/check", auth=(ALICE, PASSWORD), files={"file": ("projet.docx", seed_docx, "application/octet-stream")}
    )
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.text == printed  # byte for byte
    assert json.loads(printed)["summary"]["error"] == 3


def test_the_api_asks_for_credentials_and_refuses_wrong_ones_in_french(app, seed_docx):
    client = TestClient(app)
    files = {"file": ("projet.docx", seed_docx)}
    missing = client.post("/api/check", files=files)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Basic")
    assert "Identification requise" in missing.json()["detail"]
    wrong = client.post("/api/check", files=files, auth=(ALICE, "pas le bon"))
    assert (wrong.status_code, wrong.json()) == (401, {"detail": "Nom d'utilisateur ou mot de passe incorrect."})


def test_the_api_refuses_a_file_by_its_content_and_a_missing_field(app):
    client = TestClient(app)
    renamed = client.post("/api/check", auth=(ALICE, PASSWORD), files={"file": ("projet.pdf", b"du texte\n" * 10)})
    assert renamed.status_code == 415 and "ni un document Word (.docx) ni un PDF" in renamed.json()["detail"]
    absent = client.post("/api/check", auth=(ALICE, PASSWORD), data={"autre": "x"})
    assert absent.status_code == 422 and absent.json() == {
        "detail": "Requête invalide\u00a0: champ «\u00a0file\u00a0» manquant ou invalide."
    }


def test_the_openapi_page_documents_the_check(app):
    client = TestClient(app)
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/check"]["post"]
    assert operation["summary"] == "Vérifier un projet de convention"
    assert "HTTPBasic" in schema["components"]["securitySchemes"]
    assert "/connexion" not in schema["paths"]  # the pages are not an API
    page = client.get("/docs")
    assert page.status_code == 200
    scripts = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page.text)
    assert scripts and all(s.startswith("/docs/static/") for s in scripts), scripts  # no CDN: offline networks
    for asset in scripts:
        assert client.get(asset).status_code == 200, asset
    assert "'self'" in page.headers["content-security-policy"]  # and nothing from elsewhere may load
