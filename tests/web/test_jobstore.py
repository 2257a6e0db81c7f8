"""Jobs kept in the database: a job's page outlives a restart, a job its server left unfinished is
told as interrupted, and the instances of one database keep to one job per territory between them."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select, update

from docgen.model.errors import DocgenError
from docgen.web.accounts import add_user
from docgen.web.app import create_app
from docgen.web.database import connect
from docgen.web.jobs import Jobs
from docgen.web.jobstore import INTERRUPTED, STALE_S, JobStore
from docgen.web.models import JobRecord
from tests.web.conftest import CAF_A, CLAIRE, VILLEBOURG, fresh_settings, make_app, signed_in
from tests.web.test_jobs import _until
from tests.web.test_officer import _job, _post


@pytest.fixture
def sessions(tmp_path):
    made = connect(fresh_settings(tmp_path).database)
    with made() as session:
        user = add_user(session, "dora", CAF_A, "officer", "un mot de passe sûr")
    made.user_id = user.id  # type: ignore[attr-defined]
    return made


def _instance(sessions) -> Jobs:
    return Jobs(workers=2, conversions=1, store=JobStore(sessions))


def _status(sessions, job_id: str) -> str | None:
    with sessions() as session:
        row = session.get(JobRecord, job_id)
        return row.status if row is not None else None


def test_a_finished_job_is_found_again_by_the_next_server(sessions):
    first = _instance(sessions)

    def work(job):
        job.files, job.messages = ["convention.docx"], ["Convention écrite\u00a0: convention.docx"]

    job = first.submit("build", CAF_A, "metz", sessions.user_id, False, work)
    _until(lambda: job.done)
    first.shutdown()
    second = _instance(sessions)  # a restart: nothing in memory
    try:
        found = second.get(job.id, CAF_A)
        assert found is not None and found is not job
        assert found.public() == job.public()  # status, step, times, files and messages alike
        assert second.get(job.id, "caf-57") is None  # still another Caf's business
        assert [j.id for j in second.of_territory(CAF_A, "metz")] == [job.id]
    finally:
        second.shutdown()


def test_a_job_its_server_left_unfinished_is_told_interrupted_and_frees_its_territory(sessions):
    crashed = _instance(sessions)
    release = threading.Event()
    job = crashed.submit("avenant", CAF_A, "metz", sessions.user_id, True, lambda j: release.wait(10) and None)
    _until(lambda: _status(sessions, job.id) == "running")  # written as started
    crashed._stopped.set()  # its heart stops
    with sessions() as session:  # that server stopped saying it was at work, some minutes ago
        silent = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=STALE_S + 60)
        session.execute(update(JobRecord).where(JobRecord.id == job.id).values(beat=silent))
        session.commit()
    restarted = _instance(sessions)
    try:
        found = restarted.get(job.id, CAF_A)
        assert found is not None and (found.status, found.error) == ("failed", INTERRUPTED)
        with sessions() as session:
            row = session.scalar(select(JobRecord).where(JobRecord.id == job.id))
            assert row is not None and row.status == "failed" and row.finished is not None
        again = restarted.submit("avenant", CAF_A, "metz", sessions.user_id, False, lambda j: None)
        _until(lambda: again.done)
        assert again.status == "done"
    finally:
        release.set()
        crashed.shutdown()
        restarted.shutdown()


def test_two_servers_on_one_database_take_one_job_per_territory(sessions):
    one, other = _instance(sessions), _instance(sessions)
    release = threading.Event()
    job = one.submit("build", CAF_A, "metz", sessions.user_id, False, lambda j: release.wait(10) and None)
    try:
        with pytest.raises(DocgenError, match="un travail est déjà en cours sur ce territoire"):
            other.submit("build", CAF_A, "metz", sessions.user_id, False, lambda j: None)
        assert other.get(job.id, CAF_A) is not None  # its page is served by either
        elsewhere = other.submit("build", CAF_A, "nancy", sessions.user_id, False, lambda j: None)
        _until(lambda: elsewhere.done)
    finally:
        release.set()
        one.shutdown()
        other.shutdown()


def test_two_servers_queuing_on_one_territory_at_the_same_moment_keep_the_first(sessions, monkeypatch):
    one, other = _instance(sessions), _instance(sessions)
    release = threading.Event()
    first = one.submit("build", CAF_A, "metz", sessions.user_id, False, lambda j: release.wait(10) and None)
    looks = []
    seen = other._store.busy

    def late(caf_id):  # the other server's first look at the database came before the first job was there
        looks.append(caf_id)
        return [] if len(looks) == 1 else seen(caf_id)

    monkeypatch.setattr(other._store, "busy", late)
    ran = []
    try:
        with pytest.raises(DocgenError, match="un travail est déjà en cours sur ce territoire"):
            other.submit("build", CAF_A, "metz", sessions.user_id, False, ran.append)
        assert len(looks) == 2 and not first.done and not ran  # the first goes on, the second never runs
        assert [j.id for j in other.of_territory(CAF_A, "metz") if not j.done] == [first.id]
    finally:
        release.set()
        one.shutdown()
        other.shutdown()


def test_the_job_page_of_a_build_outlives_a_restart_of_the_application(tmp_path):
    config = fresh_settings(tmp_path)
    app = make_app(config)
    with signed_in(app, CLAIRE) as claire:
        job = _job(app, _post(claire, "production"))
    assert job.status == "done", job.error
    app.state.jobs.shutdown()
    restarted = create_app(config)  # the same data folder and database: its users and territories are there
    with signed_in(restarted, CLAIRE) as claire:
        page = claire.get(f"/travaux/{job.id}")
        assert page.status_code == 200 and "convention.docx" in page.text
        assert f"/travaux/{job.id}" in claire.get(f"/territoires/{VILLEBOURG}").text
    restarted.state.jobs.shutdown()
