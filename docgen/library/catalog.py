"""The clause library and the national models, read from `clauses/`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from docgen.library import cache as library_cache
from docgen.library.reference import ReferenceModel, reference_files, reference_folder
from docgen.model.errors import DocgenError, DocgenErrors
from docgen.model.records import CONFIG, validated
from docgen.resources import resource

if TYPE_CHECKING:  # the field types, resolved when a file is validated (see docgen/model/records.py)
    from pydantic import Field

    from docgen.model.fields import Ident, ModelId, ShortStr


@dataclass(frozen=True, kw_only=True)
class ElementSpec:
    """An element a compliant version of a clause must contain."""

    __pydantic_config__ = CONFIG

    id: Ident
    label: Annotated[ShortStr, Field(description="Ce qui manque, dit en français, ex. « le délai de préavis ».")]
    pattern: Annotated[
        ShortStr,
        Field(
            description="Expression régulière cherchée dans le texte normalisé de l'article "
            "(minuscules, sans accents, apostrophes droites, espaces simples)."
        ),
    ]


@dataclass(frozen=True, kw_only=True)
class ClauseSpec:
    """A clause file of the library."""

    __pydantic_config__ = CONFIG

    id: Ident
    title: ShortStr
    models: Annotated[list[ModelId], Field(min_length=1)]
    mandatory: bool = True
    aliases: Annotated[list[ShortStr], Field(description="Autres intitulés usuels.")] = field(default_factory=list)
    text: Annotated[str, Field(min_length=1)]
    elements: list[ElementSpec] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class AnnexSpec:
    """An annex slot of a national model."""

    __pydantic_config__ = CONFIG

    key: Ident
    title: ShortStr
    mandatory: bool = True
    keywords: Annotated[
        list[ShortStr],
        Field(description="Mots (texte normalisé) qui désignent ce contenu dans une phrase citant l'annexe."),
    ] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class ModelSpec:
    """A national model: article order and annexes."""

    __pydantic_config__ = CONFIG

    id: ModelId
    label: ShortStr
    title: ShortStr
    visas: Ident
    preamble: Ident
    articles: Annotated[list[Ident], Field(min_length=1)]
    annexes: Annotated[list[AnnexSpec], Field(min_length=1)]


@dataclass(frozen=True, kw_only=True)
class CogAxis:
    """An axis of a Cog, with its sub-objectives if the Cog details them."""

    __pydantic_config__ = CONFIG

    title: ShortStr
    items: list[ShortStr] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class CogSpec:
    """A convention d'objectifs et de gestion between the State and the Cnaf."""

    __pydantic_config__ = CONFIG

    id: ModelId
    start: dt.date
    end: dt.date
    signed: Annotated[dt.date | None, Field(description="Date de signature, si une source la donne.")] = None
    axes: list[CogAxis] = field(default_factory=list)
    sources: Annotated[list[ShortStr], Field(min_length=1)]

    @property
    def years(self) -> str:
        """« 2023-2027 »."""
        return f"{self.start.year}-{self.end.year}"


@dataclass(frozen=True, kw_only=True)
class CogList:
    __pydantic_config__ = CONFIG

    cogs: Annotated[list[CogSpec], Field(min_length=1)]


@dataclass(frozen=True)
class Library:
    """All clauses (by id), national models (by id), the Cogs (in time order) and the registered reference models."""

    clauses: dict[str, ClauseSpec]
    models: dict[str, ModelSpec]
    cogs: tuple[CogSpec, ...] = ()
    references: dict[str, ReferenceModel] = field(default_factory=dict)  # by id, see docgen/library/reference.py
    # The clause texts compiled by Jinja2 once, when the files are read, and kept with the cached
    # library: `clausetext.compiled` by `clausetext.text_key` of each text (marshalled bytecode).
    compiled: dict[str, bytes] = field(default_factory=dict)

    def cog_at(self, day: dt.date) -> CogSpec | None:
        """The Cog in force on `day`."""
        return next((c for c in self.cogs if c.start <= day <= c.end), None)

    def cog_after(self, cog: CogSpec) -> CogSpec | None:
        """The Cog that follows `cog`."""
        return next((c for c in self.cogs if c.start > cog.end), None)

    def model(self, model_id: str) -> ModelSpec:
        """The model `model_id`, or a French error listing the known ones.

        A registered reference model is seen through its base national model: the base's articles
        and annex slots, under the reference model's id, label and annex titles.
        """
        if model_id in self.references:
            return _seen_through_base(self.references[model_id], self.models[self.references[model_id].base])
        try:
            return self.models[model_id]
        except KeyError:
            known = ", ".join(sorted(self.models))
            registered = ", ".join(sorted(self.references))
            also = f"\u00a0; modèles de référence enregistrés\u00a0: {registered}" if registered else ""
            raise DocgenError(
                f"modèle national inconnu «\u00a0{model_id}\u00a0» (connus\u00a0: {known}{also})"
            ) from None

    def model_clauses(self, model_id: str) -> list[ClauseSpec]:
        """The clauses of a model's articles, in order (préambule and visas excluded)."""
        model = self.model(model_id)
        return [self.clauses[cid] for cid in model.articles]


def load_library(root: Path | None = None) -> Library:
    """Read and cross-check every clause and model file under `root`.

    By default, the clauses of `resource("clauses")` (the bundled `clauses/` or a Caf's own) and
    the reference models registered in `reference_folder()`; an explicit `root` has no registered
    models.
    """
    if root is not None:
        return _load_library(root.resolve())
    folder = reference_folder()
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in reference_files(folder))
    return _with_references(resource("clauses").resolve(), folder, stamp)


@cache
def _with_references(root: Path, folder: Path, stamp: tuple) -> Library:
    # `stamp` (names, times and sizes of the files) is part of the cache key: a model registered
    # in this process (by `ctg models add`, or a test) is seen by the next load
    library = _load_library(root)
    if not stamp:
        return library
    errors: list[DocgenError] = []
    references: dict[str, ReferenceModel] = {}
    for path in reference_files(folder):
        spec = _parse(path, ReferenceModel, errors)
        if spec is not None and _reference_fits(spec, path, library, errors):
            references[spec.id] = spec
    if errors:
        raise DocgenErrors(errors)
    return replace(library, references=references)


def _reference_fits(spec: ReferenceModel, path: Path, library: Library, errors: list[DocgenError]) -> bool:
    """Whether a reference model file agrees with the library (errors are appended)."""
    before = len(errors)
    if spec.id != path.stem:
        errors.append(DocgenError(f"l'identifiant doit être «\u00a0{path.stem}\u00a0»", path, key="id"))
    if spec.id in library.models:
        errors.append(
            DocgenError(f"«\u00a0{spec.id}\u00a0» est déjà l'identifiant d'un modèle national", path, key="id")
        )
    base = library.models.get(spec.base)
    if base is None:
        known = ", ".join(sorted(library.models))
        errors.append(
            DocgenError(f"modèle national inconnu «\u00a0{spec.base}\u00a0» (connus\u00a0: {known})", path, key="base")
        )
        return False
    for i, article in enumerate(spec.articles):
        if article.clause is not None and article.clause not in base.articles:
            errors.append(
                DocgenError(
                    f"la clause «\u00a0{article.clause}\u00a0» n'est pas un article du modèle {base.id}",
                    path,
                    key=f"articles[{i}].clause",
                )
            )
    slots = {a.key for a in base.annexes}
    for i, annex in enumerate(spec.annexes):
        if annex.key is not None and annex.key not in slots:
            errors.append(
                DocgenError(
                    f"annexe «\u00a0{annex.key}\u00a0» inconnue du modèle {base.id}", path, key=f"annexes[{i}].key"
                )
            )
    return len(errors) == before


def _seen_through_base(reference: ReferenceModel, base: ModelSpec) -> ModelSpec:
    """The base model's slots under the reference model's id, label and annex titles."""
    annexes = [replace(a, title=reference.annex_title(a.key) or a.title) for a in base.annexes]
    return replace(base, id=reference.id, label=reference.label, annexes=annexes)


@cache
def _load_library(root: Path) -> Library:
    stamp = library_cache.key(root)
    library = library_cache.read(stamp)
    if not isinstance(library, Library):
        library = _read_library(root)
        library_cache.write(stamp, library)
    return library


def _read_library(root: Path) -> Library:
    from docgen.library.clausetext import compiled, template_problems  # jinja2: only when the files are read

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
    return Library(clauses, models, cogs, compiled=compiled([c.text for c in clauses.values()]))


def _parse(path: Path, cls: type, errors: list[DocgenError]):
    from pydantic import ValidationError

    from docgen.data.validation import validation_errors
    from docgen.data.yamlsource import load_yaml

    try:
        source = load_yaml(path)
        return validated(cls, source.data)
    except DocgenError as exc:
        errors.append(exc)
    except ValidationError as exc:
        errors.extend(validation_errors(exc, source))
    return None
