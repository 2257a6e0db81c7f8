"""User accounts: adding one, disabling or enabling it (`ctg users`, the admin's page), each
recorded in the audit log; and signing in with a name and a password, for active accounts only.

Passwords are hashed with argon2id (argon2-cffi's defaults, the parameters of RFC 9106's second
recommended option); a hash made with older parameters is replaced at the next sign-in.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.model.errors import DocgenError
from docgen.model.frenchtext import join_fr
from docgen.web.models import ROLES, AuditEntry, Caf, User

CAF_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
USER_NAME = re.compile(r"[\w.@-]{1,80}")
PASSWORD_MIN = 10  # characters; the argon2 hash makes each guess slow, length makes guesses many
ENTRIES_SHOWN = 50  # audit entries of accounts on the admin's page


class NameTaken(DocgenError):
    """A new account's name already used: names are unique across all Cafs."""


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _decoy() -> str:
    """A hash checked for an unknown name, so that its refusal takes as long as a wrong password's."""
    return _hasher().hash("compte inconnu")


def add_user(session: Session, name: str, caf: str, role: str, password: str, by: User | None = None) -> User:
    """A new account of Caf `caf` (created if new), added by `by` (None: the command line);
    a French DocgenError for an invalid value, NameTaken for a name already used."""
    if not USER_NAME.fullmatch(name):
        raise DocgenError(
            f"nom d'utilisateur invalide «\u00a0{name}\u00a0» (lettres, chiffres, «\u00a0.\u00a0», "
            "«\u00a0-\u00a0», «\u00a0_\u00a0» ou «\u00a0@\u00a0», 80 caractères au plus)"
        )
    if not CAF_ID.fullmatch(caf):
        raise DocgenError(
            f"identifiant de Caf invalide «\u00a0{caf}\u00a0» (minuscules, chiffres et tirets, ex. caf-45)"
        )
    if role not in ROLES:
        choices = join_fr((f"«\u00a0{r}\u00a0»" for r in ROLES), "ou")
        raise DocgenError(f"rôle inconnu «\u00a0{role}\u00a0» (valeurs possibles\u00a0: {choices})")
    _check_password(password)
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise NameTaken(f"l'utilisateur «\u00a0{name}\u00a0» existe déjà")
    if session.get(Caf, caf) is None:
        session.add(Caf(id=caf))
    user = User(name=name, caf_id=caf, role=role, password_hash=_hasher().hash(password))
    session.add(user)
    _record(session, "user-add", user, by)
    session.commit()
    return user


def named(session: Session, name: str) -> User:
    """The account `name`, of any Caf (for the command line); a French DocgenError if there is none."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise DocgenError(f"utilisateur inconnu «\u00a0{name}\u00a0»")
    return user


def accounts_of(session: Session, caf: str) -> list[User]:
    """The accounts of Caf `caf`, by name."""
    return list(session.scalars(select(User).where(User.caf_id == caf).order_by(User.name)))


def account_of(session: Session, caf: str, account_id: int) -> User | None:
    """The account `account_id` if it belongs to Caf `caf`, else None (as if it did not exist)."""
    return session.scalar(select(User).where(User.id == account_id, User.caf_id == caf))


def set_active(session: Session, account: User, active: bool, by: User | None = None) -> bool:
    """Enable or disable `account`, by `by` (None: the command line), recorded in the audit log;
    False if it already was so. Nobody disables their own account (the Caf would lose its admin)."""
    if by is not None and by.id == account.id and not active:
        raise DocgenError("vous ne pouvez pas désactiver votre propre compte")
    if account.active == active:
        return False
    account.active = active
    _record(session, "user-enable" if active else "user-disable", account, by)
    session.commit()
    return True


def _check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise DocgenError(f"mot de passe trop court ({PASSWORD_MIN} caractères au moins)")


def set_password(session: Session, account: User, new: str, by: User | None = None) -> None:
    """`account`'s password replaced: by its owner (`by` is `account`, the current password checked
    by the caller), by an admin of its Caf, or from the command line (`by` None). Every session of
    the account opened before ends (see `User.credentials`); a French DocgenError for a short one."""
    _check_password(new)
    account.password_hash = _hasher().hash(new)
    account.credentials += 1
    _record(session, "password-change" if by is account else "password-reset", account, by)
    session.commit()


def _record(session: Session, action: str, account: User, by: User | None) -> None:
    session.add(AuditEntry(user=by, account=account, caf_id=account.caf_id, action=action))


def account_entries(session: Session, caf: str) -> list[AuditEntry]:
    """The latest audit entries about the accounts of Caf `caf`, newest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.caf_id == caf, AuditEntry.account_id.is_not(None))
        .order_by(AuditEntry.id.desc())
        .limit(ENTRIES_SHOWN)
    )
    return list(session.scalars(query))


# argon2 takes 64 MiB and a twentieth of a second of a core for each password it checks: twenty
# scripts sending their HTTP Basic credentials at once would take 1.3 GB. At most one check per
# core runs at once, and a password found right is remembered for a few minutes, as a digest of
# the name, the password and the stored hash (a changed password is a new digest), never in clear.
_hashing = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))
_verified: dict[bytes, float] = {}
_verified_lock = threading.Lock()
VERIFIED_FOR_S = 300.0


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The user `name` if `password` is theirs and the account is active; None for a wrong password,
    an unknown name or a disabled account alike (a disabled one is checked against the decoy, and
    never found in the remembered digests)."""
    user = session.scalar(select(User).where(User.name == name, User.active.is_(True))) if name else None
    digest = _digest(user, password) if user is not None else None
    now = time.monotonic()
    with _verified_lock:
        if digest is not None and _verified.get(digest, 0.0) > now:
            return user
    with _hashing:
        try:
            _hasher().verify(user.password_hash if user else _decoy(), password)
        except (VerificationError, InvalidHashError):
            return None
        if user is None:
            return None
        if _hasher().check_needs_rehash(user.password_hash):
            user.password_hash = _hasher().hash(password)
            session.commit()
    with _verified_lock:
        for stale in [k for k, until in _verified.items() if until <= now]:
            del _verified[stale]
        _verified[_digest(user, password)] = now + VERIFIED_FOR_S
    return user


def _digest(user: User, password: str) -> bytes:
    return hashlib.sha256(f"{user.name}\0{password}\0{user.password_hash}".encode()).digest()
