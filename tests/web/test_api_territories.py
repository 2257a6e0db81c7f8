"""The API on territories (HTTP Basic): build with its PDF as a job to follow, sign, avenant; the OpenAPI page."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from docgen.inputs import fingerprint
from tests.web.conftest import AUTREVILLE, BRUNO, PASSWORD

AUTH = (BRUNO, PASSWORD)  # Caf B's officer, on Autreville


def _finished(client: TestClient, started: dict) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{started['id']}", auth=AUTH).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(started)


def test_build_with_pdf_through_the_api_then_download(app):
    client = TestClient(app)
    listed = client.get("/api/territories", auth=AUTH).json()
    assert [t["slug"] for t in listed] == [AUTREVILLE] and listed[0]["created"].endswith("+00:00")
    started = client.post(f"/api/territories/{AUTREVILLE}/build", params={"pdf": "true"}, auth=AUTH)
    assert started.status_code == 202 and started.json()["status"] in ("queued", "running")
    job = _finished(client, started.json())
    assert job["status"] == "done", job["error"]
    assert [f["name"] for f in job["files"]] == ["convention.docx", "convention.pdf"]
    assert job["messages"][:2] == ["Convention écrite\u00a0: convention.docx", "PDF écrit\u00a0: convention.pdf"]
    pdf = client.get(job["files"][1]["url"], auth=AUTH)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    with app.state.sessions() as session:
        from sqlalchemy import select

        from docgen.web.models import AuditEntry

        logged = session.scalars(
            select(AuditEntry).where(AuditEntry.territory == AUTREVILLE, AuditEntry.file_name == "convention.pdf")
        ).one()
    assert (logged.action, logged.sha256) == ("build", fingerprint(pdf.content))


def test_sign_and_avenant_through_the_api_say_what_the_cli_says(app):
    client = TestClient(app)
    wrong = client.post(f"/api/territories/{AUTREVILLE}/sign", params={"date": "2024-03-16"}, auth=AUTH)
    assert wrong.status_code == 409
    assert wrong.json()["detail"] == (
        "territories/autreville/convention.yaml\u00a0: la date donnée (16 mars 2024) diffère de la date de "
        "signature des données (15 mars 2024)"
    )
    signed = client.post(f"/api/territories/{AUTREVILLE}/sign", params={"date": "2024-03-15"}, auth=AUTH)
    assert signed.status_code == 200, signed.text
    body = signed.json()
    assert body["number"] == 0 and body["file"] == "history/00-convention.yaml"
    assert body["message"] == "Signature enregistrée\u00a0: la convention signée le 15 mars 2024"
    job = _finished(client, client.post(f"/api/territories/{AUTREVILLE}/avenant", auth=AUTH).json())
    assert job["status"] == "failed"  # nothing changed since the signed state
    assert "rien" in job["error"] or "aucune" in job["error"].lower(), job["error"]


def test_the_openapi_page_documents_build_sign_avenant_and_jobs(app):
    schema = TestClient(app).get("/openapi.json").json()
    paths = schema["paths"]
    assert paths["/api/territories/{slug}/build"]["post"]["summary"] == "Produire la convention (ctg build)"
    assert paths["/api/territories/{slug}/sign"]["post"]["summary"] == "Enregistrer la signature (ctg sign)"
    assert paths["/api/territories/{slug}/avenant"]["post"]["summary"] == "Préparer l'avenant (ctg avenant)"
    assert "/api/jobs/{job_id}" in paths and "/territoires" not in paths
    assert paths["/api/territories/{slug}/build"]["post"]["security"] == [{"HTTPBasic": []}]
