"""`ctg territories add` (an existing folder registered for a Caf) and the roles: a reviewer is
refused every officer route with a French page."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from docgen.cli import main
from docgen.web.app import create_app
from docgen.web.settings import DATABASE_FILE, settings
from tests.web.conftest import ALICE, MINI, PASSWORD, VILLEBOURG, routes, signed_in, token


def _add(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(["territories", "add", *args])
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_folder_registered_on_the_command_line_is_copied_into_the_data_folder(capsys, tmp_path):
    data = tmp_path / "donnees"
    code, out, err = _add(capsys, str(MINI), "--caf", "caf-45", "--slug", "villebourg", "--data", str(data))
    assert (code, err) == (0, "")
    target = data / "territories" / "villebourg"
    assert out == f"Territoire «\u00a0villebourg\u00a0» enregistré pour caf-45\u00a0: {target.resolve()}\n"
    assert (target / "convention.yaml").read_bytes() == (MINI / "convention.yaml").read_bytes()
    with sqlite3.connect(data / DATABASE_FILE) as db:
        assert db.execute("select slug, caf_id, folder, created_by_id from territory").fetchall() == [
            ("villebourg", "caf-45", "territories/villebourg", None)
        ]
    again = _add(capsys, str(MINI), "--caf", "caf-45", "--slug", "villebourg", "--data", str(data))
    assert again[0] == 2 and "le territoire «\u00a0villebourg\u00a0» est déjà enregistré" in again[2]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--slug", "../etc"], "identifiant de territoire invalide «\u00a0../etc\u00a0»"),
        (["--slug", "Villebourg"], "identifiant de territoire invalide"),
        (["--caf", "CAF 45"], "identifiant de Caf invalide"),
    ],
)
def test_bad_input_is_refused_in_french_with_exit_2(capsys, tmp_path, args, said):
    options = {"--caf": "caf-45", "--slug": "villebourg", **dict(zip(args[::2], args[1::2], strict=True))}
    flat = [item for pair in options.items() for item in pair]
    code, _, err = _add(capsys, str(MINI), *flat, "--data", str(tmp_path / "d"))
    assert code == 2 and said in err and "Traceback" not in err
    assert not (tmp_path / "d" / "territories").exists()


def test_a_folder_without_data_or_with_a_link_is_refused(capsys, tmp_path):
    empty = tmp_path / "vide"
    empty.mkdir()
    code, _, err = _add(capsys, str(empty), "--caf", "caf-45", "--data", str(tmp_path / "d"))
    assert code == 2 and "pas de fichier convention.yaml dans ce dossier" in err
    linked = tmp_path / "lien"
    linked.mkdir()
    (linked / "convention.yaml").write_bytes((MINI / "convention.yaml").read_bytes())
    (linked / "secret").symlink_to("/etc/passwd")
    code, _, err = _add(capsys, str(linked), "--caf", "caf-45", "--data", str(tmp_path / "d"))
    assert code == 2 and "lien symbolique refusé" in err


def _officer_routes(app) -> list:
    return [r for r in routes(app) if r.path.startswith(("/territoires", "/travaux", "/api/territories", "/api/jobs"))]


def test_a_reviewer_is_refused_every_officer_route_in_french(app, alice):
    found = _officer_routes(app)
    assert len(found) >= 14
    csrf = token(alice, "/verifications")
    for route in found:
        url = route.path.format(slug=VILLEBOURG, name="convention.docx", job_id="0")
        for method in route.methods:
            if url.startswith("/api/"):
                refused = TestClient(app).request(method, url, auth=(ALICE, PASSWORD))
                assert refused.status_code == 403, url
                assert "réservée aux chargés de convention" in refused.json()["detail"], url
            else:
                data = {"csrf_token": csrf} if method == "POST" else None
                refused = alice.request(method, url, data=data, follow_redirects=False)
                assert refused.status_code == 403, url
                assert "réservée aux chargés de convention" in refused.text and "<html" in refused.text, url


def test_an_officer_lands_on_the_territories_of_their_caf(app, claire):
    listed = claire.get("/")
    assert listed.url.path == "/territoires" and 'href="/territoires/villebourg"' in listed.text
    assert "autreville" not in listed.text  # Caf B's
    assert signed_in(app, ALICE).get("/").url.path == "/verifications"


def test_the_data_folder_is_the_one_of_the_settings(tmp_path):
    config = settings(tmp_path / "instance")
    app = create_app(config)
    assert app.state.settings.data == (tmp_path / "instance").resolve()
    assert app.state.jobs.conversions == 1
