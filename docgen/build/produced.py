"""What docgen wrote in an output folder, so that a file changed since (a convention negotiated
in Word) is never replaced silently.

Each build records, in a small manifest beside its files, the SHA-256 of every file it wrote.
Before replacing a file, the next build compares: a file whose bytes are no longer those it
wrote (or that it did not write) is refused, unless the user forces the build, in which case the
changed file is kept beside the new one under a name that says so.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from docgen.inputs import DRAFT_LIMIT, fingerprint, read_input
from docgen.invocation import ctg
from docgen.model.errors import DocgenError

MANIFEST = ".ctg-produits.json"


def _recorded(folder: Path) -> dict[str, str]:
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(read_input(path, DRAFT_LIMIT, "un relevé des fichiers produits"))
    except (ValueError, UnicodeDecodeError):
        return {}  # a damaged manifest vouches for nothing: every existing file counts as changed
    return (
        {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}
    )


def changed(targets: list[Path]) -> dict[Path, bytes]:
    """The existing targets whose bytes are not those docgen last wrote there, with those bytes."""
    out = {}
    for target in targets:
        if target.exists():
            data = read_input(target, DRAFT_LIMIT, "un fichier produit")
            if _recorded(target.parent).get(target.name) != fingerprint(data):
                out[target] = data
    return out


def manifest(files: dict[Path, bytes]) -> dict[Path, bytes]:
    """The manifest of each folder of `files`, updated with their SHA-256 (to write with them)."""
    out: dict[Path, bytes] = {}
    for folder in sorted({p.parent for p in files}):
        entries = _recorded(folder)
        entries.update({p.name: fingerprint(data) for p, data in files.items() if p.parent == folder})
        text = json.dumps(dict(sorted(entries.items())), ensure_ascii=False, indent=1) + "\n"
        out[folder / MANIFEST] = text.encode("utf-8")
    return out


def kept_name(path: Path, now: dt.datetime | None = None) -> Path:
    """A free name beside `path` for its changed version: « convention.modifiee-20261201-2345.docx »."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M")
    candidate = path.with_name(f"{path.stem}.modifiee-{stamp}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.modifiee-{stamp}-{n}{path.suffix}")
        n += 1
    return candidate


def refuse(paths: list[Path], source: Path) -> DocgenError:
    names = " et ".join(p.name for p in paths)
    verb = (
        "ont été modifiés depuis que docgen les a produits"
        if len(paths) > 1
        else "a été modifié depuis que docgen l'a produit"
    )
    edited = next((p for p in paths if p.suffix == ".docx"), None)
    command = f"{ctg()} import --update {source.parent} {edited}"
    bring_back = (
        f"Reportez ces modifications dans les données avec «\u00a0{command}\u00a0» (ajoutez --yes pour les écrire)"
        if edited is not None
        else f"Reportez ces modifications dans {source}"
    )
    return DocgenError(
        f"{names} {verb} (dans Word, par exemple)\u00a0: rien n'est remplacé.",
        paths[0],
        remedy=f" {bring_back}, ou relancez avec --force\u00a0: la version modifiée sera "
        "gardée à côté de la nouvelle, sous un nom en «\u00a0.modifiee-…\u00a0».",
        remedy_web=" Reportez ces modifications dans les données du territoire (page «\u00a0Données\u00a0»).",
    )
