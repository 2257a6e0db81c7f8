"""Who is asking: the signed-in user of a session cookie, or HTTP Basic credentials for scripts;
and the CSRF token that every form posts back.

The session cookie is signed (Starlette's SessionMiddleware, itsdangerous) and holds only the
user's id and the session's CSRF token. A form without the token, or with another session's,
is refused before its route runs.
"""

from __future__ import annotations

import binascii
import secrets
from base64 import b64decode
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from docgen.web.accounts import authenticate
from docgen.web.models import ROLE_LABELS, User
from docgen.web.throttle import TooManyAttempts

USER_KEY, CSRF_KEY, CREDENTIALS_KEY = "user", "csrf", "credentials"
CSRF_FIELD = "csrf_token"
BAD_CREDENTIALS = "Nom d'utilisateur ou mot de passe incorrect."
MISSING_CREDENTIALS = "Identification requise\u00a0: donnez un nom d'utilisateur et un mot de passe (HTTP Basic)."


class SignInRequired(Exception):
    """A page asked for without a signed-in user: the browser is sent to the sign-in page."""


def database(request: Request) -> Iterator[Session]:
    """A database session for one request."""
    with request.app.state.sessions() as session:
        yield session


Database = Annotated[Session, Depends(database)]


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get(CSRF_KEY)
    if not isinstance(token, str):
        token = request.session[CSRF_KEY] = secrets.token_urlsafe(32)
    return token


async def csrf_protect(request: Request) -> None:
    """Refuse a form posted without this session's CSRF token (every POST of the pages)."""
    if request.method != "POST":
        return
    expected = request.session.get(CSRF_KEY)
    sent = (await request.form()).get(CSRF_FIELD)
    if (
        not isinstance(expected, str)
        or not isinstance(sent, str)
        or not secrets.compare_digest(expected.encode(), sent.encode())
    ):
        raise HTTPException(
            403, "Formulaire refusé\u00a0: jeton de sécurité absent ou périmé. Rechargez la page et recommencez."
        )


def sign_in(request: Request, user: User) -> None:
    """Start a new session for `user` (a fresh cookie and CSRF token: nothing carried over)."""
    request.session.clear()
    request.session[USER_KEY] = user.id
    request.session[CREDENTIALS_KEY] = user.credentials
    csrf_token(request)


def session_user(request: Request, session: Session) -> User | None:
    """The user of the session cookie, if their account is still active and its password the one
    the session was opened with; otherwise the session ends here, at its next request (a disabled
    account, a password changed in another session or replaced by an admin)."""
    user_id = request.session.get(USER_KEY)
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or request.session.get(CREDENTIALS_KEY, 0) != user.credentials:
        request.session.pop(USER_KEY, None)
        return None
    return user


def current_user(request: Request, session: Database) -> User:
    """The signed-in user of the session cookie; the sign-in page otherwise."""
    user = session_user(request, session)
    if user is None:
        raise SignInRequired
    return user


CHALLENGE = {"WWW-Authenticate": 'Basic realm="ctg", charset="UTF-8"'}


class _Basic(HTTPBasic):
    """HTTP Basic credentials read as UTF-8 (RFC 7617): FastAPI's own HTTPBasic takes ASCII only,
    which would refuse every password with an accent."""

    async def __call__(self, request: HTTPConnection) -> HTTPBasicCredentials:  # type: ignore[override]
        scheme, _, param = request.headers.get("Authorization", "").partition(" ")
        try:
            username, colon, password = b64decode(param.strip(), validate=True).decode("utf-8").partition(":")
        except (ValueError, binascii.Error):
            colon = ""
        if scheme.lower() != "basic" or not colon:
            raise HTTPException(401, MISSING_CREDENTIALS, headers=CHALLENGE)
        return HTTPBasicCredentials(username=username, password=password)


_basic = _Basic(
    scheme_name="HTTPBasic", description="Le nom d'utilisateur et le mot de passe d'un compte de l'application."
)


def attempt(request: HTTPConnection, session: Session, name: str, password: str) -> User | None:
    """The user `name` if `password` is theirs, counted by the application's sign-in throttle;
    TooManyAttempts once the name has had too many wrong passwords."""
    throttle = request.app.state.throttle
    throttle.before(name)
    user = authenticate(session, name, password)
    if user is None:
        throttle.failed(name)
    else:
        throttle.succeeded(name)
    return user


def api_user(
    request: Request, credentials: Annotated[HTTPBasicCredentials, Depends(_basic)], session: Database
) -> User:
    """The user named by HTTP Basic credentials; 401 for a wrong password or an unknown name,
    429 after too many wrong passwords for the name."""
    try:
        user = attempt(request, session, credentials.username, credentials.password)
    except TooManyAttempts as refused:
        raise HTTPException(429, refused.french, headers={"Retry-After": str(refused.retry_after)}) from None
    if user is None:
        raise HTTPException(401, BAD_CREDENTIALS, headers=CHALLENGE)
    return user


SignedIn = Annotated[User, Depends(current_user)]
ApiUser = Annotated[User, Depends(api_user)]

OFFICER_ROLES = ("officer", "admin")  # a reviewer checks drafts only
OFFICERS_ONLY = (
    "Accès refusé\u00a0: cette page est réservée aux chargés de convention et aux administrateurs de la Caf "
    "(votre compte est un compte de relecteur)."
)


ADMINS_ONLY = (
    "Accès refusé\u00a0: cette page est réservée aux administrateurs de la Caf (votre compte est un compte de {role})."
)


def _officer(user: User) -> User:
    if user.role not in OFFICER_ROLES:
        raise HTTPException(403, OFFICERS_ONLY)
    return user


def admin(user: SignedIn) -> User:
    """The signed-in user, if an admin; 403 for a reviewer or an officer."""
    if user.role != "admin":
        raise HTTPException(403, ADMINS_ONLY.format(role=ROLE_LABELS[user.role]))
    return user


def officer(user: SignedIn) -> User:
    """The signed-in user, if an officer or an admin; 403 for a reviewer."""
    return _officer(user)


def api_officer(user: ApiUser) -> User:
    """The user of HTTP Basic credentials, if an officer or an admin; 403 for a reviewer."""
    return _officer(user)


Officer = Annotated[User, Depends(officer)]
Admin = Annotated[User, Depends(admin)]
ApiOfficer = Annotated[User, Depends(api_officer)]
