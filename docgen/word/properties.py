"""The core properties of a .docx read back: the dates it says it was created and modified.

The PDF made from a .docx carries the same dates (`docgen.pdf.archival`), so that converting the
same file twice gives the same bytes; docgen writes them from the data (`package.set_metadata`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from docgen.model.errors import DocgenError
from docgen.word.reader import _PARSER, _part  # the reader's limits and parser, configured once

CORE_PART = "docProps/core.xml"
DCTERMS = "http://purl.org/dc/terms/"


@dataclass(frozen=True)
class CoreDates:
    """When a .docx says it was created and last modified (None where it does not say)."""

    created: dt.datetime | None = None
    modified: dt.datetime | None = None


def core_dates(data: bytes, name: str) -> CoreDates:
    """The dates of the .docx's core properties, in UTC; none for a file that has no readable ones."""
    try:
        core_xml = _part(zipfile.ZipFile(io.BytesIO(data)), CORE_PART, name)
        root = etree.fromstring(core_xml, _PARSER) if core_xml else None
    except (DocgenError, zipfile.BadZipFile, etree.XMLSyntaxError, zlib.error, EOFError, ValueError, OSError):
        return CoreDates()  # LibreOffice read it, or said why it could not: the dates are only a detail
    if root is None:
        return CoreDates()
    return CoreDates(_date(root.findtext(f"{{{DCTERMS}}}created")), _date(root.findtext(f"{{{DCTERMS}}}modified")))


def _date(text: str | None) -> dt.datetime | None:
    """A W3CDTF date (« 2016-12-15T09:00:00Z »); one without a time zone is taken as UTC."""
    try:
        moment = dt.datetime.fromisoformat((text or "").strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)
