"""A copy of the checked library kept between runs, so that `ctg check` does not read and
check some forty YAML files and their templates each time it starts.

The copy lives in the user's cache folder (`$XDG_CACHE_HOME/ctg`, by default `~/.cache/ctg`),
under a key made of every library file's name, size and modification time and of docgen's own
code: a changed clause, model or version of docgen is a new key, read from the files again. A
copy that cannot be read or written is simply ignored: the library is then read from its files.
The folder is the user's own, like pip's or LibreOffice's caches; nothing from outside is read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import docgen

CODE = Path(docgen.__file__).parent


def folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ctg"


def key(root: Path) -> str:
    """What the copy depends on: the library's files and the code that reads them."""
    digest = hashlib.sha256(f"{sys.version}\n{root}\n".encode())
    for base in (root, CODE / "library", CODE / "model", CODE / "data"):
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                info = path.stat()
                digest.update(f"{path.relative_to(base)}\t{info.st_size}\t{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def read(name: str) -> Any | None:
    try:
        with (folder() / f"library-{name}.pickle").open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - absent, damaged or from another version: read the files
        return None


def write(name: str, value: Any) -> None:
    target = folder() / f"library-{name}.pickle"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in target.parent.glob("library-*.pickle"):
            stale.unlink(missing_ok=True)  # one copy: the library as it is now
        fd, temporary = tempfile.mkstemp(prefix=".library-", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except OSError:  # a read-only home, a full disk: no copy, the next run reads the files
        pass
