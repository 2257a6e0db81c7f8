"""A user's own account: their password changed, the current one checked first as at sign-in
(the same throttle: a session left open is not a way to guess it). Their other sessions end."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from docgen.model.errors import DocgenError
from docgen.web.accounts import set_password
from docgen.web.auth import Database, SignedIn, attempt, csrf_protect, sign_in
from docgen.web.models import User
from docgen.web.pages import page
from docgen.web.throttle import TooManyAttempts

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)
MISMATCH = "les deux nouveaux mots de passe saisis sont différents"


@router.get("/compte")
def account_page(request: Request, user: SignedIn) -> HTMLResponse:
    return page(request, "account.html", user=user)


@router.post("/compte/mot-de-passe")
def password_form(
    request: Request,
    session: Database,
    user: SignedIn,
    current: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    confirmation: Annotated[str, Form()] = "",
) -> HTMLResponse:
    try:
        if attempt(request, session, user.name, current) is None:
            raise DocgenError("mot de passe actuel inexact")
        if password != confirmation:
            raise DocgenError(MISMATCH)
        set_password(session, user, password, by=user)
    except TooManyAttempts as refused:
        response = _refused(request, user, refused.french, 429)
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    except DocgenError as exc:
        return _refused(request, user, f"Mot de passe non changé\u00a0: {exc}.", 400)
    sign_in(request, user)  # this session goes on with the new password; the others have ended
    notice = "Mot de passe changé\u00a0: vos autres sessions ouvertes sont fermées."
    return page(request, "account.html", user=user, notice=notice)


def _refused(request: Request, user: User, error: str, status: int) -> HTMLResponse:
    return page(request, "account.html", status, user=user, error=error)
