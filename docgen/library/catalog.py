"""The clause library and the national models, read from `clauses/`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import Field, ValidationError

from docgen.data.validation import validation_errors
from docgen.data.yamlsource import load_yaml
from docgen.library.clausetext import template_problems
from docgen.model.errors import DocgenError, DocgenErrors
from docgen.model.territory import Ident, ModelId, ShortStr, Strict
from docgen.resources import resource


class ElementSpec(Strict):
    """An element a compliant version of a clause must contain."""

    id: Ident
    label: ShortStr = Field(description="Ce qui manque, dit en français, ex. « le délai de préavis ».")
    pattern: ShortStr = Field(
        description="Expression régulière cherchée dans le texte normalisé de l'article "
        "(minuscules, sans accents, apostrophes droites, espaces simples)."
    )


class ClauseSpec(Strict):
    """A clause file of the library."""

    id: Ident
    title: ShortStr
    models: list[ModelId] = Field(min_length=1)
    mandatory: bool = True
    aliases: list[ShortStr] = Field(default_factory=list, description="Autres intitulés usuels.")
    text: str = Field(min_length=1)
    elements: list[ElementSpec] = Field(default_factory=list)


class AnnexSpec(Strict):
    """An annex slot of a national model."""

    key: Ident
    title: ShortStr
    mandatory: bool = True
    keywords: list[ShortStr] = Field(
        default_factory=list,
        description="Mots (texte normalisé) qui désignent ce contenu dans une phrase citant l'annexe.",
    )


class ModelSpec(Strict):
    """A national model: article order and annexes."""

    id: ModelId
    label: ShortStr
    title: ShortStr
    visas: Ident
    preamble: Ident
    articles: list[Ident] = Field(min_length=1)
    annexes: list[AnnexSpec] = Field(min_length=1)


class CogAxis(Strict):
    """An axis of a Cog, with its sub-objectives if the Cog details them."""

    title: ShortStr
    items: list[ShortStr] = Field(default_factory=list)


class CogSpec(Strict):
    """A convention d'objectifs et de gestion between the State and the Cnaf."""

    id: ModelId
    start: dt.date
    end: dt.date
    signed: dt.date | None = Field(None, description="Date de signature, si une source la donne.")
    axes: list[CogAxis] = Field(default_factory=list)
    sources: list[ShortStr] = Field(min_length=1)

    @property
    def years(self) -> str:
        """« 2023-2027 »."""
        return f"{self.start.year}-{self.end.year}"


class CogList(Strict):
    cogs: list[CogSpec] = Field(min_length=1)


@dataclass(frozen=True)
class Library:
    """All clauses (by id), national models (by id) and the Cogs (in time order)."""

    clauses: dict[str, ClauseSpec]
    models: dict[str, ModelSpec]
    cogs: tuple[CogSpec, ...] = ()

    def cog_at(self, day: dt.date) -> CogSpec | None:
        """The Cog in force on `day`."""
        return next((c for c in self.cogs if c.start <= day <= c.end), None)

    def cog_after(self, cog: CogSpec) -> CogSpec | None:
        """The Cog that follows `cog`."""
        return next((c for c in self.cogs if c.start > cog.end), None)

    def model(self, model_id: str) -> ModelSpec:
        """The model `model_id`, or a French error listing the known ones."""
        try:
            return self.models[model_id]
        except KeyError:
            known = ", ".join(sorted(self.models))
            raise DocgenError(f"modèle national inconnu «\u00a0{model_id}\u00a0» (connus\u00a0: {known})") from None

    def model_clauses(self, model_id: str) -> list[ClauseSpec]:
        """The clauses of a model's articles, in order (préambule and visas excluded)."""
        model = self.model(model_id)
        return [self.clauses[cid] for cid in model.articles]


def load_library(root: Path | None = None) -> Library:
    """Read and cross-check every clause and model file under `root` (by default, the bundled `clauses/`)."""
    return _load_library((resource("clauses") if root is None else root).resolve())


@cache
def _load_library(root: Path) -> Library:
    errors: list[DocgenError] = []
    clauses: dict[str, ClauseSpec] = {}
    for path in sorted((root / "articles").glob("*.yaml")):
        spec = _parse(path, ClauseSpec, errors)
        if spec is None:
            continue
        if spec.id != path.stem:
            errors.append(DocgenError(f"l'identifiant doit être «\u00a0{path.stem}\u00a0»", path, key="id"))
        for problem in template_problems(spec.text):
            errors.append(DocgenError(problem, path, key="text"))
        for element in spec.elements:
            try:
                re.compile(element.pattern)
            except re.error as exc:
                errors.append(DocgenError(f"expression régulière invalide ({exc})", path, key=f"elements.{element.id}"))
        clauses[spec.id] = spec
    models: dict[str, ModelSpec] = {}
    for path in sorted((root / "models").glob("*.yaml")):
        spec = _parse(path, ModelSpec, errors)
        if spec is None:
            continue
        for key, cid in [("visas", spec.visas), ("preamble", spec.preamble)] + [
            (f"articles[{i}]", c) for i, c in enumerate(spec.articles)
        ]:
            if cid not in clauses:
                errors.append(DocgenError(f"clause inconnue «\u00a0{cid}\u00a0»", path, key=key))
            elif spec.id not in clauses[cid].models:
                errors.append(DocgenError(f"la clause «\u00a0{cid}\u00a0» ne déclare pas ce modèle", path, key=key))
        models[spec.id] = spec
    if not models and not errors:
        errors.append(DocgenError("bibliothèque de clauses introuvable ou vide (aucun fichier models/*.yaml)", root))
    cogs: tuple[CogSpec, ...] = ()
    cog_file = root / "national" / "cog.yaml"
    if cog_file.is_file():
        listed = _parse(cog_file, CogList, errors)
        cogs = tuple(sorted(listed.cogs, key=lambda c: c.start)) if listed else ()
    if errors:
        raise DocgenErrors(errors)
    return Library(clauses, models, cogs)


def _parse(path: Path, cls: type[Strict], errors: list[DocgenError]):
    try:
        source = load_yaml(path)
        return cls.model_validate(source.data)
    except DocgenError as exc:
        errors.append(exc)
    except ValidationError as exc:
        errors.extend(validation_errors(exc, source))
    return None
