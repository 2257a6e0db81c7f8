"""Where the application keeps its data: the data folder, the database URL, the cookie settings."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from docgen.inputs import MB
from docgen.model.errors import DocgenError

DATA_SETTING = "DOCGEN_DATA"  # the data folder, when --data is not given
DEFAULT_DATA = Path("instance")
DATABASE_FILE = "docgen.sqlite3"
SECRET_FILE = "secret.key"  # signs the session cookies; made on first start, readable by its owner only
# A draft convention is a few MB (the 54-page seed is 0.1 MB as .docx, 1 MB as PDF); scanned
# annexes make it larger, but a reviewer's upload is not an archive.
UPLOAD_LIMIT = 20 * MB
UPLOAD_FILES = 10  # drafts in one upload
CONVERSIONS = 1  # LibreOffice conversions at once: each takes a core, and a 2-core server has pages to serve
WORKERS = 2  # background jobs at once (those without PDF do not wait for a conversion slot)


@dataclass(frozen=True)
class Settings:
    """What `ctg serve` and `ctg users` are given: the data folder and the database."""

    data: Path
    database: str
    https_only: bool = False  # session cookies sent over HTTPS only (behind a TLS proxy)
    upload_limit: int = UPLOAD_LIMIT
    upload_files: int = UPLOAD_FILES
    conversions: int = CONVERSIONS
    workers: int = WORKERS

    @property
    def request_limit(self) -> int:
        """The largest request body accepted: every file at its limit, and the form's fields."""
        return self.upload_limit * self.upload_files + MB

    def secret_key(self) -> str:
        """The key that signs session cookies, kept in the data folder (made on first use)."""
        path = self.data / SECRET_FILE
        try:
            if not path.exists():
                self.data.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w", encoding="ascii") as out:
                    out.write(secrets.token_urlsafe(48))
            key = path.read_text(encoding="ascii").strip()
        except OSError as exc:
            raise DocgenError(f"clé des sessions illisible ou impossible à créer ({exc.strerror})", path) from None
        if len(key) < 32:
            raise DocgenError("clé des sessions trop courte (32 caractères au moins)", path)
        return key


def settings(
    data: Path | None = None, database: str | None = None, https_only: bool = False, conversions: int = CONVERSIONS
) -> Settings:
    """The settings from the options given, else the environment (DOCGEN_DATA), else the defaults:
    the folder `instance` and an SQLite file inside it."""
    folder = data or Path(os.environ.get(DATA_SETTING) or DEFAULT_DATA)
    url = database or f"sqlite:///{(folder / DATABASE_FILE).resolve()}"
    return Settings(folder.resolve(), url, https_only, conversions=conversions, workers=max(WORKERS, conversions))
