"""Build, sign and avenant on a registered territory, through the CLI's own job functions
(`docgen.build.job.build`, `docgen.amend.history.sign`, `docgen.amend.job.make_avenant`), each
recorded in the audit log with the user, the territory and the SHA-256 of the file produced or
signed. The pages and the API both call these: there is no other way to the jobs.

Builds and avenants run in the background pool (`docgen.web.jobs`); a signature is quick (the
data loaded and assembled, a file copied) and is done in the request.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from docgen.amend.history import SignedState
from docgen.model.errors import DocgenError
from docgen.web.jobs import Job, Jobs
from docgen.web.models import Territory, User
from docgen.web.settings import Settings
from docgen.web.territories import audit, folder_of, output_root, shown

REASON_LIMIT = 2000  # characters of an avenant's reason typed in a form


def start_build(
    jobs: Jobs, sessions: sessionmaker[Session], settings: Settings, user: User, territory: Territory, pdf: bool
) -> Job:
    """Queue `ctg build <territory> --output <data>/output [--pdf]`."""
    folder, root = folder_of(settings, territory), output_root(settings)
    user_id = user.id

    def work(job: Job) -> None:
        from docgen.build.job import build

        try:
            result = build(folder, root, pdf=pdf)
        except DocgenError as exc:
            raise DocgenError(shown(exc, settings)) from None
        written = [result.docx, *([result.pdf] if result.pdf else [])]
        job.files = [p.name for p in written]
        verb = "remplacé" if result.replaced else "écrit"
        job.messages = [f"Convention {verb}e\u00a0: {result.docx.name}"]
        if result.pdf:
            job.messages.append(f"PDF écrit\u00a0: {result.pdf.name}")
        d = result.document
        job.messages.append(f"{len(d.articles)} articles, {len(d.annexes)} annexes.")
        _audit_files(sessions, user_id, "build", territory, written)

    return jobs.submit("build", territory.caf_id, territory.slug, user.id, pdf, work)


def start_avenant(
    jobs: Jobs,
    sessions: sessionmaker[Session],
    settings: Settings,
    user: User,
    territory: Territory,
    reason: str | None,
    pdf: bool,
) -> Job:
    """Queue `ctg avenant <territory> --output <data>/output [--reason …] [--pdf]`."""
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > REASON_LIMIT:
        raise DocgenError(f"motif trop long ({REASON_LIMIT} caractères au plus)")
    folder, root = folder_of(settings, territory), output_root(settings)
    user_id = user.id

    def work(job: Job) -> None:
        from docgen.amend.job import make_avenant

        try:
            result = make_avenant(folder, root, reason=reason, pdf=pdf)
        except DocgenError as exc:
            raise DocgenError(shown(exc, settings)) from None
        job.files = [p.name for p in result.files]
        verb = "remplacés (avenant non encore signé)" if result.replaced else "écrits"
        s = "s" if result.changes > 1 else ""
        job.messages = [f"Avenant n°\u00a0{result.number} ({result.changes} modification{s})\u00a0: fichiers {verb}."]
        job.messages += [f"Attention\u00a0: {line}." for line in result.warnings]
        _audit_files(sessions, user_id, "avenant", territory, result.files)

    return jobs.submit("avenant", territory.caf_id, territory.slug, user.id, pdf, work)


def start_batch(
    jobs: Jobs,
    sessions: sessionmaker[Session],
    settings: Settings,
    user: User,
    territories: list[Territory],
    pdf: bool,
) -> Job:
    """Queue `ctg build <every territory of the Caf> --output <data>/output [--pdf]`: `build_all`,
    its pool of processes and its one LibreOffice start, the job's progress told as each is done."""
    if not territories:
        raise DocgenError("aucun territoire enregistré pour votre Caf")
    folders = [folder_of(settings, t) for t in territories]
    root, user_id = output_root(settings), user.id

    def work(job: Job) -> None:
        from docgen.build.batch import build_all, summary

        job.total = len(folders)

        def advance() -> None:
            job.count += 1
            job.step = f"{job.count} territoire{'s' if job.count > 1 else ''} sur {job.total}"

        outcomes = build_all(folders, root, pdf=pdf, advance=advance, lanes=1)  # one of the --conversions
        job.messages = [line.replace(f"{settings.data}/", "") for line in summary(outcomes)]
        for territory, outcome in zip(territories, outcomes, strict=True):
            if outcome.result is not None:
                made = [outcome.result.docx, *([outcome.result.pdf] if outcome.result.pdf else [])]
                _audit_files(sessions, user_id, "build", territory, made)
        failed = sum(1 for o in outcomes if o.result is None)
        if failed:
            raise DocgenError(f"{failed} territoire{'s' if failed > 1 else ''} en échec (voir ci-dessous)")

    return jobs.submit("batch", user.caf_id, "", user.id, pdf, work)


def sign(session: Session, settings: Settings, user: User, territory: Territory, date: dt.date | None) -> SignedState:
    """`ctg sign <territory> [--date …]`: the current data recorded as signed, and audited."""
    from docgen.amend.history import sign as sign_state
    from docgen.library.catalog import load_library

    try:
        state = sign_state(folder_of(settings, territory), load_library(), date)
    except DocgenError as exc:
        raise DocgenError(shown(exc, settings)) from None
    audit(session, user, "sign", territory, state.file, state.sha256)
    return state


def _audit_files(sessions: sessionmaker[Session], user_id: int, action: str, territory: Territory, files: list[Path]):
    with sessions() as session:
        user = session.get(User, user_id)
        assert user is not None
        for path in files:
            audit(session, user, action, territory, path)
