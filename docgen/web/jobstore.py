"""The background jobs' records in the database (table `job`, `models.JobRecord`).

A job's record is written when it is queued, when it starts, as it goes (its step, a batch's
count) and when it ends: its page outlives a restart of the server, and every instance on one
database sees the others' jobs (one job per territory holds across them). A server says every
`BEAT_S` seconds that its unfinished jobs are still at work; an unfinished job whose server has
not said so for `STALE_S` seconds was stopped with it (a restart, a crash) and is told as
interrupted. Its files are as they were: a build writes its files together or not at all.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from docgen.web.jobs import Job
from docgen.web.models import JobRecord

BEAT_S = 15.0
STALE_S = 120.0
INTERRUPTED = (
    "travail interrompu\u00a0: le serveur s'est arrêté avant sa fin. Aucun fichier n'en a été écrit "
    "à moitié\u00a0; relancez-le."
)
_FIELDS = (
    "kind",
    "caf_id",
    "territory",
    "user_id",
    "pdf",
    "status",
    "step",
    "created",
    "started",
    "finished",
    "error",
    "total",
    "count",
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back naive datetimes: they were written in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


class JobStore:
    """The `job` table of the database of `sessions`."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def save(self, jobs: list[Job]) -> None:
        """Write where `jobs` stand now (their server at work on them)."""
        if not jobs:
            return
        beat = _now()
        with self.sessions() as session:
            for job in jobs:
                values = {name: getattr(job, name) for name in _FIELDS}
                values.update(files=list(job.files), messages=list(job.messages), step=job.step[:300], beat=beat)
                session.merge(JobRecord(id=job.id, **values))
            session.commit()

    def sweep(self) -> int:
        """Mark as interrupted the unfinished jobs whose server has stopped; how many."""
        now = _now()
        with self.sessions() as session:
            done = session.execute(
                update(JobRecord)
                .where(
                    JobRecord.status.in_(("queued", "running")), JobRecord.beat < now - dt.timedelta(seconds=STALE_S)
                )
                .values(status="failed", step="échec", error=INTERRUPTED, finished=now)
            )
            session.commit()
            return int(getattr(done, "rowcount", 0) or 0)

    def get(self, job_id: str, caf_id: str) -> Job | None:
        """The job `job_id` if it belongs to Caf `caf_id`."""
        with self.sessions() as session:
            row = session.get(JobRecord, job_id)
            return _job(row) if row is not None and row.caf_id == caf_id else None

    def recent(self, caf_id: str, territory: str, limit: int) -> list[Job]:
        """The last `limit` jobs of a territory of Caf `caf_id` (a batch: `territory` empty), newest first."""
        with self.sessions() as session:
            rows = session.scalars(
                select(JobRecord)
                .where(JobRecord.caf_id == caf_id, JobRecord.territory == territory)
                .order_by(JobRecord.created.desc())
                .limit(limit)
            )
            return [_job(row) for row in rows]

    def busy(self, caf_id: str) -> list[Job]:
        """The jobs of Caf `caf_id` that a server is still at work on."""
        fresh = _now() - dt.timedelta(seconds=STALE_S)
        with self.sessions() as session:
            rows = session.scalars(
                select(JobRecord).where(
                    JobRecord.caf_id == caf_id, JobRecord.status.in_(("queued", "running")), JobRecord.beat >= fresh
                )
            )
            return [_job(row) for row in rows]


def _job(row: JobRecord) -> Job:
    job = Job(row.id, row.kind, row.caf_id, row.territory, row.user_id, row.pdf)
    for name in _FIELDS[5:]:
        setattr(job, name, getattr(row, name))
    job.created, job.started, job.finished = (_aware(m) for m in (row.created, row.started, row.finished))  # type: ignore[assignment]
    job.files, job.messages = list(row.files), list(row.messages)
    stale = _aware(row.beat) < _now() - dt.timedelta(seconds=STALE_S)  # type: ignore[operator]
    if not job.done and stale:  # its server stopped before `sweep` could tell
        job.status, job.step, job.error = "failed", "échec", INTERRUPTED
    return job
