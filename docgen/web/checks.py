"""Checking uploaded drafts with `ctg check`'s own functions, and the checks a Caf may see.

Each draft is checked in a worker process of a bounded pool (one per core), written to a private
temporary folder under a name of ours (« 0.docx »), checked by `check_files` as `ctg check` does,
and its reports made by the same writers as `--format json`, `--format html` and `--annotate`;
only then is the name the user gave put in the report.
Every query here takes the user's Caf: a check of another Caf is not found, as if it did not exist.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.check.job import check_files
from docgen.check.reports import Unreadable, html_report, json_report
from docgen.inputs import fingerprint
from docgen.library.catalog import load_library
from docgen.model.errors import DocgenError
from docgen.model.findings import Report
from docgen.web.models import AuditEntry, Check, User
from docgen.web.uploads import Upload

RECENT = 200  # checks listed on the page


@dataclass(frozen=True)
class _Checked:
    """What a worker process sends back of one check: the reports, ready to be recorded."""

    model_id: str | None
    counts: tuple[int, int, int]
    report_json: str
    report_html: str
    annotated: bytes | None
    unreadable: str | None = None


def run_check(session: Session, user: User, upload: Upload) -> Check:
    """Check one uploaded draft, record it with its reports and log it in the audit log. The
    check runs in the pool (`checking_pool`): at most one per core at once, the others wait."""
    checked = checking_pool().submit(_check, upload.data, upload.kind, upload.name).result()
    check = Check(
        user_id=user.id,
        caf_id=user.caf_id,
        file_name=upload.name,
        kind=upload.kind,
        sha256=fingerprint(upload.data),
        model_id=checked.model_id,
        report_json=checked.report_json,
        report_html=checked.report_html,
        annotated=checked.annotated,
        unreadable=checked.unreadable,
    )
    check.errors, check.warnings, check.infos = checked.counts
    session.add(check)
    session.flush()
    session.add(AuditEntry(user_id=user.id, caf_id=user.caf_id, action="check", sha256=check.sha256, check_id=check.id))
    session.commit()
    return check


_pool: list[ProcessPoolExecutor] = []
_pool_made = threading.Lock()  # the first requests arrive together, each in its thread


def checking_pool() -> ProcessPoolExecutor:
    """The worker processes that check drafts, one per core: a check is CPU work, which threads
    of one process would not share between cores, and which, twenty at once, would hold twenty
    documents in memory (and make each one slower than the reading limits of hostile files allow).
    Spawned, not forked: the server runs threads."""
    with _pool_made:
        if not _pool:
            import multiprocessing

            workers = max(1, os.cpu_count() or 1)
            _pool.append(ProcessPoolExecutor(workers, multiprocessing.get_context("spawn"), initializer=_worker))
        return _pool[0]


def _worker() -> None:
    from docgen.pdf import twocores

    twocores.one_core()  # the pool uses the cores already
    load_library()


def _check(data: bytes, kind: str, name: str) -> _Checked:
    """One draft checked as `ctg check` does, in a worker process: written to a private
    temporary folder under a name of ours (« 0.docx »), its reports made by the writers of
    `--format json`, `--format html` and `--annotate`, with the name the user gave."""
    with tempfile.TemporaryDirectory(prefix="ctg-web-") as folder:
        path = Path(folder) / f"0.{kind}"
        path.write_bytes(data)
        reports, refused = check_files([path], load_library())
        if not reports:
            unreadable = Unreadable(name, refused[0][1])
            return _Checked(
                None, (0, 0, 0), json_report([], [unreadable]), html_report([], [unreadable]), None, unreadable.reason
            )
        report = dataclasses.replace(reports[0], path=name)
        counts = (report.count("error"), report.count("warning"), report.count("info"))
        annotated = _annotated(path, reports[0], Path(folder) / "annote.docx") if kind == "docx" else None
        return _Checked(report.model_id, counts, json_report([report], []), html_report([report], []), annotated)


def _annotated(source: Path, report: Report, target: Path) -> bytes | None:
    """The Word draft with each finding as a comment (`ctg check --annotate`), or None if it cannot be made."""
    from docgen.word.annotate import annotate  # python-docx, only for Word drafts

    try:
        return annotate(source, report, target)[0]
    except DocgenError:
        return None


def checks_of(session: Session, user: User) -> list[Check]:
    """The latest checks of the user's Caf, newest first."""
    query = select(Check).where(Check.caf_id == user.caf_id).order_by(Check.id.desc()).limit(RECENT)
    return list(session.scalars(query))


def check_of(session: Session, user: User, check_id: int) -> Check | None:
    """The check `check_id` if it belongs to the user's Caf, else None."""
    return session.scalar(select(Check).where(Check.id == check_id, Check.caf_id == user.caf_id))
