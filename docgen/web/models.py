"""The database's tables: Cafs, their users, the checks they ran, the background jobs and the audit log.

Territory data stays in YAML folders (registered in `territory`, one Caf each); the database
holds who may do what, and what was done.
Every row that a user can reach carries the Caf it belongs to, so that each query is filtered by
the signed-in user's Caf (see `docgen/web/checks.py`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, true
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("reviewer", "officer", "admin")  # relecteur, agent chargé des conventions, administrateur
ROLE_LABELS = {"reviewer": "relecteur", "officer": "chargé de convention", "admin": "administrateur"}
ACTIONS = (
    "check",
    "build",
    "sign",
    "avenant",
    "user-add",
    "user-disable",
    "user-enable",
    "password-change",
    "password-reset",
    "import",
    "territory-add",
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class Caf(Base):
    """A Caisse d'allocations familiales, by an identifier such as « caf-45 »."""

    __tablename__ = "caf"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)


class User(Base):
    """An account: a name to sign in with, one Caf, one role, the argon2 hash of the password;
    a disabled account (`active` false) cannot sign in and its sessions end."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    caf_id: Mapped[str] = mapped_column(ForeignKey("caf.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Raised at each change of password: a session cookie records the value it was opened with, and
    # ends when it no longer matches (the other sessions of an account whose password changed).
    credentials: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Check(Base):
    """One draft checked: who, when, the file's name as given and its SHA-256, the counts, and
    the reports as `ctg check` writes them (JSON, HTML) with the annotated copy of a Word draft."""

    __tablename__ = "draft_check"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    caf_id: Mapped[str] = mapped_column(ForeignKey("caf.id"), index=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255))  # shown to people, never a path on disk
    kind: Mapped[str] = mapped_column(String(8))  # « docx » or « pdf », from the file's content
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    model_id: Mapped[str | None] = mapped_column(String(80))
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    unreadable: Mapped[str | None] = mapped_column(Text)  # the French reason, when it could not be read
    report_json: Mapped[str] = mapped_column(Text, deferred=True)  # loaded when asked, not for lists
    report_html: Mapped[str] = mapped_column(Text, deferred=True)
    annotated: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    user: Mapped[User] = relationship(lazy="joined")


class Territory(Base):
    """A territory registered for one Caf: its slug names its folder `<data>/territories/<slug>/`
    (its convention.yaml and history/) and its outputs `<data>/output/<slug>/`."""

    __tablename__ = "territory"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    caf_id: Mapped[str] = mapped_column(ForeignKey("caf.id"), index=True)
    folder: Mapped[str] = mapped_column(String(255))  # relative to the data folder: territories/<slug>
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))  # None: `ctg territories add`
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """One line of the audit log: a check, build, signature or avenant, or an account added,
    disabled or enabled; by whom (None: the command line), when, on what."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))  # None: `ctg users`
    caf_id: Mapped[str] = mapped_column(ForeignKey("caf.id"), index=True)
    time: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(16))  # one of ACTIONS
    territory: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64))
    check_id: Mapped[int | None] = mapped_column(ForeignKey("draft_check.id"))
    file_name: Mapped[str | None] = mapped_column(String(255))  # the file produced or signed, in its folder
    account_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))  # the account added, disabled…

    user: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[user_id])
    account: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[account_id])


class JobRecord(Base):
    """A background job (`docgen.web.jobs.Job`) as it stands: kept across restarts and shared by
    the instances of one database. `beat` is the last time its server said it was still at work
    on it; an unfinished job whose server has stopped saying so was interrupted."""

    __tablename__ = "job"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    caf_id: Mapped[str] = mapped_column(ForeignKey("caf.id"), index=True)
    territory: Mapped[str] = mapped_column(String(63))  # a slug; empty for a batch
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    pdf: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    step: Mapped[str] = mapped_column(String(300))
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    started: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    beat: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    files: Mapped[list] = mapped_column(JSON)
    messages: Mapped[list] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text)
    total: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
