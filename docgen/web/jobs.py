"""Long work in the background: builds and avenants run in a bounded pool of threads, at most N
LibreOffice conversions at once, each followed by a job record that its page and the API read.

A `concurrent.futures.ThreadPoolExecutor` of the standard library, not a queue server: the
application stays one process with nothing else to run. The work is the CLI's own job functions
(`build`, `make_avenant`), which start LibreOffice as a child process under its guard: threads
wait on it without holding the interpreter, so the pages stay responsive meanwhile. A semaphore
lets `conversions` PDF jobs run at once (LibreOffice's start and layout use a core each); a job
without PDF does not wait for it. Records are kept in memory, by id and Caf, while the server
runs, and in the database when it has one (`docgen.web.jobstore`): a job's page outlives a
restart, and the instances of one database keep to one job per territory between them.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docgen.model.errors import DocgenError

if TYPE_CHECKING:
    from docgen.web.jobstore import JobStore

log = logging.getLogger("docgen.web")
KEPT = 500  # finished jobs remembered in memory
LISTED = 50  # jobs of a territory listed on its page
KINDS = {
    "build": "production de la convention",
    "avenant": "préparation de l'avenant",
    "batch": "production de toutes les conventions de la Caf",
}
STATUS_LABELS = {"queued": "en attente", "running": "en cours", "done": "terminé", "failed": "échec"}


@dataclass
class Job:
    """One piece of background work on a territory, and where it stands."""

    id: str
    kind: str  # one of KINDS
    caf_id: str
    territory: str  # the territory's slug; empty for a batch over the Caf's territories
    user_id: int
    pdf: bool
    status: str = "queued"  # one of STATUS_LABELS
    step: str = "en attente d'un emplacement libre"
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    files: list[str] = field(default_factory=list)  # names in the territory's output folder
    messages: list[str] = field(default_factory=list)  # what the CLI prints for the same work
    error: str = ""  # the French reason of a failure
    total: int = 0  # a batch: its territories, and how many are done
    count: int = 0

    @property
    def done(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def label(self) -> str:
        return KINDS[self.kind] + (" (avec PDF)" if self.pdf else "")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def public(self) -> dict:
        """The job as `GET /api/jobs/{id}` gives it."""
        return {
            "id": self.id,
            "kind": self.kind,
            "territory": self.territory,
            "pdf": self.pdf,
            "status": self.status,
            "step": self.step,
            "created": self.created.isoformat(),
            "started": self.started.isoformat() if self.started else None,
            "finished": self.finished.isoformat() if self.finished else None,
            "files": [{"name": name, "url": f"/api/territories/{self.territory}/files/{name}"} for name in self.files],
            "messages": self.messages,
            "error": self.error or None,
            **({"progress": {"done": self.count, "total": self.total}} if self.kind == "batch" else {}),
        }


Work = Callable[[Job], None]  # fills the job's files and messages, or raises a DocgenError


def _refuse_beside(busy: list[Job], territory: str) -> None:
    """A French DocgenError if a job on `territory` (a batch: `territory` empty) cannot start beside
    the unfinished jobs `busy` of its Caf."""
    if any(j.territory == territory or not j.territory for j in busy) or (not territory and busy):
        where = "ce territoire" if territory else "un territoire de la Caf"
        raise DocgenError(
            f"un travail est déjà en cours sur {where}\u00a0: attendez qu'il se termine, puis recommencez"
        )


class Jobs:
    """The pool, its conversion slots and the records of its jobs."""

    def __init__(self, workers: int = 2, conversions: int = 1, store: JobStore | None = None) -> None:
        self.conversions = conversions
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ctg-job")
        self._slots = threading.BoundedSemaphore(conversions)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._store, self._stopped = store, threading.Event()
        if store is not None:
            from docgen.web.jobstore import BEAT_S

            store.sweep()  # the jobs a stopped server left unfinished
            self._beat_s = BEAT_S
            threading.Thread(target=self._beat, name="ctg-job-beat", daemon=True).start()

    def submit(self, kind: str, caf_id: str, territory: str, user_id: int, pdf: bool, work: Work) -> Job:
        """Queue `work` on a territory (every territory of the Caf for a batch: `territory` empty); a
        French DocgenError if a job on it, or a batch of its Caf, is not finished."""
        with self._lock:
            busy = [j for j in self._jobs.values() if j.caf_id == caf_id and not j.done]
            if self._store is not None:  # and those of the other instances on the database
                busy += [j for j in self._store.busy(caf_id) if j.id not in self._jobs]
            _refuse_beside(busy, territory)
            job = Job(secrets.token_hex(8), kind, caf_id, territory, user_id, pdf)
            self._jobs[job.id] = job
            self._forget()
            self._save(job)
            if self._store is not None:  # another instance queued one at the same moment: the first stays
                first = [j for j in self._store.busy(caf_id) if (j.created, j.id) < (job.created, job.id)]
                try:
                    _refuse_beside([j for j in first if j.id not in self._jobs], territory)
                except DocgenError as exc:
                    del self._jobs[job.id]
                    job.status, job.step, job.error = "failed", STATUS_LABELS["failed"], str(exc)
                    self._save(job)
                    raise
        self._pool.submit(self._run, job, work)
        return job

    def get(self, job_id: str, caf_id: str) -> Job | None:
        """The job `job_id` if it belongs to Caf `caf_id` (run by this server, or kept in the database)."""
        job = self._jobs.get(job_id)
        if job is None and self._store is not None:
            return self._store.get(job_id, caf_id)
        return job if job is not None and job.caf_id == caf_id else None

    def of_territory(self, caf_id: str, territory: str) -> list[Job]:
        """The last jobs of a territory, newest first."""
        with self._lock:
            found = {j.id: j for j in self._jobs.values() if j.caf_id == caf_id and j.territory == territory}
        if self._store is not None:
            kept = {j.id: j for j in self._store.recent(caf_id, territory, LISTED)}
            found = kept | found  # this server's jobs as they stand now
        return sorted(found.values(), key=lambda j: j.created, reverse=True)[:LISTED]

    def shutdown(self) -> None:
        """Stop taking jobs; those not started are dropped, running ones are waited for."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._stopped.set()
        with self._lock:
            dropped = [j for j in self._jobs.values() if j.status == "queued"]
        from docgen.web.jobstore import INTERRUPTED

        for job in dropped:  # never started: said so, rather than left for the next start to find
            job.status, job.step, job.error = "failed", STATUS_LABELS["failed"], INTERRUPTED
            job.finished = dt.datetime.now(dt.UTC)
            self._save(job)

    def _save(self, *jobs: Job) -> None:
        """Write where `jobs` stand in the database; a database that fails is the log's business,
        not the job's (its files and audit entries are written on their own)."""
        if self._store is None:
            return
        try:
            self._store.save(list(jobs))
        except Exception:  # noqa: BLE001 - told in the log, the work goes on
            log.exception("état des travaux non enregistré dans la base")

    def _beat(self) -> None:
        """Every few seconds: this server's unfinished jobs, their step and count, written as still at work."""
        while not self._stopped.wait(self._beat_s):
            with self._lock:
                live = [j for j in self._jobs.values() if not j.done]
            self._save(*live)

    def _forget(self) -> None:
        finished = [j for j in self._jobs.values() if j.done]
        for job in sorted(finished, key=lambda j: j.created)[: max(0, len(finished) - KEPT)]:
            del self._jobs[job.id]

    def _run(self, job: Job, work: Work) -> None:
        try:
            if job.pdf:
                s = "s" if self.conversions > 1 else ""
                job.step = f"en attente de LibreOffice ({self.conversions} conversion{s} à la fois)"
                with self._slots:
                    self._start(job, "production du document et conversion en PDF par LibreOffice")
                    work(job)
            else:
                self._start(job, "production du document")
                work(job)
        except DocgenError as exc:
            job.error, job.status = str(exc), "failed"
        except Exception:  # never a traceback to the user: the server's log has it
            log.exception("travail %s en échec (%s, %s)", job.id, job.kind, job.territory)
            job.error = "Erreur interne du serveur\u00a0: elle est consignée dans son journal."
            job.status = "failed"
        else:
            job.status = "done"
        finally:
            job.step = STATUS_LABELS[job.status]
            job.finished = dt.datetime.now(dt.UTC)
            self._save(job)

    def _start(self, job: Job, step: str) -> None:
        job.status, job.step, job.started = "running", step, dt.datetime.now(dt.UTC)
        self._save(job)
