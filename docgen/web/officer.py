"""The legal officer's pages: the territories of their Caf, one territory's history and documents,
its data edited, and build, sign and avenant through `docgen.web.actions`.

Every route takes the territory's slug and looks it up in the user's Caf: another Caf's territory
is « introuvable » (404), as if it did not exist; a reviewer is refused (403).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from docgen.model.errors import DocgenError
from docgen.web import actions
from docgen.web.auth import Database, Officer, SignedIn, csrf_protect
from docgen.web.editing import Problem, read_data, save_data, schema_keys
from docgen.web.models import Territory, User
from docgen.web.pages import DOCX, page
from docgen.web.territories import (
    audit_of,
    folder_of,
    produced_file,
    produced_files,
    signed_states,
    territories_of,
    territory_of,
)

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)
NOT_FOUND = "Territoire introuvable."
JOB_NOT_FOUND = "Travail introuvable."
MEDIA = {"docx": DOCX, "pdf": "application/pdf"}


def territory(request: Request, session: Database, user: Officer, slug: str) -> Territory:
    """The territory `slug` of the user's Caf; 404 otherwise."""
    found = territory_of(session, user, slug)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found


Found = Annotated[Territory, Depends(territory)]


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/territoires")
def territories_page(request: Request, session: Database, user: Officer) -> HTMLResponse:
    return _territories_page(request, session, user)


def _territories_page(request: Request, session: Database, user: User, error: str = "", status=200) -> HTMLResponse:
    batches = request.app.state.jobs.of_territory(user.caf_id, "")
    listed = territories_of(session, user)
    return page(request, "territories.html", status, user=user, territories=listed, jobs=batches, error=error)


@router.post("/territoires/production")
def batch_form(request: Request, session: Database, user: Officer, pdf: Annotated[bool, Form()] = False) -> Response:
    state = request.app.state
    try:
        job = actions.start_batch(state.jobs, state.sessions, state.settings, user, territories_of(session, user), pdf)
    except DocgenError as exc:
        return _territories_page(request, session, user, error=str(exc), status=409)
    return _see(f"/travaux/{job.id}")


@router.get("/territoires/{slug}")
def territory_page(request: Request, session: Database, user: Officer, found: Found) -> HTMLResponse:
    return show_territory(request, session, user, found)


def show_territory(
    request: Request, session: Database, user: User, found: Territory, error: str = "", notice: str = "", status=200
) -> HTMLResponse:
    settings = request.app.state.settings
    states, unreadable = signed_states(settings, found)
    files = produced_files(settings, found)
    return page(
        request,
        "territory.html",
        status,
        user=user,
        territory=found,
        states=states,
        unreadable=unreadable,
        files=files,
        avenants=[f for f in files if f.startswith("avenant-")],
        jobs=request.app.state.jobs.of_territory(user.caf_id, found.slug),
        entries=audit_of(session, user, found),
        error=error,
        notice=notice,
    )


@router.get("/territoires/{slug}/donnees")
def data_page(request: Request, user: Officer, found: Found) -> HTMLResponse:
    text = read_data(folder_of(request.app.state.settings, found))
    return _data_page(request, user, found, text)


def _data_page(
    request: Request, user: User, found: Territory, text: str, problems: list[Problem] | None = None, saved=False
) -> HTMLResponse:
    status = 400 if problems else 200
    return page(
        request, "data.html", status, user=user, territory=found, text=text, problems=problems or [],
        keys=schema_keys(), saved=saved,
    )  # fmt: skip


@router.post("/territoires/{slug}/donnees")
def save_page(request: Request, user: Officer, found: Found, text: Annotated[str, Form()] = "") -> HTMLResponse:
    problems = save_data(folder_of(request.app.state.settings, found), text)
    return _data_page(request, user, found, text, problems, saved=not problems)


@router.post("/territoires/{slug}/production")
def build_form(
    request: Request, session: Database, user: Officer, found: Found, pdf: Annotated[bool, Form()] = False
) -> Response:
    state = request.app.state
    try:
        job = actions.start_build(state.jobs, state.sessions, state.settings, user, found, pdf)
    except DocgenError as exc:
        return show_territory(request, session, user, found, error=str(exc), status=409)
    return _see(f"/travaux/{job.id}")


@router.post("/territoires/{slug}/signature")
def sign_form(
    request: Request, session: Database, user: Officer, found: Found, date: Annotated[str, Form()] = ""
) -> Response:
    try:
        state = actions.sign(session, request.app.state.settings, user, found, _date(date))
    except DocgenError as exc:
        return show_territory(request, session, user, found, error=f"Signature refusée\u00a0: {exc}", status=409)
    notice = f"Signature enregistrée\u00a0: {state.describe()} (SHA-256 {state.sha256})."
    return show_territory(request, session, user, found, notice=notice)


def _date(text: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DocgenError(
            f"date invalide «\u00a0{text.strip()[:40]}\u00a0» (format attendu\u00a0: AAAA-MM-JJ)"
        ) from None


@router.post("/territoires/{slug}/avenant")
def avenant_form(
    request: Request,
    session: Database,
    user: Officer,
    found: Found,
    reason: Annotated[str, Form()] = "",
    pdf: Annotated[bool, Form()] = False,
) -> Response:
    state = request.app.state
    try:
        job = actions.start_avenant(state.jobs, state.sessions, state.settings, user, found, reason, pdf)
    except DocgenError as exc:
        return show_territory(request, session, user, found, error=str(exc), status=409)
    return _see(f"/travaux/{job.id}")


@router.get("/territoires/{slug}/fichiers/{name}")
def download(request: Request, found: Found, name: str) -> Response:
    path = produced_file(request.app.state.settings, found, name)
    if path is None:
        raise HTTPException(404, "Document introuvable.")
    # The name is one of ours (PRODUCED), never one a user typed.
    return FileResponse(path, media_type=MEDIA[path.suffix[1:]], filename=f"{found.slug}-{name}")


@router.get("/travaux/{job_id}")
def job_page(request: Request, user: Officer, job_id: str) -> HTMLResponse:
    job = request.app.state.jobs.get(job_id, user.caf_id)
    if job is None:
        raise HTTPException(404, JOB_NOT_FOUND)
    return page(request, "job.html", user=user, job=job)


@router.get("/schema/convention.schema.json")
def schema(user: SignedIn) -> Response:
    from docgen.data.schema import schema_text

    return Response(schema_text(), media_type="application/schema+json")
