"""`ctg import`: a signed convention docgen did not write → a new territory's `convention.yaml`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docgen.check.job import draft_document
from docgen.data.loading import convention_file, validated
from docgen.data.yamlsource import parse_text
from docgen.importer.convention import Imported, fitted, imported_pictures, read_data
from docgen.importer.emit import imported_yaml
from docgen.library.catalog import Library
from docgen.model.errors import DocgenError
from docgen.output import write_set


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote and what a person should check."""

    file: Path
    imported: Imported

    @property
    def actions(self) -> int:
        plan = self.imported.data.get("action_plan", {})
        return sum(
            len(objective["actions"])
            for orientation in plan.get("orientations", [])
            for goal in orientation["goals"]
            for objective in goal["objectives"]
        )


def import_convention(
    draft: Path, territory: Path, library: Library, model: str | None = None, today: dt.date | None = None
) -> ImportResult:
    """Read `draft` into `territory`/convention.yaml; never into an existing territory."""
    territory = Path(territory)
    target = convention_file(territory)
    if target.exists() or (territory.is_dir() and any(territory.iterdir())):
        raise DocgenError(
            "ce dossier de territoire existe déjà : l'import n'écrit que dans un dossier nouveau "
            "(pour reprendre des modifications faites dans Word, utilisez « ctg import --update »)",
            territory,
        )
    document, raw = draft_document(draft, pictures=True)
    imported = fitted(document, read_data(document, library, model), library, target)
    text = imported_yaml(
        imported.data, imported.sources, imported.to_check, Path(draft).name, raw.sha256, today or dt.date.today()
    )
    validated(parse_text(text, target), library)  # the file as written: its data build
    pictures = {territory / path: picture.data for path, picture in imported_pictures(document).items()}
    write_set({target: text.encode("utf-8"), **pictures})
    return ImportResult(target, imported)
