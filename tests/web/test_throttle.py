"""Wrong passwords are limited per account name: after five within fifteen minutes, the name is
refused (429, in French) on the sign-in page and through HTTP Basic, even with the right password."""

from __future__ import annotations

from fastapi.testclient import TestClient

from docgen.web import throttle
from docgen.web.throttle import ATTEMPTS, WINDOW_S, SignInThrottle
from tests.web.conftest import ALICE, CLAIRE, PASSWORD, token

TOO_MANY = "Trop de tentatives de connexion avec ce nom d&#39;utilisateur\u00a0: réessayez dans 15\u00a0minutes."


def _sign_in(app, name: str, password: str):
    client = TestClient(app)
    return client.post("/connexion", data={"name": name, "password": password, "csrf_token": token(client)})


def test_five_wrong_passwords_lock_the_name_on_the_page_and_the_api(app):
    for _ in range(ATTEMPTS):
        assert _sign_in(app, CLAIRE, "pas le bon mot de passe").status_code == 401
    locked = _sign_in(app, CLAIRE, PASSWORD)
    assert locked.status_code == 429 and TOO_MANY in locked.text
    assert 0 < int(locked.headers["retry-after"]) <= WINDOW_S
    api = TestClient(app).get("/api/territories", auth=(CLAIRE.upper(), PASSWORD))  # names are counted without case
    assert api.status_code == 429 and api.json()["detail"].startswith("Trop de tentatives de connexion")
    assert _sign_in(app, ALICE, PASSWORD).status_code == 200  # another name is not touched


def test_an_unknown_name_is_counted_like_a_known_one(app):
    for _ in range(ATTEMPTS):
        assert _sign_in(app, "personne", PASSWORD).status_code == 401
    assert _sign_in(app, "personne", PASSWORD).status_code == 429


def test_the_lock_ends_with_the_window_and_a_success_clears_the_count(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(throttle.time, "monotonic", lambda: now[0])
    limit = SignInThrottle(attempts=2, window_s=60)
    limit.failed("a")
    limit.succeeded("a")
    limit.failed("a")
    limit.before("a")  # one failure since the success: still allowed
    now[0] += 10
    limit.failed("a")
    try:
        limit.before("a")
    except throttle.TooManyAttempts as refused:
        assert refused.retry_after == 50 and "réessayez dans 1\u00a0minute." in refused.french
    else:
        raise AssertionError("not locked")
    now[0] += 50
    limit.before("a")  # the first failure is out of the window
