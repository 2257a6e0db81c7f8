"""The web application on a temporary SQLite database, with one user in each of two Cafs.

With DOCGEN_TEST_DATABASE naming a PostgreSQL database (postgresql://…), each application gets a
schema of its own in it instead, dropped at the end of the session.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from docgen.web.accounts import add_user
from docgen.web.app import create_app
from docgen.web.settings import Settings, settings

PASSWORD = "un mot de passe sûr"  # not ASCII: HTTP Basic credentials are UTF-8
ALICE, BRUNO = "alice", "bruno"  # Caf du Loiret (reviewer), Caf de la Moselle (officer)
CLAIRE = "claire"  # officer of the Caf du Loiret
CAF_A, CAF_B = "caf-45", "caf-57"
VILLEBOURG, AUTREVILLE = "villebourg", "autreville"  # the mini territory, registered for Caf A and for Caf B
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


TEST_DATABASE = "DOCGEN_TEST_DATABASE"
_schemas: list[str] = []


def fresh_settings(folder: Path) -> Settings:
    """Settings for a test application: its data in `folder`, its database new and empty."""
    base = os.environ.get(TEST_DATABASE)
    if not base:
        return settings(folder)  # an SQLite file in the folder
    schema = f"ctg_test_{uuid.uuid4().hex[:12]}"
    with _admin(base).begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    _schemas.append(schema)
    joined = "&" if "?" in base else "?"
    return settings(folder, f"{base}{joined}options=-csearch_path%3D{schema}")


def _admin(url: str) -> Engine:
    from docgen.web.database import engine_for

    return engine_for(url)


@pytest.fixture(scope="session", autouse=True)
def _drop_schemas() -> Iterator[None]:
    yield
    if _schemas:
        with _admin(os.environ[TEST_DATABASE]).begin() as connection:
            for schema in _schemas:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def make_app(config: Settings) -> FastAPI:
    """The application with Alice (reviewer, Caf A), Bruno (officer, Caf B), Claire (officer, Caf A),
    and the mini territory registered as Villebourg for Caf A and as Autreville for Caf B."""
    from docgen.web.territories import register

    app = create_app(config)
    with app.state.sessions() as session:
        add_user(session, ALICE, CAF_A, "reviewer", PASSWORD)
        add_user(session, BRUNO, CAF_B, "officer", PASSWORD)
        add_user(session, CLAIRE, CAF_A, "officer", PASSWORD)
        register(session, config, MINI, CAF_A, VILLEBOURG)
        register(session, config, MINI, CAF_B, AUTREVILLE)
    return app


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> FastAPI:
    return make_app(fresh_settings(tmp_path_factory.mktemp("instance")))


def routes(app: FastAPI) -> list[APIRoute]:
    """Every route of the application, those of included routers too (FastAPI ≥ 0.16x keeps an
    included router as one entry of `app.routes`, older versions copied its routes)."""
    out: list[APIRoute] = []

    def walk(entries) -> None:
        for entry in entries:
            if isinstance(entry, APIRoute):
                out.append(entry)
            elif hasattr(entry, "original_router"):
                walk(entry.original_router.routes)

    walk(app.routes)
    return out


def token(client: TestClient, url: str = "/connexion") -> str:
    """The CSRF token of the form on the page `url`."""
    found = TOKEN.search(client.get(url).text)
    assert found, url
    return found.group(1)


def signed_in(app: FastAPI, name: str = ALICE, password: str = PASSWORD) -> TestClient:
    client = TestClient(app)
    response = client.post(
        "/connexion", data={"name": name, "password": password, "csrf_token": token(client)}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture(scope="module")
def alice(app) -> Iterator[TestClient]:
    with signed_in(app, ALICE) as client:
        yield client


@pytest.fixture(scope="module")
def bruno(app) -> Iterator[TestClient]:
    with signed_in(app, BRUNO) as client:
        yield client


@pytest.fixture(scope="module")
def claire(app) -> Iterator[TestClient]:
    with signed_in(app, CLAIRE) as client:
        yield client


def wait_for(app: FastAPI, job_id: str, caf: str = CAF_A, timeout: float = 120) -> Any:
    """The background job `job_id` once it is finished."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = app.state.jobs.get(job_id, caf)
        assert job is not None, job_id
        if job.done:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} not finished after {timeout} s")


@pytest.fixture(scope="session")
def seed_docx() -> bytes:
    """Seed 004 (Saint-Jean-de-la-Ruelle, with its real defects) as a commune's Word draft."""
    from tests.seedfixtures import saint_jean_docx

    return saint_jean_docx()


def upload(client: TestClient, *files: tuple[str, bytes]) -> Any:
    """Post drafts on the checks page as its form does; the response, redirections not followed."""
    return client.post(
        "/verifications",
        data={"csrf_token": token(client, "/verifications")},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        follow_redirects=False,
    )


@pytest.fixture(scope="module")
def seed_check(alice, seed_docx) -> str:
    """The address of Alice's check of the seed draft (checked once for the module)."""
    response = upload(alice, ("Projet CTG Saint-Jean.docx", seed_docx))
    assert response.status_code == 303, response.text
    return response.headers["location"]
