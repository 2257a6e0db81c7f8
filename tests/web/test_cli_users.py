"""`ctg users add` (password on standard input) and the options of `ctg serve`."""

from __future__ import annotations

import html
import io
import re
import sqlite3

import pytest
from fastapi.testclient import TestClient

from docgen.cli import main
from docgen.web.app import create_app
from docgen.web.settings import DATABASE_FILE, settings
from tests.web.conftest import make_app, signed_in, upload


def _add(monkeypatch, capsys, stdin: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    capsys.readouterr()
    try:
        code = main(["users", "add", *args])
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_user_added_on_the_command_line_signs_in(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DOCGEN_DATA", str(tmp_path / "donnees"))
    code, out, _ = _add(monkeypatch, capsys, "mot de passe d'élise\n", "élise", "--caf", "caf-18", "--role", "admin")
    assert code == 0 and out == "Compte «\u00a0élise\u00a0» ajouté\u00a0: caf-18, rôle administrateur (admin).\n"
    database = tmp_path / "donnees" / DATABASE_FILE
    with sqlite3.connect(database) as db:  # the schema made by the migrations, on first use
        assert db.execute("select version_num from alembic_version").fetchall() == [("0003",)]
    assert (tmp_path / "donnees").stat().st_mode & 0o077 == 0  # password hashes: for the owner only
    app = create_app(settings(tmp_path / "donnees"))
    assert signed_in(app, "élise", "mot de passe d'élise").get("/verifications").status_code == 200


def test_the_database_option_names_the_file(monkeypatch, capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'autre.sqlite3'}"
    code, _, _ = _add(
        monkeypatch, capsys, "0123456789\n", "paul", "--caf", "caf-18", "--role", "reviewer", "--database", url
    )
    assert code == 0 and (tmp_path / "autre.sqlite3").is_file()


@pytest.mark.parametrize(
    "stdin, args, message",
    [
        ("court\n", ["--caf", "caf-18", "--role", "reviewer"], "mot de passe trop court (10 caractères au moins)"),
        ("", ["--caf", "caf-18", "--role", "reviewer"], "mot de passe absent"),
        ("0123456789\n", ["--caf", "Caf du Cher", "--role", "reviewer"], "identifiant de Caf invalide"),
        ("0123456789\n", ["--caf", "caf-18", "--role", "chef"], "choix invalide"),
        ("0123456789\n", ["--role", "reviewer"], "arguments obligatoires manquants"),
    ],
)
def test_bad_input_is_refused_in_french_with_exit_code_2(monkeypatch, capsys, tmp_path, stdin, args, message):
    monkeypatch.setenv("DOCGEN_DATA", str(tmp_path))
    code, _, err = _add(monkeypatch, capsys, stdin, "jeanne", *args)
    assert code == 2 and message in err


def test_a_name_already_taken_is_refused(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DOCGEN_DATA", str(tmp_path))
    assert _add(monkeypatch, capsys, "0123456789\n", "jeanne", "--caf", "caf-18", "--role", "reviewer")[0] == 0
    code, _, err = _add(monkeypatch, capsys, "9876543210\n", "jeanne", "--caf", "caf-36", "--role", "reviewer")
    assert code == 2 and "l'utilisateur «\u00a0jeanne\u00a0» existe déjà" in err


def test_an_unsupported_database_is_refused(monkeypatch, capsys):
    code, _, err = _add(
        monkeypatch, capsys, "0123456789\n", "x", "--caf", "c", "--role", "admin", "--database", "mysql://h/d"
    )
    assert code == 2 and "base de données non prise en charge «\u00a0mysql\u00a0»" in err


@pytest.mark.parametrize("port", ["abc", "0", "70000"])
def test_serve_refuses_a_bad_port(capsys, port):
    with pytest.raises(SystemExit) as raised:
        main(["serve", "--port", port])
    assert raised.value.code == 2 and "port invalide" in capsys.readouterr().err


def test_pages_are_french_with_french_typography(tmp_path):
    app = make_app(settings(tmp_path))
    client = signed_in(app)
    pages = [TestClient(app).get("/connexion").text, client.get("/verifications").text, client.get("/nulle-part").text]
    pages.append(upload(client, ("x.pdf", b"texte")).text)  # a refusal
    for page in pages:
        assert '<html lang="fr">' in page
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        assert not re.search(r"[^\S\u00a0][:;?!](\s|$)", text), text  # a non-breaking space before : ; ? !
        assert not re.search(r"«[^\u00a0]|[^\u00a0]»", text), text
