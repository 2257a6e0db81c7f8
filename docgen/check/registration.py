"""Registering a model convention (.docx or .pdf) as a reference model: `ctg models add`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from docgen.check.drafts import read_draft
from docgen.check.mapping import choose_model, map_annexes, section_text
from docgen.check.rules import avenants
from docgen.check.structure import build_document
from docgen.library.catalog import Library
from docgen.library.reference import (
    MIN_ARTICLES,
    ReferenceAnnex,
    ReferenceArticle,
    ReferenceModel,
    reference_folder,
    reference_yaml,
)
from docgen.model.errors import DocgenError
from docgen.model.records import dumped, validated
from docgen.output import write_atomic

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,30}$")


@dataclass(frozen=True)
class Registered:
    """A reference model just registered, and the file it was written to."""

    model: ReferenceModel
    file: Path

    @property
    def mapped(self) -> int:
        """How many of its articles correspond to a library clause."""
        return sum(1 for a in self.model.articles if a.clause is not None)


def reference_model(path: Path, model_id: str, label: str | None, library: Library, today: dt.date) -> ReferenceModel:
    """The reference model read from the model convention `path` (not written anywhere)."""
    document = build_document(read_draft(path))
    if avenants.is_avenant(document):
        raise DocgenError("ce document est un avenant, pas une convention\u00a0: il ne peut servir de modèle", path)
    article_map = choose_model(document, library)
    base = library.models[article_map.model.id]  # choose_model without a forced id picks a national model
    clause_of = {id(section): clause_id for clause_id, section in article_map.matched.items()}
    if len(clause_of) < MIN_ARTICLES:
        found = {0: "aucun article ne correspond", 1: "un seul article correspond"}.get(
            len(clause_of), f"seuls {len(clause_of)} articles correspondent"
        )
        raise DocgenError(
            f"{found} à une clause de la bibliothèque (il en faut au moins {MIN_ARTICLES})\u00a0: "
            "ce document ne peut servir de modèle de référence",
            path,
        )
    slots = {slot.key: slot for slot in base.annexes}
    key_of = {id(section): key for key, section in map_annexes(document, base).items()}
    return ReferenceModel(
        id=model_id,
        label=label or f"Modèle de référence d'après {path.name}",
        base=base.id,
        source=path.name,
        registered=today,
        articles=[
            ReferenceArticle(
                number=section.number,
                title=section.title,
                clause=clause_of.get(id(section)),
                text=section_text(section),
            )
            for section in document.articles
        ],
        annexes=[
            ReferenceAnnex(
                number=section.number,
                title=section.title,
                key=key_of.get(id(section)),
                mandatory=slots[key_of[id(section)]].mandatory if id(section) in key_of else False,
            )
            for section in document.annexes
        ],
    )


def register(
    path: Path, model_id: str, library: Library, label: str | None = None, today: dt.date | None = None
) -> Registered:
    """Read the model convention `path` and write it as the reference model `model_id`.

    An id already used, by a national model or a registered one, is refused: a registered model
    is never replaced (checks made against it must stay reproducible).
    """
    if not _ID.match(model_id):
        raise DocgenError(
            f"identifiant invalide «\u00a0{model_id}\u00a0» (2 à 31 caractères\u00a0: minuscules, chiffres et tirets, "
            "par exemple «\u00a0caf-57-2020\u00a0»)"
        )
    folder = reference_folder()
    target = folder / f"{model_id}.yaml"
    if model_id in library.models or model_id in library.references or target.exists():
        kind = "un modèle national" if model_id in library.models else f"le modèle de référence enregistré ({target})"
        raise DocgenError(
            f"l'identifiant «\u00a0{model_id}\u00a0» est déjà pris par {kind}\u00a0: choisissez-en un autre "
            "(voir «\u00a0ctg models\u00a0»)",
            path,
        )
    model = reference_model(path, model_id, label, library, today or dt.date.today())
    _readable(model, path)
    write_atomic(target, reference_yaml(model).encode("utf-8"))
    return Registered(model, target)


def _readable(model: ReferenceModel, path: Path) -> None:
    """Refuse a model that `load_library` would not read back (a label too long, a stray character)."""
    from pydantic import ValidationError

    from docgen.data.validation import validation_errors
    from docgen.data.yamlsource import YamlSource

    data = dumped(ReferenceModel, model)
    try:
        validated(ReferenceModel, data)
    except ValidationError as exc:
        raise validation_errors(exc, YamlSource(path, data, {}))[0] from None
