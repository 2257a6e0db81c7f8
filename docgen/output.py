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
        if replaced and not os.stat(path).st_mode & 0o222:
            raise DocgenError("fichier en lecture seule\u00a0: il n'est pas remplacé", path)
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


STAGING_PREFIX = ".ctg-staging-"
COMMIT = "commit"  # the journal: present once every staged file is complete


def write_set(files: dict[Path, bytes]) -> bool:
    """Write several files as one: afterwards all the new ones are there, or all the old ones.

    The files are staged in a folder beside the first target; a journal listing the targets is
    written once all are complete, then each is renamed into place. A kill before the journal
    leaves the old files (the next call removes the stage); a kill after it is completed by the
    next call (see `recover`). True if an existing file was replaced. A read-only target is
    never replaced.
    """
    targets = [Path(p) for p in files]
    if not targets:
        return False
    home = targets[0].parent
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            recover(target.parent)
            if target.exists() and not os.stat(target).st_mode & 0o222:
                raise DocgenError("fichier en lecture seule\u00a0: il n'est pas remplacé", target)
        replaced = any(t.exists() for t in targets)
        stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=home))
        try:
            names = []
            for i, (target, data) in enumerate(zip(targets, files.values(), strict=True)):
                staged = stage / f"{i}"
                with open(staged, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(staged, 0o644)
                names.append(f"{i}\t{target.resolve()}")
            journal = stage / (COMMIT + ".tmp")
            journal.write_text("\n".join(names) + "\n", encoding="utf-8")
            os.replace(journal, stage / COMMIT)
        except BaseException:
            _remove(stage)
            raise
        _complete(stage)
    except OSError as exc:
        raise DocgenError(f"écriture impossible ({os_reason(exc)})", targets[0]) from None
    return replaced


def recover(folder: Path) -> None:
    """Finish or undo the staged sets a killed command left in `folder`."""
    for stage in Path(folder).glob(STAGING_PREFIX + "*"):
        if (stage / COMMIT).is_file():
            _complete(stage)
        else:
            _remove(stage)


def _complete(stage: Path) -> None:
    for line in (stage / COMMIT).read_text(encoding="utf-8").splitlines():
        index, _, target = line.partition("\t")
        staged = stage / index
        if staged.exists():
            os.replace(staged, target)
    _remove(stage)


def _remove(stage: Path) -> None:
    for child in stage.iterdir():
        child.unlink()
    stage.rmdir()
