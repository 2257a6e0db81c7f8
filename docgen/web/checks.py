"""Checking uploaded drafts with `ctg check`'s own functions, and the checks a Caf may see.

Each draft is written to a private temporary folder under a name of ours (« 0.docx »), checked by
`check_files` as `ctg check` does, and its reports made by the same writers as `--format json`,
`--format html` and `--annotate`; only then is the name the user gave put in the report.
Every query here takes the user's Caf: a check of another Caf is not found, as if it did not exist.
"""

from __future__ import annotations

import dataclasses
import tempfile
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


def run_check(session: Session, user: User, upload: Upload) -> Check:
    """Check one uploaded draft, record it with its reports and log it in the audit log."""
    library = load_library()
    with tempfile.TemporaryDirectory(prefix="ctg-web-") as folder:
        path = Path(folder) / f"0.{upload.kind}"
        path.write_bytes(upload.data)
        # One file at a time: the batch's worker processes are for the command line, not for a
        # server's threads (and `check_files` shares a single file between two cores only when
        # no other thread runs).
        reports, refused = check_files([path], library)
        check = Check(
            user_id=user.id,
            caf_id=user.caf_id,
            file_name=upload.name,
            kind=upload.kind,
            sha256=fingerprint(upload.data),
        )
        if reports:
            report = dataclasses.replace(reports[0], path=upload.name)
            check.model_id = report.model_id
            check.errors, check.warnings, check.infos = (report.count(s) for s in ("error", "warning", "info"))
            check.report_json = json_report([report], [])
            check.report_html = html_report([report], [])
            if upload.kind == "docx":
                check.annotated = _annotated(path, reports[0], Path(folder) / "annote.docx")
        else:
            unreadable = Unreadable(upload.name, refused[0][1])
            check.errors = check.warnings = check.infos = 0
            check.unreadable = unreadable.reason
            check.report_json = json_report([], [unreadable])
            check.report_html = html_report([], [unreadable])
    session.add(check)
    session.flush()
    session.add(AuditEntry(user_id=user.id, caf_id=user.caf_id, action="check", sha256=check.sha256, check_id=check.id))
    session.commit()
    return check


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
