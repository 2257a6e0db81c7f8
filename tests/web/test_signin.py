"""Signing in: the right password opens a session; a wrong one, or an unknown name, is refused alike."""

from __future__ import annotations

from fastapi.testclient import TestClient

from docgen.web.auth import BAD_CREDENTIALS
from docgen.web.models import User
from tests.web.conftest import ALICE, PASSWORD, TOKEN, signed_in, token


def test_the_right_password_opens_a_session_with_a_strict_signed_cookie(app):
    client = TestClient(app)
    response = client.post(
        "/connexion", data={"name": ALICE, "password": PASSWORD, "csrf_token": token(client)}, follow_redirects=False
    )
    assert (response.status_code, response.headers["location"]) == (303, "/verifications")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get("/verifications")
    assert page.status_code == 200
    assert '<a href="/compte" class="me">alice</a> <span>(relecteur, caf-45)</span>' in page.text


def test_a_wrong_password_and_an_unknown_name_get_the_same_french_refusal(app):
    pages = []
    for name, password in ((ALICE, "pas le bon mot de passe"), ("personne", PASSWORD)):
        client = TestClient(app)
        response = client.post("/connexion", data={"name": name, "password": password, "csrf_token": token(client)})
        assert response.status_code == 401
        assert BAD_CREDENTIALS.replace("'", "&#39;") in response.text
        assert client.get("/verifications", follow_redirects=False).headers["location"] == "/connexion"
        pages.append(TOKEN.sub("", response.text.replace(name, "")))
    assert pages[0] == pages[1]


def test_pages_need_a_session_and_signing_out_ends_it(app):
    assert TestClient(app).get("/verifications", follow_redirects=False).headers["location"] == "/connexion"
    client = signed_in(app)
    out = client.post("/deconnexion", data={"csrf_token": token(client, "/verifications")}, follow_redirects=False)
    assert out.headers["location"] == "/connexion"
    assert client.get("/verifications", follow_redirects=False).status_code == 303


def test_passwords_are_stored_as_argon2id_hashes(app):
    with app.state.sessions() as session:
        stored = session.query(User).filter_by(name=ALICE).one().password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_cookie_signed_with_another_key_is_no_session(app):
    client = TestClient(app)
    client.cookies.set("ctg_session", "eyJ1c2VyIjogMX0=.forged.signature")
    assert client.get("/verifications", follow_redirects=False).headers["location"] == "/connexion"
