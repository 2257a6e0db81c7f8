"""The application: the pages and the API on one database, behind signed session cookies.

Every error a user can meet is answered in French (a page for the pages, `{"detail": …}` for
the API); an unexpected one is logged on the server and never shown with its traceback.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi_offline import FastAPIOffline
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from docgen.web import admin, api, api_territories, intake, officer, pages, profile
from docgen.web.auth import MISSING_CREDENTIALS, SignInRequired
from docgen.web.database import connect
from docgen.web.jobs import Jobs
from docgen.web.jobstore import JobStore
from docgen.web.limits import BodyLimit, TooLarge, refusal_text
from docgen.web.settings import Settings
from docgen.web.throttle import SignInThrottle

log = logging.getLogger("docgen.web")
SESSION_COOKIE = "ctg_session"
SESSION_AGE = 8 * 3600  # a working day; signing in again after that
STYLE = Path(__file__).resolve().parent / "templates" / "style.css"
STATUS_TEXTS = {
    400: "Requête invalide.",
    401: MISSING_CREDENTIALS,
    403: "Accès refusé.",
    404: "Page introuvable.",
    405: "Méthode non permise pour cette adresse.",
    413: "Envoi trop volumineux.",
}
# The details Starlette and FastAPI give in English: replaced by the French text of their status.
_ENGLISH = {status.phrase for status in HTTPStatus} | {"Not authenticated", "There was an error parsing the body"}
# Starlette's form parser refuses in English: its refusals told in French (a text field is read
# up to 1 MB; a territory's data is a few tens of kB, 87 kB for the largest example).
TOO_LONG = "Champ de formulaire trop long (1\u00a0Mo au plus)\u00a0: rien n'a été enregistré."
MALFORMED = "Formulaire mal formé\u00a0: rien n'a été enregistré."
_FORM_REFUSALS = {
    "Field exceeded maximum size": TOO_LONG,
    "Part exceeded maximum size": TOO_LONG,  # the same field, sent as multipart/form-data
    "The Content-Disposition header": MALFORMED,
    "Missing boundary": MALFORMED,
    "Invalid multipart data": MALFORMED,
    "Too many fields": "Trop de champs dans le formulaire.",
    "Too many files": "Trop de fichiers envoyés à la fois.",
}
# What a page may load: only this server's own files (the editor's completion script, the schema it
# reads). The OpenAPI page (Swagger UI, served from the fastapi-offline package under DOCS_STATIC)
# also runs the inline script that starts it.
POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_STATIC = "/docs/static"
DOCS_POLICY = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)


def create_app(settings: Settings, sessions: sessionmaker[Session] | None = None) -> FastAPI:
    """The web application on the database of `settings` (migrated now), or on `sessions`."""
    app = FastAPIOffline(  # Swagger UI's scripts from this server, under DOCS_STATIC
        title="docgen — conventions territoriales globales",
        description="Vérification des projets de convention, production, signature et avenants des territoires "
        "par programme, avec les comptes de l'application (authentification HTTP Basic).",
        version=_version(),
        redoc_url=None,
        static_url=DOCS_STATIC,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.sessions = sessions or connect(settings.database)
    app.state.jobs = Jobs(settings.workers, settings.conversions, JobStore(app.state.sessions))
    app.state.throttle = SignInThrottle()
    app.include_router(pages.router)
    app.include_router(officer.router)
    app.include_router(profile.router)
    app.include_router(intake.router)
    app.include_router(admin.router)
    app.include_router(api.router)
    app.include_router(api_territories.router)
    app.add_api_route("/style.css", _style, include_in_schema=False)
    app.add_api_route("/editor.js", _editor_script, include_in_schema=False)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(SignInRequired, _to_sign_in)
    app.add_exception_handler(Exception, _unexpected)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key(),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_AGE,
        same_site="strict",
        https_only=settings.https_only,
    )
    app.add_middleware(BodyLimit, limit=settings.request_limit)
    app.add_middleware(_Headers)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.jobs.shutdown()  # running builds finish (their files are written together or not at all)


def _version() -> str:
    from docgen.resources import version

    return version()


def _style() -> FileResponse:
    return FileResponse(STYLE, media_type="text/css")


def _editor_script() -> FileResponse:
    return FileResponse(STYLE.with_name("editor.js"), media_type="text/javascript")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    return pages.page(request, "error.html", status, message=message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc.__cause__, TooLarge):  # FastAPI turns an error while reading a form into a 400
        return _error(request, 413, refusal_text(request.app.state.settings.request_limit))
    message = exc.detail if isinstance(exc.detail, str) and exc.detail not in _ENGLISH else ""
    message = next((french for english, french in _FORM_REFUSALS.items() if message.startswith(english)), message)
    message = message or STATUS_TEXTS.get(exc.status_code, f"Erreur {exc.status_code}.")
    return _error(request, exc.status_code, message, exc.headers)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    fields = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
    named = ", ".join(f"«\u00a0{f}\u00a0»" for f in fields)
    s = "s" if len(fields) > 1 else ""
    what = f"champ{s} {named} manquant{s} ou invalide{s}"
    return _error(request, 400 if not _is_api(request) else 422, f"Requête invalide\u00a0: {what}.")


async def _to_sign_in(request: Request, exc: Exception) -> Response:
    return RedirectResponse("/connexion", status_code=303)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("erreur inattendue sur %s %s", request.method, request.url.path, exc_info=exc)
    message = "Erreur interne du serveur\u00a0: elle est consignée dans son journal. Réessayez plus tard."
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=500)
    return Response(f"{message}\n", status_code=500, media_type="text/plain; charset=utf-8")


class _Headers:
    """ASGI middleware: headers that keep pages from being framed, sniffed or given others' scripts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        documented = scope["path"] in ("/docs", "/docs/oauth2-redirect")  # Swagger UI's page

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                headers.append((b"content-security-policy", (DOCS_POLICY if documented else POLICY).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)
