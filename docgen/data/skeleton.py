"""`ctg new`: a commented YAML skeleton of a territory for a given national model."""

from __future__ import annotations

from pathlib import Path

from docgen.data.loading import CONVENTION_FILE
from docgen.library.catalog import Library
from docgen.library.clausetext import environment
from docgen.model.errors import DocgenError
from docgen.output import write_atomic
from docgen.resources import resource

SKELETON = "templates/skeleton/convention.yaml.j2"  # see docgen.resources


def skeleton_text(library: Library, model_id: str, folder: Path, kind: str = "commune") -> str:
    """The skeleton YAML text for a territory folder."""
    model = library.model(model_id)
    template = environment().from_string(resource(SKELETON).read_text(encoding="utf-8"))
    return template.render(
        model=model,
        name=folder.name,
        folder=folder.as_posix(),
        kind=kind,
        annexes={a.key for a in model.annexes},
        caf_authorisation=any(a.key == "caf_decision" for a in model.annexes),
    )


def write_skeleton(library: Library, model_id: str, folder: Path, kind: str = "commune") -> Path:
    """Write `<folder>/convention.yaml`; refuse to overwrite an existing one."""
    target = folder / CONVENTION_FILE
    if target.exists():
        raise DocgenError("ce fichier existe déjà\u00a0: il n'est pas remplacé", target)
    text = skeleton_text(library, model_id, folder, kind)
    write_atomic(target, text.encode("utf-8"))
    return target
