"""The package installed from its wheel, away from the checkout; a Caf's own library folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from docgen.cli import main
from docgen.resources import SETTING, bundled, resource
from tests.amend.test_job import _edit, new_metz_director
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The project's wheel, built as `pip install .` builds it, unpacked into its own folder."""
    work = tmp_path_factory.mktemp("install")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(work), str(ROOT)], check=True)
    (wheel,) = work.glob("docgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "docgen/resources/clauses/models/ctg-2020.yaml" in names
    assert "docgen/resources/templates/docx/convention.docx" in names
    assert not any(name.endswith("build_base.py") for name in names), "the template's build script stays out"
    assert "docgen/web/templates/check.html" in names and "docgen/web/templates/style.css" in names
    assert "docgen/web/migrations/env.py" in names and "docgen/web/migrations/script.py.mako" in names
    assert "docgen/web/migrations/versions/0001_accounts_checks_audit.py" in names
    target = work / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True)
    return target


def _ctg(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`ctg` run from `cwd` with the installed copy first on the path (before the editable checkout)."""
    env = {k: v for k, v in os.environ.items() if k != SETTING} | {"PYTHONPATH": str(site)}
    code = "import sys; from docgen.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_installed_package_builds_checks_and_amends_outside_the_checkout(installed, tmp_path):
    where = subprocess.run(
        [sys.executable, "-c", "import docgen.resources as r; print(r.__file__); print(r.bundled())"],
        cwd=tmp_path,
        env=os.environ | {"PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where == [str(installed / "docgen" / "resources.py"), str(installed / "docgen" / "resources")]

    folder = tmp_path / "conventions" / "metz"
    shutil.copytree(ROOT / "conventions" / "metz", folder)
    out = tmp_path / "sorties"
    run = _ctg(installed, tmp_path, "build", str(folder), "--output", str(out))
    assert run.returncode == 0, run.stderr
    built = out / "metz" / "convention.docx"
    assert built.read_bytes() == _checkout_build(tmp_path), "the same bytes as built from the checkout"
    run = _ctg(installed, tmp_path, "check", str(built))
    assert run.returncode == 0 and "Modèle national\u00a0: ctg-2016" in run.stdout, run.stdout + run.stderr

    assert _ctg(installed, tmp_path, "sign", str(folder)).returncode == 0
    _edit(folder, new_metz_director)
    run = _ctg(installed, tmp_path, "avenant", str(folder), "--output", str(out))
    assert run.returncode == 0, run.stderr
    run = _ctg(installed, tmp_path, "check", str(out / "metz" / "avenant-01.docx"))
    assert run.returncode == 0 and "Bilan\u00a0: 0 erreur" in run.stdout, run.stdout + run.stderr
    assert sorted(p.name for p in (tmp_path / "conventions").iterdir()) == ["metz"]


def _checkout_build(tmp_path: Path) -> bytes:
    assert main(["build", str(ROOT / "conventions" / "metz"), "--output", str(tmp_path / "checkout")]) == 0
    return (tmp_path / "checkout" / "metz" / "convention.docx").read_bytes()


def test_a_caf_library_folder_replaces_what_it_holds(tmp_path, monkeypatch, capsys):
    own = tmp_path / "bibliotheque-caf"
    shutil.copytree(bundled() / "clauses", own / "clauses")
    clause = own / "clauses" / "articles" / "confidentialite.yaml"
    text = clause.read_text(encoding="utf-8")
    clause.write_text(text.replace("text: |\n", "text: |\n  Clause propre à la Caf.\n\n", 1), encoding="utf-8")
    monkeypatch.setenv(SETTING, str(own))
    assert resource("clauses") == own / "clauses"
    assert resource("templates/docx/convention.docx") == bundled() / "templates" / "docx" / "convention.docx"
    assert main(["build", str(ROOT / "conventions" / "metz"), "--output", str(tmp_path / "out")]) == 0
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "out" / "metz" / "convention.docx")).paragraphs]
    assert "Clause propre à la Caf." in paragraphs


def test_a_missing_caf_library_folder_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(SETTING, str(tmp_path / "absent"))
    assert main(["build", str(ROOT / "conventions" / "metz"), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "dossier de bibliothèque introuvable (réglage CTG_LIBRARY)" in err and "absent" in err
    assert not (tmp_path / "out").exists()


def test_installed_web_application_migrates_its_database_and_renders_its_pages(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != SETTING} | {"PYTHONPATH": str(installed)}
    code = "import sys; from docgen.cli import main; sys.exit(main(sys.argv[1:]))"
    added = subprocess.run(
        [sys.executable, "-c", code, "users", "add", "lea", "--caf", "caf-45", "--role", "reviewer"],
        cwd=tmp_path,
        env=env,
        input="un long mot de passe\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    assert (tmp_path / "instance" / "docgen.sqlite3").is_file()
    page = (
        "from pathlib import Path; from fastapi.testclient import TestClient; import docgen.web.app as a;"
        "from docgen.web.settings import settings; print(a.__file__);"
        "print(TestClient(a.create_app(settings(Path('instance')))).get('/connexion').text)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", page], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert shown.startswith(str(installed / "docgen" / "web" / "app.py")) and "Mot de passe" in shown
