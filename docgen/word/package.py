"""The .docx package around the body: core properties, settings, and the archive written once.

Everything here is deterministic: document properties come from the data, zip entries carry
a fixed date, so that the same tree always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping

import docx
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn

from docgen.model.tree import FINGERPRINT_LABEL, Document, built_date
from docgen.word import wml as x

# Children of w:settings that come after w:updateFields (ECMA-376 CT_Settings order).
_AFTER_COMPAT = frozenset(
    qn(f"w:{name}") for name in ("docVars", "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping")
)
_AFTER_UPDATE_FIELDS = frozenset(
    qn(f"w:{name}")
    for name in (
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )
) | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}

# 1980-01-01, the earliest date a zip entry can carry: fixed, so that builds are reproducible.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def set_metadata(word: docx.document.Document, d: Document) -> None:
    """Core properties (title, subject, dates) taken from the document, never from the clock."""
    props = word.core_properties
    moment = dt.datetime.combine(built_date(d), dt.time(9, 0))
    props.title = f"{d.title} – {d.territory}"
    props.subject = d.subtitle
    props.author = props.last_modified_by = "docgen"
    props.keywords = f"CTG; {d.model_id}" + (f"; {FINGERPRINT_LABEL} {d.fingerprint}" if d.fingerprint else "")
    props.created = props.modified = moment
    props.last_printed = moment
    props.revision = 1


def set_compatibility_mode(word: docx.document.Document, mode: int) -> None:
    """Word's compatibility mode (15: Word 2013 and later, the current one; 14: Word 2010)."""
    settings = word.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = x.el("w:compat")
        follower = next((c for c in settings if c.tag in _AFTER_COMPAT), None)
        if follower is None:
            settings.append(compat)
        else:
            follower.addprevious(compat)
    setting = next(
        (c for c in compat.findall(qn("w:compatSetting")) if c.get(qn("w:name")) == "compatibilityMode"), None
    )
    if setting is None:
        setting = x.el(
            "w:compatSetting", {"name": "compatibilityMode", "uri": "http://schemas.microsoft.com/office/word"}
        )
        compat.insert(0, setting)
    setting.set(qn("w:val"), str(mode))


def ask_word_to_update_fields(word: docx.document.Document) -> None:
    """Set `w:updateFields` so that Word fills the sommaire's page numbers on opening.

    The settings part has a fixed element order (ECMA-376 CT_Settings): the element goes
    before the first sibling that must follow it, or Word reports the file as damaged.
    """
    settings = word.settings.element
    flag = x.el("w:updateFields", {"val": "true"})
    follower = next((child for child in settings if child.tag in _AFTER_UPDATE_FIELDS), None)
    if follower is None:
        settings.append(flag)
    else:
        follower.addprevious(flag)


class _FixedTimeZip:
    """python-docx's physical package writer interface, with fixed entry dates and modes;
    `compressed`: deflated entries (a .docx delivered), else stored (one only LibreOffice reads,
    or one to be `rewritten`: not compressed for nothing)."""

    def __init__(self, stream: io.BytesIO, compressed: bool = True) -> None:
        self.method = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
        self.zip = zipfile.ZipFile(stream, "w", self.method)

    def write(self, pack_uri, blob: bytes) -> None:
        self.write_member(pack_uri.membername, blob)

    def write_member(self, name: str, blob: bytes) -> None:
        entry = zipfile.ZipInfo(name, ZIP_EPOCH)
        entry.compress_type = self.method
        entry.external_attr = 0o644 << 16
        self.zip.writestr(entry, blob)

    def close(self) -> None:
        self.zip.close()


def archive(package, compressed: bool = True) -> bytes:
    """The package as .docx bytes, written once, deterministically (`compressed`: see `_FixedTimeZip`).

    Mirrors `OpcPackage.save`/`PackageWriter.write` (python-docx 1.x) with our own zip writer,
    instead of saving then rewriting the archive to fix its timestamps.
    """
    parts = package.parts
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    writer = _FixedTimeZip(buffer, compressed)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    # python-docx types this private helper for its own PhysPkgWriter; ours has the same duck-typed interface
    PackageWriter._write_parts(writer, parts)  # type: ignore[arg-type]
    writer.close()
    return buffer.getvalue()


def rewritten(data: bytes, changes: Mapping[str, Callable[[bytes], bytes]]) -> bytes:
    """An archive written by `archive`, some of its parts changed (part name → change), written
    again the same way: what `archive` gives for the package with those parts."""
    buffer = io.BytesIO()
    writer = _FixedTimeZip(buffer)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        for info in source.infolist():
            blob = source.read(info)
            change = changes.get(info.filename)
            writer.write_member(info.filename, change(blob) if change else blob)
    writer.close()
    return buffer.getvalue()
