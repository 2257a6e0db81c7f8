"""The admin's page: the accounts of their Caf only, one added, disabled or enabled (in the audit
log), others refused; a disabled account signs in no more, on the page or by HTTP Basic; and
`ctg users disable` / `ctg users enable`."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from docgen.cli import main
from docgen.web.accounts import add_user, authenticate
from docgen.web.auth import BAD_CREDENTIALS
from docgen.web.database import MIGRATIONS, engine_for
from docgen.web.models import AuditEntry, User
from docgen.web.settings import settings
from tests.web.conftest import (
    ALICE,
    BRUNO,
    CAF_A,
    CAF_B,
    CLAIRE,
    PASSWORD,
    TOKEN,
    fresh_settings,
    make_app,
    signed_in,
    token,
)

DIANE, EMILE = "diane", "emile"  # the admins of Caf A and of Caf B
NEW_PASSWORD = "un autre mot de passe sûr"


@pytest.fixture(scope="module")
def admins(app) -> None:
    with app.state.sessions() as session:
        add_user(session, DIANE, CAF_A, "admin", PASSWORD)
        add_user(session, EMILE, CAF_B, "admin", PASSWORD)


@pytest.fixture(scope="module")
def diane(app, admins) -> Iterator[TestClient]:
    with signed_in(app, DIANE) as client:
        yield client


def _user(app, name: str) -> User:
    with app.state.sessions() as session:
        found = session.scalar(select(User).where(User.name == name))
        assert found is not None, name
        return found


def _entries(app, action: str, account: str) -> list[AuditEntry]:
    with app.state.sessions() as session:
        query = select(AuditEntry).join(AuditEntry.account).where(AuditEntry.action == action, User.name == account)
        return list(session.scalars(query).unique())


def _add(client: TestClient, name: str, role: str = "reviewer", password: str = NEW_PASSWORD, **extra: str):
    fields = {"name": name, "role": role, "password": password, "confirmation": password}
    return client.post("/utilisateurs", data={"csrf_token": token(client, "/utilisateurs"), **fields, **extra})


def _switch(client: TestClient, account_id: int, action: str):
    csrf = token(client, "/verifications")
    return client.post(f"/utilisateurs/{account_id}/{action}", data={"csrf_token": csrf}, follow_redirects=False)


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _french_typography(page: str) -> None:
    text = _text(page)
    assert not re.search(r"[^\S\u00a0][:;?!](\s|$)", text), text  # a non-breaking space before : ; ? !
    assert not re.search(r"«[^\u00a0]|[^\u00a0]»", text), text


def test_the_admin_sees_the_accounts_of_their_caf_only(diane, claire):
    page = diane.get("/utilisateurs")
    assert page.status_code == 200
    rows = {m[0]: m[1:] for m in re.findall(r"<td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>", page.text)}
    assert rows[ALICE] == ("relecteur", "actif")
    assert rows[CLAIRE] == ("chargé de convention", "actif")
    assert rows[DIANE] == ("administrateur", "actif")
    assert BRUNO not in rows and EMILE not in rows and BRUNO not in page.text and EMILE not in page.text
    _french_typography(page.text)
    assert 'href="/utilisateurs"' in page.text  # the menu's link, for an admin
    assert 'href="/utilisateurs"' not in claire.get("/territoires").text


@pytest.mark.parametrize("name", [ALICE, CLAIRE])
def test_a_reviewer_or_an_officer_is_refused_in_french(app, admins, name):
    client = signed_in(app, name)
    page = client.get("/utilisateurs")
    assert page.status_code == 403
    assert "cette page est réservée aux administrateurs de la Caf" in _text(page.text)
    _french_typography(page.text)
    csrf = token(client, "/verifications")
    fields = {"name": "intrus", "role": "admin", "password": NEW_PASSWORD, "confirmation": NEW_PASSWORD}
    assert client.post("/utilisateurs", data={"csrf_token": csrf, **fields}).status_code == 403
    assert _switch(client, _user(app, DIANE).id, "desactivation").status_code == 403
    with app.state.sessions() as session:
        assert session.scalar(select(User).where(User.name == "intrus")) is None
    assert _user(app, DIANE).active


def test_the_page_needs_a_session(app):
    assert TestClient(app).get("/utilisateurs", follow_redirects=False).headers["location"] == "/connexion"


def test_an_added_account_belongs_to_the_admins_caf_and_signs_in(app, diane):
    added = _add(diane, "gaelle", "officer", caf=CAF_B)  # a Caf in the form is not read
    assert added.status_code == 200
    assert "Compte «\u00a0gaelle\u00a0» ajouté (chargé de convention)." in _text(added.text)
    user = _user(app, "gaelle")
    assert (user.caf_id, user.role, user.active) == (CAF_A, "officer", True)
    assert signed_in(app, "gaelle", NEW_PASSWORD).get("/territoires").status_code == 200
    [entry] = _entries(app, "user-add", "gaelle")
    assert entry.user is not None and entry.user.name == DIANE and entry.caf_id == CAF_A
    assert re.search(r"<td>diane</td><td>compte ajouté</td><td>gaelle</td>", diane.get("/utilisateurs").text)


@pytest.mark.parametrize(
    "fields, status, message",
    [
        ({"confirmation": "pas le même mot de passe"}, 400, "les deux mots de passe saisis sont différents"),
        ({"password": "court", "confirmation": "court"}, 400, "mot de passe trop court (10 caractères au moins)"),
        ({"name": "jean dupont"}, 400, "nom d'utilisateur invalide «\u00a0jean dupont\u00a0»"),
        ({"role": "chef"}, 400, "rôle inconnu «\u00a0chef\u00a0»"),
        ({"name": BRUNO}, 409, f"l'utilisateur «\u00a0{BRUNO}\u00a0» existe déjà"),  # names are unique across Cafs
    ],
)
def test_bad_values_are_refused_in_french(app, diane, fields, status, message):
    data = {"name": "hugo", "role": "reviewer", "password": NEW_PASSWORD, "confirmation": NEW_PASSWORD, **fields}
    refused = diane.post("/utilisateurs", data={"csrf_token": token(diane, "/utilisateurs"), **data})
    assert refused.status_code == status
    shown = _text(refused.text)
    assert f"Compte non ajouté\u00a0: {message}" in shown
    _french_typography(refused.text)
    with app.state.sessions() as session:
        assert session.scalar(select(User).where(User.name == data["name"], User.caf_id == CAF_A)) is None
    assert _user(app, BRUNO).caf_id == CAF_B


def _refused_sign_in(app, name: str, password: str) -> str:
    client = TestClient(app)
    response = client.post("/connexion", data={"name": name, "password": password, "csrf_token": token(client)})
    assert response.status_code == 401
    assert BAD_CREDENTIALS in _text(response.text)
    return TOKEN.sub("", response.text.replace(name, ""))


def test_a_disabled_account_signs_in_no_more_and_its_session_ends(app, diane):
    with app.state.sessions() as session:
        add_user(session, "henri", CAF_A, "officer", PASSWORD)
    henri = _user(app, "henri")
    api = TestClient(app)
    session_before = signed_in(app, "henri")
    assert session_before.get("/territoires").status_code == 200
    assert api.get("/api/territories", auth=("henri", PASSWORD)).status_code == 200  # its password now remembered

    disabled = _switch(diane, henri.id, "desactivation")
    assert disabled.status_code == 200
    assert "Compte «\u00a0henri\u00a0» désactivé\u00a0: il ne peut plus se connecter." in _text(disabled.text)
    assert re.search(r"<td>henri</td><td>[^<]+</td><td>désactivé</td>", disabled.text)
    assert not _user(app, "henri").active

    ended = session_before.get("/territoires", follow_redirects=False)
    assert (ended.status_code, ended.headers["location"]) == (303, "/connexion")
    assert session_before.get("/", follow_redirects=False).headers["location"] == "/connexion"
    # the same refusal as an unknown name's: nothing tells that the account exists
    assert _refused_sign_in(app, "henri", PASSWORD) == _refused_sign_in(app, "personne-henri", PASSWORD)
    basic = api.get("/api/territories", auth=("henri", PASSWORD))
    assert (basic.status_code, basic.json()["detail"]) == (401, BAD_CREDENTIALS)
    [entry] = _entries(app, "user-disable", "henri")
    assert entry.user is not None and entry.user.name == DIANE

    enabled = _switch(diane, henri.id, "reactivation")
    assert enabled.status_code == 200 and "Compte «\u00a0henri\u00a0» réactivé." in _text(enabled.text)
    assert signed_in(app, "henri").get("/territoires").status_code == 200
    assert api.get("/api/territories", auth=("henri", PASSWORD)).status_code == 200
    assert len(_entries(app, "user-enable", "henri")) == 1


def test_an_admin_cannot_disable_their_own_account(app, diane):
    refused = _switch(diane, _user(app, DIANE).id, "desactivation")
    assert refused.status_code == 409
    assert "Compte non désactivé\u00a0: vous ne pouvez pas désactiver votre propre compte." in _text(refused.text)
    assert _user(app, DIANE).active and diane.get("/utilisateurs").status_code == 200
    assert _entries(app, "user-disable", DIANE) == []


@pytest.mark.parametrize("action, logged", [("desactivation", "user-disable"), ("reactivation", "user-enable")])
def test_an_account_of_another_caf_is_not_found(app, diane, action, logged):
    bruno = _user(app, BRUNO)
    refused = _switch(diane, bruno.id, action)
    assert refused.status_code == 404 and "Compte introuvable." in refused.text and BRUNO not in refused.text
    unknown = _switch(diane, 999_999, action)
    assert unknown.status_code == 404 and TOKEN.sub("", unknown.text) == TOKEN.sub("", refused.text)
    assert _user(app, BRUNO).active and _entries(app, logged, BRUNO) == []


def _ctg(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = main(["users", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_ctg_users_disable_and_enable(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DOCGEN_DATA", str(tmp_path))
    app = make_app(settings(tmp_path))
    disabled = _ctg(monkeypatch, capsys, "disable", ALICE)
    assert disabled == (0, f"Compte «\u00a0{ALICE}\u00a0» désactivé ({CAF_A}).\n", "")
    assert not _user(app, ALICE).active
    _refused_sign_in(app, ALICE, PASSWORD)
    again = _ctg(monkeypatch, capsys, "disable", ALICE)
    assert again[:2] == (0, f"Compte «\u00a0{ALICE}\u00a0» déjà désactivé ({CAF_A}).\n")
    assert _ctg(monkeypatch, capsys, "enable", ALICE)[:2] == (0, f"Compte «\u00a0{ALICE}\u00a0» réactivé ({CAF_A}).\n")
    assert signed_in(app).get("/verifications").status_code == 200
    [entry] = _entries(app, "user-disable", ALICE)  # the second disable changed nothing
    assert entry.user_id is None and entry.caf_id == CAF_A  # by the command line
    code, out, err = _ctg(monkeypatch, capsys, "enable", "personne")
    assert (code, out) == (2, "") and "utilisateur inconnu «\u00a0personne\u00a0»" in err


def test_migration_0003_keeps_the_accounts_active_and_goes_back(tmp_path):
    engine = engine_for(fresh_settings(tmp_path).database)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))

    def to(revision: str, down: bool = False) -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)

    to("0002")
    hashed = PasswordHasher().hash(PASSWORD)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO caf (id) VALUES ('caf-18')"))
        connection.execute(
            text(
                "INSERT INTO user_account (name, caf_id, role, password_hash, created) "
                "VALUES ('ancien', 'caf-18', 'officer', :hashed, CURRENT_TIMESTAMP)"
            ),
            {"hashed": hashed},
        )
        connection.execute(
            text(
                "INSERT INTO audit_entry (user_id, caf_id, time, action) "
                "VALUES (1, 'caf-18', CURRENT_TIMESTAMP, 'build')"
            )
        )
    to("head")
    with Session(engine) as session:
        user = authenticate(session, "ancien", PASSWORD)
        assert user is not None and user.active
        entry = session.scalars(select(AuditEntry)).one()
        assert entry.user is not None and entry.user.name == "ancien" and entry.account is None
    to("0002", down=True)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT name, caf_id FROM user_account")).all() == [("ancien", "caf-18")]
        assert connection.execute(text("SELECT count(*) FROM audit_entry")).scalar() == 1
    engine.dispose()
