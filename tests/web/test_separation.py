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
