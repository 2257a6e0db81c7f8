"""Writing output files atomically: the whole new file, or the old one untouched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docgen.model.errors import DocgenError, os_reason


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
            os.chmod(tmp, 0o644)  # mkstemp creates 0600; output files are ordinary documents
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise DocgenError(f"écriture impossible ({os_reason(exc)})", path) from None
    return replaced
