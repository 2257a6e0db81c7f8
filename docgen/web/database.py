"""The database: an engine for the URL given, its schema brought up to date by the migrations.

SQLite by default (a file in the data folder, created on first start), or PostgreSQL by a
« postgresql://… » URL. The migrations (`docgen/web/migrations/`) ship inside the package and
run on every start: a fresh file gets the whole schema, an older one the steps it lacks.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from docgen.model.errors import DocgenError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def connect(url: str) -> sessionmaker[Session]:
    """Sessions on the database `url`, its schema migrated to the latest version."""
    engine = engine_for(url)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)


def engine_for(url: str) -> Engine:
    """The engine for `url`, with a French error for a URL that names no database docgen uses."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DocgenError(f"adresse de base de données invalide «\u00a0{url}\u00a0»") from None
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3, not the older psycopg2
    elif backend != "sqlite":
        raise DocgenError(
            f"base de données non prise en charge «\u00a0{backend}\u00a0» (sqlite:///FICHIER ou postgresql://…)"
        )
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        # The data folder holds password hashes and every draft checked: for its owner only.
        Path(parsed.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        engine = create_engine(parsed)
    except ModuleNotFoundError as exc:
        raise DocgenError(f"pilote de base de données absent ({exc.name})\u00a0: installez psycopg") from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


def _sqlite_foreign_keys(connection, record) -> None:
    # SQLite checks foreign keys only when asked, connection by connection.
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest migration (Alembic, configured here rather than by a file)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc  # the driver's own words, not SQLAlchemy's wrapping
        raise DocgenError(f"base de données inaccessible ({type(exc).__name__}\u00a0: {reason})") from None
