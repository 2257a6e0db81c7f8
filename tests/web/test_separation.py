"""A user never sees or reaches another Caf's checks: every route that names a check, tried with the wrong Caf."""

from __future__ import annotations

import re

from tests.web.conftest import routes


def _check_routes(app) -> list:
    return [route for route in routes(app) if "{check_id}" in route.path]


def test_every_check_route_is_not_found_for_a_user_of_another_caf(app, alice, bruno, seed_check):
    check_id = seed_check.rsplit("/", 1)[1]
    found = _check_routes(app)
    assert len(found) >= 4  # the report page and its three downloads
    for route in found:
        for method in route.methods:
            url = route.path.replace("{check_id}", check_id)
            assert alice.request(method, url).status_code == 200, url  # the owner's Caf reaches it
            refused = bruno.request(method, url, follow_redirects=False)
            assert refused.status_code == 404, url
            assert "Vérification introuvable." in refused.text and "Saint-Jean" not in refused.text


def test_the_list_of_checks_shows_only_the_users_caf(alice, bruno, seed_check):
    assert seed_check in alice.get("/verifications").text
    listed = bruno.get("/verifications").text
    assert "Saint-Jean" not in listed and not re.search(r'href="/verifications/\d+"', listed)


def test_an_unknown_or_malformed_check_id_is_not_found_in_french(alice):
    assert "Vérification introuvable." in alice.get("/verifications/999999").text
    malformed = alice.get("/verifications/../../etc/passwd")
    assert malformed.status_code == 404 and "Page introuvable." in malformed.text
    assert alice.get("/verifications/abc").status_code == 400


def _territory_routes(app) -> list:
    return [route for route in routes(app) if "{slug}" in route.path or "{job_id}" in route.path]


def test_every_territory_route_is_not_found_for_an_officer_of_another_caf(app, claire, bruno):
    from tests.web.conftest import AUTREVILLE, CAF_A, PASSWORD, VILLEBOURG, token, wait_for

    csrf = token(claire, f"/territoires/{VILLEBOURG}")
    made = claire.post(f"/territoires/{VILLEBOURG}/production", data={"csrf_token": csrf}, follow_redirects=False)
    job_id = made.headers["location"].rsplit("/", 1)[1]
    assert wait_for(app, job_id, CAF_A).status == "done"
    found = _territory_routes(app)
    assert len(found) >= 12  # the pages (territory, data, build, sign, avenant, file, job) and the API's
    bruno_csrf = token(bruno, "/territoires")
    from fastapi.testclient import TestClient

    api = TestClient(app)
    for route in found:
        url = route.path.format(slug=VILLEBOURG, name="convention.docx", job_id=job_id)
        for method in route.methods:
            if method == "GET":  # Caf A's officer reaches it
                owner = api.get(url, auth=("claire", PASSWORD)) if url.startswith("/api/") else claire.get(url)
                assert owner.status_code == 200, url
            if url.startswith("/api/"):
                refused = api.request(method, url, auth=("bruno", PASSWORD))
                assert refused.status_code == 404, url
                assert refused.json()["detail"] in ("Territoire introuvable.", "Travail introuvable."), url
            else:
                data = {"csrf_token": bruno_csrf, "text": "model: x\n"} if method == "POST" else None
                refused = bruno.request(method, url, data=data, follow_redirects=False)
                assert refused.status_code == 404, url
                assert "introuvable" in refused.text and "Villebourg" not in refused.text, url
    # Bruno's own territory, under the same routes, is his
    assert bruno.get(f"/territoires/{AUTREVILLE}").status_code == 200
    data = app.state.settings.data / "territories" / VILLEBOURG / "convention.yaml"
    assert "model: x" not in data.read_text(encoding="utf-8")


def test_a_malformed_slug_is_not_found(claire):
    for slug in ("Villebourg", "%2E%2E", "a" * 64, "-x"):
        assert claire.get(f"/territoires/{slug}").status_code == 404, slug


def _account_routes(app) -> list:
    return [route for route in routes(app) if "{account_id}" in route.path]


def test_every_account_route_is_not_found_for_an_admin_of_another_caf(app, claire):
    from sqlalchemy import select

    from docgen.web.accounts import add_user
    from docgen.web.models import AuditEntry
    from tests.web.conftest import CAF_A, CAF_B, PASSWORD, signed_in, token

    with app.state.sessions() as session:
        add_user(session, "diane", CAF_A, "admin", PASSWORD)
        add_user(session, "emile", CAF_B, "admin", PASSWORD)
        felix = add_user(session, "felix", CAF_A, "reviewer", PASSWORD)
    diane, emile = signed_in(app, "diane"), signed_in(app, "emile")
    found = _account_routes(app)
    assert len(found) >= 3  # disable, enable, a new password
    fields = {"password": "un autre mot de passe", "confirmation": "un autre mot de passe"}  # for the last
    for route in found:
        url = route.path.format(account_id=felix.id)
        for method in route.methods:
            for other in (emile, claire):  # another Caf's admin; an officer of the same Caf
                data = {"csrf_token": token(other, "/verifications"), **fields} if method == "POST" else None
                refused = other.request(method, url, data=data, follow_redirects=False)
                assert refused.status_code == (404 if other is emile else 403), url
                assert "felix" not in refused.text, url
            data = {"csrf_token": token(diane, "/verifications"), **fields} if method == "POST" else None
            assert diane.request(method, url, data=data).status_code == 200, url  # the admin of its Caf
    with app.state.sessions() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.account_id == felix.id).order_by(AuditEntry.id))
        authors = [(e.action, e.user.name if e.user else None) for e in entries]
    assert authors[0] == ("user-add", None) and {who for _, who in authors[1:]} == {"diane"}  # never emile
    assert len(authors) == 1 + len(found)
