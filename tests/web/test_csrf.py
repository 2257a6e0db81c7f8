"""Every form of the pages carries the session's CSRF token; a POST without it is refused."""

from __future__ import annotations

from tests.web.conftest import ALICE, PASSWORD, routes, signed_in, token


def _form_routes(app) -> list[str]:
    return [route.path for route in routes(app) if "POST" in route.methods and not route.path.startswith("/api/")]


def test_every_form_route_refuses_a_post_without_the_token(app, seed_docx):
    client = signed_in(app)
    routes = _form_routes(app)
    assert set(routes) >= {"/connexion", "/deconnexion", "/verifications"}
    for path in routes:
        for data in ({}, {"csrf_token": "un-jeton-inventé"}):
            response = client.post(
                path, data={"name": ALICE, "password": PASSWORD, **data}, files={"files": ("p.docx", seed_docx)}
            )
            assert response.status_code == 403, path
            assert "jeton de sécurité absent ou périmé" in response.text
    assert client.get("/verifications").status_code == 200  # still signed in: nothing was done


def test_signing_in_gives_a_new_token_and_the_old_one_is_refused(app):
    client = signed_in(app)
    before = token(client, "/verifications")
    client.post("/connexion", data={"name": ALICE, "password": PASSWORD, "csrf_token": before})
    after = token(client, "/verifications")
    assert after != before
    refused = client.post("/deconnexion", data={"csrf_token": before})
    assert refused.status_code == 403
