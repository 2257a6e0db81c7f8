"""Writing output files: deterministic .docx archives, written atomically."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from docgen.errors import DocgenError

# 1980-01-01 is the earliest date a zip entry can carry; any fixed value makes builds reproducible.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalise_docx(data: bytes) -> bytes:
    """Rewrite a .docx archive with fixed timestamps and permissions: same content, same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` through a temporary file; True if an existing file was replaced.

    Either the whole new file is there afterwards, or the old one is untouched.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replaced = path.exists()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise DocgenError(f"écriture impossible ({exc.strerror})", path) from None
    return replaced
