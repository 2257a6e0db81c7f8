"""The officer's pages: data edited and validated, build and download, sign, avenant, history and audit."""

from __future__ import annotations

import html
import io
import re
import threading
import time

import docx

from docgen.inputs import fingerprint
from docgen.model.errors import DocgenError
from tests.web.conftest import VILLEBOURG, token, wait_for

AMENDMENT = """amendment:
  reason: La commune a élu une nouvelle maire.
  effective: 2025-06-01
  signature: {place: Orléans, date: 2025-06-01}
  authorisations:
    - {party: commune, act: délibération, body: conseil municipal, date: 2025-05-20, number: "2025-30"}
"""


def _data(app):
    return app.state.settings.data / "territories" / VILLEBOURG / "convention.yaml"


def _save(client, text: str):
    url = f"/territoires/{VILLEBOURG}/donnees"
    return client.post(url, data={"csrf_token": token(client, url), "text": text})


def _post(client, action: str, **fields):
    csrf = token(client, f"/territoires/{VILLEBOURG}")
    url = f"/territoires/{VILLEBOURG}/{action}"
    return client.post(url, data={"csrf_token": csrf, **fields}, follow_redirects=False)


def _job(app, response) -> object:
    assert response.status_code == 303, response.text
    job_id = response.headers["location"].rsplit("/", 1)[1]
    return wait_for(app, job_id)


def test_the_editor_shows_the_data_the_schema_keys_and_a_link_to_the_schema(claire):
    page = claire.get(f"/territoires/{VILLEBOURG}/donnees")
    assert page.status_code == 200
    assert "Villebourg" in page.text and "<textarea" in page.text
    assert 'href="/schema/convention.schema.json"' in page.text
    assert "<dt>amendment</dt>" in page.text and "Avenant en préparation" in html.unescape(page.text)
    schema = claire.get("/schema/convention.schema.json")
    assert schema.status_code == 200 and "parties" in schema.json()["properties"]


def test_an_invalid_save_shows_the_line_and_key_and_leaves_the_file(app, claire):
    before = _data(app).read_bytes()
    text = before.decode("utf-8").replace("  start: 2024-01-01", "  start: 2024-13-45")
    line = text.splitlines().index("  start: 2024-13-45") + 1
    refused = _save(claire, text)
    assert refused.status_code == 400
    shown = html.unescape(refused.text)
    assert "Données non enregistrées" in shown
    assert f"ligne {line} <code>period.start</code>" in shown
    assert _data(app).read_bytes() == before
    broken = _save(claire, "model: [ctg-2020\n")
    assert broken.status_code == 400 and "YAML mal formé" in html.unescape(broken.text)
    assert "Traceback" not in broken.text and str(app.state.settings.data) not in broken.text
    assert _data(app).read_bytes() == before


def test_a_valid_save_writes_the_file(app, claire):
    before = _data(app).read_text(encoding="utf-8")
    changed = before.replace("Orléans", "Montargis").replace("\n", "\r\n")  # as a browser sends it
    saved = _save(claire, changed)
    assert saved.status_code == 200 and "Données enregistrées." in saved.text
    assert _data(app).read_text(encoding="utf-8") == before.replace("Orléans", "Montargis")
    _save(claire, before)


def test_build_then_download_the_docx_with_its_audit_entry(app, claire):
    job = _job(app, _post(claire, "production"))
    assert job.status == "done", job.error
    assert job.files == ["convention.docx"] and job.messages[0] == "Convention écrite\u00a0: convention.docx"
    page = claire.get(f"/travaux/{job.id}")
    assert "Terminé" in page.text or "terminé" in page.text
    assert 'http-equiv="refresh"' not in page.text  # a finished job's page stops refreshing
    download = claire.get(f"/territoires/{VILLEBOURG}/fichiers/convention.docx")
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment; filename=")
    texts = [p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs]
    assert any("Villebourg" in t for t in texts)
    territory = claire.get(f"/territoires/{VILLEBOURG}").text
    assert fingerprint(download.content) in territory and "production" in territory
    assert claire.get(f"/territoires/{VILLEBOURG}/fichiers/..%2Fconvention.yaml").status_code == 404
    assert claire.get(f"/territoires/{VILLEBOURG}/fichiers/secret.docx").status_code == 404


def test_an_avenant_before_any_signature_says_what_to_do_in_the_page(app, claire):
    job = _job(app, _post(claire, "avenant"))
    assert job.status == "failed"
    assert "la convention n'est pas encore enregistrée comme signée" in job.error
    assert "«\u00a0Enregistrer la signature\u00a0»" in job.error and "ctg" not in job.error  # no terminal here
    assert "Enregistrer la signature" in claire.get(f"/territoires/{VILLEBOURG}").text  # the button it names


def test_sign_then_avenant_after_an_edit_gives_the_three_documents(app, claire):
    signed = _post(claire, "signature", date="2024-03-15")
    assert signed.status_code == 200, signed.text
    assert "Signature enregistrée\u00a0: la convention signée le 15 mars 2024" in signed.text
    history = app.state.settings.data / "territories" / VILLEBOURG / "history" / "00-convention.yaml"
    state = history.read_bytes()
    again = _post(claire, "signature")
    assert again.status_code == 409 and "Signature refusée" in again.text  # nothing new to sign
    assert str(app.state.settings.data) not in again.text

    too_early = _post(claire, "avenant")
    assert _job(app, too_early).status == "failed"  # no change since the signed state: the CLI's error

    text = _data(app).read_text(encoding="utf-8").replace("Paul Durand", "Jeanne Leroy") + AMENDMENT
    assert _save(claire, text).status_code == 200
    job = _job(app, _post(claire, "avenant"))
    assert job.status == "done", job.error
    assert job.files == ["avenant-01.docx", "convention-consolidee-01.docx", "redline-01.docx"]
    for name in job.files:
        download = claire.get(f"/territoires/{VILLEBOURG}/fichiers/{name}")
        assert download.status_code == 200 and download.content.startswith(b"PK")
    avenant = docx.Document(io.BytesIO(claire.get(f"/territoires/{VILLEBOURG}/fichiers/avenant-01.docx").content))
    assert any("Jeanne Leroy" in p.text for p in avenant.paragraphs)

    page = html.unescape(claire.get(f"/territoires/{VILLEBOURG}").text)
    assert "la convention signée le 15 mars 2024" in page and fingerprint(state) in page
    assert 'href="/territoires/villebourg/fichiers/avenant-01.docx"' in page
    with app.state.sessions() as session:
        from sqlalchemy import select

        from docgen.web.models import AuditEntry

        entries = session.scalars(select(AuditEntry).where(AuditEntry.territory == VILLEBOURG)).all()
    logged = {(e.action, e.file_name): e.sha256 for e in entries}
    assert logged[("sign", "00-convention.yaml")] == fingerprint(state)
    out = app.state.settings.data / "output" / VILLEBOURG
    for name in job.files:
        assert logged[("avenant", name)] == fingerprint((out / name).read_bytes())
    assert all(e.user.name == "claire" and e.time is not None for e in entries)
    assert history.read_bytes() == state  # never overwritten


def test_every_convention_of_the_caf_built_as_one_batch_job(app, claire):
    csrf = token(claire, "/territoires")
    job = _job(app, claire.post("/territoires/production", data={"csrf_token": csrf}, follow_redirects=False))
    assert job.status == "done", (job.error, job.messages)
    assert (job.count, job.total) == (1, 1)  # Villebourg only: Autreville is Caf B's
    assert job.messages[1].startswith("villebourg  convention remplacée dans output/villebourg")
    assert job.messages[-1] == "1 convention produite."
    page = claire.get(f"/travaux/{job.id}").text
    assert "1 convention produite." in page and str(app.state.settings.data) not in page
    assert f'href="/travaux/{job.id}"' in claire.get("/territoires").text


def test_no_route_deletes_anything(app, claire):
    from tests.web.conftest import routes

    assert not [r.path for r in routes(app) if r.methods & {"DELETE", "PUT", "PATCH"}]
    history = f"/territoires/{VILLEBOURG}/history/00-convention.yaml"
    assert claire.request("DELETE", history).status_code in (404, 405)


def test_the_pages_stay_responsive_while_a_build_runs(app, claire, monkeypatch):
    release, started = threading.Event(), threading.Event()

    def slow_build(*args, **kwargs):
        started.set()
        release.wait(30)
        raise DocgenError("interrompu pour le test")

    monkeypatch.setattr("docgen.build.job.build", slow_build)
    response = _post(claire, "production", pdf="true")
    job_url = response.headers["location"]
    try:
        assert started.wait(10)
        began = time.monotonic()
        assert claire.get("/territoires").status_code == 200
        assert claire.get(f"/territoires/{VILLEBOURG}").status_code == 200
        assert time.monotonic() - began < 2
        running = claire.get(job_url).text
        assert 'http-equiv="refresh"' in running and "en cours" in running
        busy = _post(claire, "production")
        assert busy.status_code == 409 and "un travail est déjà en cours sur ce territoire" in html.unescape(busy.text)
    finally:
        release.set()
    job = wait_for(app, job_url.rsplit("/", 1)[1])
    assert job.status == "failed" and job.error == "interrompu pour le test"
    assert re.search("interrompu pour le test", claire.get(job_url).text)


def test_hostile_form_values_are_refused_in_french(claire):
    bad_date = _post(claire, "signature", date="2024-02-30'; DROP TABLE territory; --")
    assert bad_date.status_code == 409
    assert "date invalide" in html.unescape(bad_date.text) and "Traceback" not in bad_date.text
    long_reason = _post(claire, "avenant", reason="x" * 5000)
    assert long_reason.status_code == 409 and "motif trop long" in long_reason.text
    huge = _save(claire, "a: b\n" * 300_000)  # over the 1 MB of a form's text field
    assert huge.status_code == 400 and "Champ de formulaire trop long (1\u00a0Mo au plus)" in huge.text
    url, csrf = f"/territoires/{VILLEBOURG}/donnees", token(claire, f"/territoires/{VILLEBOURG}/donnees")
    multipart = claire.post(url, data={"csrf_token": csrf, "text": "a: b\n" * 300_000}, files={"x": ("x", b"x")})
    assert multipart.status_code == 400 and "Champ de formulaire trop long (1\u00a0Mo au plus)" in multipart.text
    headers = {"content-type": "multipart/form-data"}  # no boundary
    broken = claire.post(url, content=b"--x\r\n", headers=headers)
    assert broken.status_code == 400 and "Formulaire mal formé" in broken.text
