"""Passwords changed: by their owner on « Mon compte » (the current one checked, throttled as at
sign-in), replaced by an admin of the Caf or by `ctg users password`; each time the account's other
sessions end, and the audit log says who did it."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from docgen.cli import main
from docgen.web.accounts import add_user
from docgen.web.models import AuditEntry, User
from docgen.web.settings import settings
from docgen.web.throttle import ATTEMPTS
from tests.web.conftest import CAF_A, CAF_B, PASSWORD, fresh_settings, make_app, signed_in, token

NEW = "un tout nouveau mot de passe"


@pytest.fixture
def app(tmp_path):
    made = make_app(fresh_settings(tmp_path))
    with made.state.sessions() as session:
        add_user(session, "gaelle", CAF_A, "reviewer", PASSWORD)
        add_user(session, "diane", CAF_A, "admin", PASSWORD)
        add_user(session, "emile", CAF_B, "admin", PASSWORD)
    return made


def _change(client, current: str, new: str = NEW, confirmation: str | None = None):
    fields = {"current": current, "password": new, "confirmation": new if confirmation is None else confirmation}
    return client.post("/compte/mot-de-passe", data={"csrf_token": token(client, "/compte"), **fields})


def _signs_in(app, name: str, password: str) -> bool:
    client = TestClient(app)
    fields = {"name": name, "password": password, "csrf_token": token(client)}
    return client.post("/connexion", data=fields, follow_redirects=False).status_code == 303


def _entries(app, action: str) -> list[tuple[str, str | None]]:
    with app.state.sessions() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
        return [(e.account.name, e.user.name if e.user else None) for e in rows]


def test_a_user_changes_their_password_and_their_other_sessions_end(app):
    here, elsewhere = signed_in(app, "gaelle"), signed_in(app, "gaelle")  # two browsers
    page = here.get("/compte")
    assert page.status_code == 200 and "Changer mon mot de passe" in page.text and 'href="/compte"' in page.text
    changed = _change(here, PASSWORD)
    assert changed.status_code == 200, changed.text
    assert "Mot de passe changé\u00a0: vos autres sessions ouvertes sont fermées." in changed.text
    assert here.get("/verifications").status_code == 200  # this session goes on
    assert elsewhere.get("/verifications", follow_redirects=False).headers["location"] == "/connexion"
    assert not _signs_in(app, "gaelle", PASSWORD) and _signs_in(app, "gaelle", NEW)
    assert _entries(app, "password-change") == [("gaelle", "gaelle")]


@pytest.mark.parametrize(
    "current, new, confirmation, told",
    [
        ("pas le bon", NEW, None, "mot de passe actuel inexact"),
        (PASSWORD, NEW, NEW + "!", "les deux nouveaux mots de passe saisis sont différents"),
        (PASSWORD, "court", None, "mot de passe trop court (10 caractères au moins)"),
    ],
)
def test_a_change_refused_leaves_the_password_as_it_was(app, current, new, confirmation, told):
    client = signed_in(app, "gaelle")
    refused = _change(client, current, new, confirmation)
    assert refused.status_code == 400 and f"Mot de passe non changé\u00a0: {told}." in refused.text
    assert _signs_in(app, "gaelle", PASSWORD) and not _entries(app, "password-change")


def test_guessing_the_current_password_in_an_open_session_is_throttled(app):
    client = signed_in(app, "gaelle")
    for _ in range(ATTEMPTS):
        assert _change(client, "une devinette").status_code == 400
    stopped = _change(client, PASSWORD)  # even the right one, for a while
    assert stopped.status_code == 429 and "Trop de tentatives" in stopped.text and stopped.headers["Retry-After"]
    assert _signs_in(app, "gaelle", PASSWORD) is False  # the name itself waits, as at sign-in


def test_an_admin_replaces_a_password_of_their_caf_only(app):
    gaelle, diane, emile = signed_in(app, "gaelle"), signed_in(app, "diane"), signed_in(app, "emile")
    with app.state.sessions() as session:
        target = session.scalar(select(User).where(User.name == "gaelle"))
        own = session.scalar(select(User).where(User.name == "diane"))
        assert target is not None and own is not None
    url = f"/utilisateurs/{target.id}/mot-de-passe"
    fields = {"password": NEW, "confirmation": NEW}
    other_caf = emile.post(url, data={"csrf_token": token(emile, "/utilisateurs"), **fields})
    assert other_caf.status_code == 404 and "gaelle" not in other_caf.text
    reviewer = gaelle.post(url, data={"csrf_token": token(gaelle, "/verifications"), **fields})
    assert reviewer.status_code == 403
    assert _signs_in(app, "gaelle", PASSWORD)
    done = diane.post(url, data={"csrf_token": token(diane, "/utilisateurs"), **fields})
    assert done.status_code == 200, done.text
    assert "Mot de passe de «\u00a0gaelle\u00a0» remplacé\u00a0: ses sessions ouvertes sont fermées." in done.text
    assert gaelle.get("/verifications", follow_redirects=False).status_code == 303  # her session ended
    assert _signs_in(app, "gaelle", NEW)
    assert _entries(app, "password-reset") == [("gaelle", "diane")]
    assert "mot de passe remplacé" in diane.get("/utilisateurs").text  # in the accounts' log
    mine = diane.post(
        f"/utilisateurs/{own.id}/mot-de-passe", data={"csrf_token": token(diane, "/utilisateurs"), **fields}
    )
    assert mine.status_code == 400 and "«\u00a0Mon compte\u00a0»" in mine.text  # with the current one, there


def test_ctg_users_password(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DOCGEN_DATA", str(tmp_path))
    app = make_app(settings(tmp_path))
    session_before = signed_in(app, "alice")
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW + "\n"))
    assert main(["users", "password", "alice"]) == 0
    out = capsys.readouterr().out
    assert (
        out
        == f"Mot de passe du compte «\u00a0alice\u00a0» remplacé ({CAF_A})\u00a0; ses sessions ouvertes sont fermées.\n"
    )
    assert _signs_in(app, "alice", NEW) and not _signs_in(app, "alice", PASSWORD)
    assert session_before.get("/verifications", follow_redirects=False).status_code == 303
    assert _entries(app, "password-reset") == [("alice", None)]  # by the command line
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW + "\n"))
    assert main(["users", "password", "personne"]) == 2
    assert "utilisateur inconnu «\u00a0personne\u00a0»" in capsys.readouterr().err
