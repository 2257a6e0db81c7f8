"""Uploaded drafts: their type told by their content, their size limited, their name kept for display only.

The name a browser sends is shown back to people and stored with the check; it never names a
file on disk (`docgen/web/checks.py` writes drafts under names of its own).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from docgen.inputs import MB
from docgen.model.errors import DocgenError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
PDF_HEADER_SPAN = 1024  # readers accept a PDF header anywhere in its first kilobyte
NAME_LIMIT = 255


class UploadRefused(DocgenError):
    """An upload refused before any check, with the HTTP status that says why (413, 415 or 400)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Upload:
    """A draft as received: the name to show, its kind (« docx » or « pdf ») and its bytes."""

    name: str
    kind: str
    data: bytes


def receive(name: str | None, stream: BinaryIO, limit: int) -> Upload:
    """The upload `stream` read within `limit` bytes and typed by its content; a French
    UploadRefused for a file too large, empty, or neither a Word document nor a PDF."""
    shown = display_name(name)
    data = stream.read(limit + 1)
    if len(data) > limit:
        too_big = f"fichier trop volumineux (au plus {limit // MB}\u00a0Mo)"
        raise UploadRefused(f"«\u00a0{shown}\u00a0»\u00a0: {too_big}", 413)
    if not data:
        raise UploadRefused(f"«\u00a0{shown}\u00a0»\u00a0: le fichier est vide", 400)
    kind = kind_of(data)
    if kind is None:
        raise UploadRefused(
            f"«\u00a0{shown}\u00a0»\u00a0: ce fichier n'est ni un document Word (.docx) ni un PDF, "
            "quel que soit son nom",
            415,
        )
    return Upload(shown, kind, data)


def kind_of(data: bytes) -> str | None:
    """« pdf » for a PDF header, « docx » for a zip holding word/document.xml, else None."""
    if PDF_MAGIC in data[:PDF_HEADER_SPAN]:
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except (zipfile.BadZipFile, ValueError, OSError):  # a damaged or hostile archive
            return None
    return None


def display_name(name: str | None) -> str:
    """The file name as people typed it, without folders or control characters, at most 255 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return clean[:NAME_LIMIT] or "document sans nom"
