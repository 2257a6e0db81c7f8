"""Hostile requests: bodies over the limit, unexpected failures; French answers, never a traceback."""

from __future__ import annotations

import dataclasses

from fastapi.testclient import TestClient

from docgen.inputs import MB
from tests.web.conftest import ALICE, PASSWORD, fresh_settings, make_app, signed_in, upload


def test_a_file_over_the_upload_limit_is_refused_in_french(app, seed_docx, monkeypatch):
    monkeypatch.setattr(app.state, "settings", dataclasses.replace(app.state.settings, upload_limit=len(seed_docx) - 1))
    client = signed_in(app)
    page = upload(client, ("gros.docx", seed_docx))
    assert page.status_code == 400 and "fichier trop volumineux" in page.text
    api = client.post("/api/check", auth=(ALICE, PASSWORD), files={"file": ("gros.docx", seed_docx)})
    assert api.status_code == 413 and "trop volumineux" in api.json()["detail"]


def test_a_body_over_the_request_limit_is_cut_short(tmp_path):
    app = make_app(dataclasses.replace(fresh_settings(tmp_path), upload_limit=MB, upload_files=1))
    client = signed_in(app)
    response = upload(client, ("énorme.docx", b"PK\x03\x04" + b"\0" * (3 * MB)))
    assert response.status_code == 413 and "Envoi refusé" in response.text


def test_an_unexpected_failure_is_told_in_french_without_a_traceback(app, seed_docx, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret interne /chemin/du/serveur")

    monkeypatch.setattr("docgen.web.pages.run_check", broken)
    client = signed_in(app)
    client = TestClient(app, raise_server_exceptions=False, cookies=client.cookies)
    response = upload(client, ("projet.docx", seed_docx))
    assert response.status_code == 500
    assert "Erreur interne du serveur" in response.text
    assert "Traceback" not in response.text and "secret interne" not in response.text
