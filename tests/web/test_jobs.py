"""The background pool: at most N LibreOffice conversions at once, one job per territory, French failures."""

from __future__ import annotations

import threading
import time

import pytest

from docgen.model.errors import DocgenError
from docgen.web.jobs import Job, Jobs


def _until(condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met"
        time.sleep(0.01)


@pytest.fixture
def jobs():
    pool = Jobs(workers=3, conversions=1)
    yield pool
    pool.shutdown()


def test_one_conversion_at_a_time_while_other_work_goes_on(jobs):
    release = threading.Event()
    running: list[str] = []
    most = [0]

    def converting(job: Job) -> None:
        running.append(job.territory)
        most[0] = max(most[0], len(running))
        release.wait(10)
        running.remove(job.territory)
        job.files = ["convention.pdf"]

    first = jobs.submit("build", "caf-45", "a", 1, True, converting)
    second = jobs.submit("build", "caf-45", "b", 1, True, converting)
    plain = jobs.submit("build", "caf-45", "c", 1, False, lambda job: None)  # no PDF: no conversion slot
    _until(lambda: first.status == "running" and plain.done)
    assert second.status == "queued" and second.step.startswith("en attente de LibreOffice (1 conversion à la fois)")
    release.set()
    _until(lambda: second.done)
    assert (first.status, second.status, plain.status, most[0]) == ("done", "done", "done", 1)
    assert second.public()["files"] == [{"name": "convention.pdf", "url": "/api/territories/b/files/convention.pdf"}]


def test_a_territory_takes_one_job_at_a_time_and_jobs_are_kept_by_caf(jobs):
    release = threading.Event()
    job = jobs.submit("avenant", "caf-45", "a", 1, False, lambda job: release.wait(10) and None)
    with pytest.raises(DocgenError, match="un travail est déjà en cours sur ce territoire"):
        jobs.submit("build", "caf-45", "a", 1, False, lambda job: None)
    with pytest.raises(DocgenError, match="un travail est déjà en cours sur un territoire de la Caf"):
        jobs.submit("batch", "caf-45", "", 1, False, lambda job: None)
    assert jobs.get(job.id, "caf-57") is None and jobs.get(job.id, "caf-45") is job
    release.set()
    _until(lambda: job.done)


def test_failures_are_told_in_french_without_a_traceback(jobs):
    def refused(job: Job) -> None:
        raise DocgenError("la convention n'est pas encore enregistrée comme signée")

    def broken(job: Job) -> None:
        raise RuntimeError("secret internals")

    told = jobs.submit("avenant", "caf-45", "a", 1, False, refused)
    crashed = jobs.submit("build", "caf-45", "b", 1, False, broken)
    _until(lambda: told.done and crashed.done)
    assert (told.status, told.error) == ("failed", "la convention n'est pas encore enregistrée comme signée")
    assert crashed.status == "failed" and "secret" not in crashed.error and "journal" in crashed.error
    assert crashed.step == "échec" and crashed.finished is not None
