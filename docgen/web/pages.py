"""The reviewer's pages: sign in, upload drafts, read a report, download it, list earlier checks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from docgen.web.auth import (
    BAD_CREDENTIALS,
    CSRF_FIELD,
    OFFICER_ROLES,
    Database,
    SignedIn,
    attempt,
    csrf_protect,
    csrf_token,
    session_user,
    sign_in,
)
from docgen.web.checks import check_of, checks_of, run_check
from docgen.web.display import ACTION_LABELS, groups, when
from docgen.web.models import ROLE_LABELS, Check, User
from docgen.web.throttle import TooManyAttempts
from docgen.web.uploads import UploadRefused, receive

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.filters["when"] = when
templates.env.globals.update(csrf_field=CSRF_FIELD, roles=ROLE_LABELS, actions=ACTION_LABELS)

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)
NOT_FOUND = "Vérification introuvable."
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    """A page of templates/, with the session's CSRF token for its forms."""
    return templates.TemplateResponse(request, template, {"csrf": csrf_token(request), **context}, status_code=status)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def home_of(user: User) -> str:
    """The first page of a user: the territories for an officer or an admin, the checks for a reviewer."""
    return "/territoires" if user.role in OFFICER_ROLES else "/verifications"


@router.get("/")
def home(request: Request, session: Database) -> RedirectResponse:
    user = session_user(request, session)
    return _see(home_of(user) if user else "/connexion")


@router.get("/connexion")
def sign_in_page(request: Request) -> HTMLResponse:
    return page(request, "signin.html")


@router.post("/connexion")
def sign_in_form(
    request: Request, session: Database, name: Annotated[str, Form()] = "", password: Annotated[str, Form()] = ""
) -> Response:
    try:
        user = attempt(request, session, name.strip(), password)
    except TooManyAttempts as refused:
        headers = {"Retry-After": str(refused.retry_after)}
        response = page(request, "signin.html", 429, error=refused.french, name=name)
        response.headers.update(headers)
        return response
    if user is None:
        return page(request, "signin.html", 401, error=BAD_CREDENTIALS, name=name)
    sign_in(request, user)
    return _see(home_of(user))


@router.post("/deconnexion")
def sign_out(request: Request) -> RedirectResponse:
    request.session.clear()
    return _see("/connexion")


@router.get("/verifications")
def checks_page(request: Request, session: Database, user: SignedIn) -> HTMLResponse:
    return _checks_page(request, session, user)


def _checks_page(request: Request, session: Database, user: User, error: str = "", status: int = 200) -> HTMLResponse:
    return page(request, "checks.html", status, user=user, checks=checks_of(session, user), error=error)


@router.post("/verifications")
def upload(request: Request, session: Database, user: SignedIn, files: Annotated[list[UploadFile], File()]) -> Response:
    limit, count = request.app.state.settings.upload_limit, request.app.state.settings.upload_files
    sent = [f for f in files if f.filename or f.size]
    if not sent:
        return _checks_page(request, session, user, "Choisissez au moins un fichier à vérifier.", 400)
    if len(sent) > count:
        return _checks_page(request, session, user, f"Envoyez au plus {count} fichiers à la fois.", 400)
    try:
        uploads = [receive(f.filename, f.file, limit) for f in sent]
    except UploadRefused as exc:
        return _checks_page(request, session, user, f"Rien n'a été vérifié\u00a0: {exc.message}.", 400)
    done = [run_check(session, user, item) for item in uploads]
    return _see(f"/verifications/{done[0].id}" if len(done) == 1 else "/verifications")


def _check(session: Database, user: User, check_id: int) -> Check:
    check = check_of(session, user, check_id)
    if check is None:
        raise HTTPException(404, NOT_FOUND)
    return check


@router.get("/verifications/{check_id}")
def check_page(request: Request, session: Database, user: SignedIn, check_id: int) -> HTMLResponse:
    check = _check(session, user, check_id)
    return page(request, "check.html", user=user, check=check, groups=groups(check.report_json))


@router.get("/verifications/{check_id}/rapport.json")
def json_download(session: Database, user: SignedIn, check_id: int) -> Response:
    check = _check(session, user, check_id)
    return _download(check.report_json.encode("utf-8"), "application/json", f"verification-{check.id}.json")


@router.get("/verifications/{check_id}/rapport.html")
def html_download(session: Database, user: SignedIn, check_id: int) -> Response:
    check = _check(session, user, check_id)
    return _download(check.report_html.encode("utf-8"), "text/html; charset=utf-8", f"verification-{check.id}.html")


@router.get("/verifications/{check_id}/annote.docx")
def annotated_download(session: Database, user: SignedIn, check_id: int) -> Response:
    check = _check(session, user, check_id)
    if check.annotated is None:
        raise HTTPException(404, "Pas de document annoté pour cette vérification (seul un projet Word en reçoit un).")
    return _download(check.annotated, DOCX, f"verification-{check.id}-annotee.docx")


def _download(data: bytes, media_type: str, name: str) -> Response:
    # Names of our own, never the uploaded file's: nothing a user typed reaches a header.
    return Response(data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})
