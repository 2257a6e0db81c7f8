"""The admin's page: the accounts of their Caf, one added, disabled or enabled (`docgen.web.accounts`,
each change in the audit log).

The Caf is always the admin's own, never a value of the form; an account of another Caf is
« introuvable » (404), as if it did not exist; a reviewer or an officer is refused (403).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse

from docgen.model.errors import DocgenError
from docgen.web.accounts import (
    NameTaken,
    account_entries,
    account_of,
    accounts_of,
    add_user,
    set_active,
    set_password,
)
from docgen.web.auth import Admin, Database, csrf_protect
from docgen.web.models import ROLE_LABELS, ROLES, User
from docgen.web.pages import page

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)
NOT_FOUND = "Compte introuvable."
MISMATCH = "les deux mots de passe saisis sont différents"


@router.get("/utilisateurs")
def users_page(request: Request, session: Database, user: Admin) -> HTMLResponse:
    return _users_page(request, session, user)


def _users_page(
    request: Request, session: Database, user: User, error: str = "", notice: str = "", status: int = 200, **form
) -> HTMLResponse:
    return page(
        request,
        "users.html",
        status,
        user=user,
        accounts=accounts_of(session, user.caf_id),
        entries=account_entries(session, user.caf_id),
        choices=ROLES,
        error=error,
        notice=notice,
        form=form,
    )


@router.post("/utilisateurs")
def add_form(
    request: Request,
    session: Database,
    user: Admin,
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    confirmation: Annotated[str, Form()] = "",
) -> HTMLResponse:
    name = name.strip()
    try:
        if password != confirmation:
            raise DocgenError(MISMATCH)
        added = add_user(session, name, user.caf_id, role, password, by=user)
    except DocgenError as exc:
        status = 409 if isinstance(exc, NameTaken) else 400
        error = f"Compte non ajouté\u00a0: {exc}."
        return _users_page(request, session, user, error=error, status=status, name=name, role=role)
    notice = f"Compte «\u00a0{added.name}\u00a0» ajouté ({ROLE_LABELS[added.role]})."
    return _users_page(request, session, user, notice=notice)


def account(session: Database, user: Admin, account_id: int) -> User:
    """The account `account_id` of the admin's Caf; 404 otherwise."""
    found = account_of(session, user.caf_id, account_id)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found


Account = Annotated[User, Depends(account)]


@router.post("/utilisateurs/{account_id}/desactivation")
def disable_form(request: Request, session: Database, user: Admin, found: Account) -> HTMLResponse:
    try:
        changed = set_active(session, found, False, by=user)
    except DocgenError as exc:
        return _users_page(request, session, user, error=f"Compte non désactivé\u00a0: {exc}.", status=409)
    told = "désactivé\u00a0: il ne peut plus se connecter" if changed else "déjà désactivé"
    return _users_page(request, session, user, notice=f"Compte «\u00a0{found.name}\u00a0» {told}.")


@router.post("/utilisateurs/{account_id}/reactivation")
def enable_form(request: Request, session: Database, user: Admin, found: Account) -> HTMLResponse:
    changed = set_active(session, found, True, by=user)
    told = "réactivé" if changed else "déjà actif"
    return _users_page(request, session, user, notice=f"Compte «\u00a0{found.name}\u00a0» {told}.")


@router.post("/utilisateurs/{account_id}/mot-de-passe")
def password_form(
    request: Request,
    session: Database,
    user: Admin,
    found: Account,
    password: Annotated[str, Form()] = "",
    confirmation: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """A forgotten password replaced by the admin, who gives the new one to its owner; the account's
    sessions end. Their own is changed on « Mon compte », the current one checked."""
    try:
        if found.id == user.id:
            raise DocgenError("le vôtre se change sur la page «\u00a0Mon compte\u00a0», avec l'actuel")
        if password != confirmation:
            raise DocgenError(MISMATCH)
        set_password(session, found, password, by=user)
    except DocgenError as exc:
        error = f"Mot de passe non remplacé\u00a0: {exc}."
        return _users_page(request, session, user, error=error, status=400)
    notice = f"Mot de passe de «\u00a0{found.name}\u00a0» remplacé\u00a0: ses sessions ouvertes sont fermées."
    return _users_page(request, session, user, notice=notice)
