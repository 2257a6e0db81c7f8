"""Reference models: a Caf's official model convention, registered with `ctg models add`, kept as data.

A reference model is the text of a model convention as the Caf received it (the official Cnaf
wording), article by article, each tied to the library clause it corresponds to, over a base
national model of the library. Checking a draft against it compares the wording strictly; the
base model still gives the article and annex slots, and the library clauses the elements every
article must contain.

Registered models live in a Caf's own folder: `models/` under the folder named by `CTG_LIBRARY`,
or else the user's data folder (`$XDG_DATA_HOME/ctg/models`, by default `~/.local/share/ctg/models`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from docgen.model.errors import DocgenError
from docgen.model.frenchtext import date_fr
from docgen.model.records import CONFIG, dumped
from docgen.resources import SETTING

if TYPE_CHECKING:  # the field types, resolved when a file is validated (see docgen/model/records.py)
    from pydantic import Field

    from docgen.model.fields import Ident, ModelId, ShortStr

FOLDER = "models"  # in a Caf's own library folder
MIN_ARTICLES = 3  # articles that must map to a clause for a file to be a model convention


@dataclass(frozen=True, kw_only=True)
class ReferenceArticle:
    """An article of the model convention, as written."""

    __pydantic_config__ = CONFIG

    number: Annotated[int | None, Field(description="Numéro de l'article dans le modèle.")] = None
    title: Annotated[str, Field(description="Intitulé de l'article, tel qu'écrit.")]
    clause: Annotated[Ident | None, Field(description="Clause de la bibliothèque à laquelle l'article correspond.")] = (
        None
    )
    text: Annotated[str, Field(description="Texte intégral de l'article.")]


@dataclass(frozen=True, kw_only=True)
class ReferenceAnnex:
    """An annex of the model convention."""

    __pydantic_config__ = CONFIG

    number: int | None = None
    title: str
    key: Annotated[Ident | None, Field(description="Annexe du modèle de base à laquelle elle correspond.")] = None
    mandatory: Annotated[bool, Field(description="Repris du modèle de base.")] = False


@dataclass(frozen=True, kw_only=True)
class ReferenceModel:
    """A registered reference model."""

    __pydantic_config__ = CONFIG

    id: ModelId
    label: ShortStr
    base: Annotated[ModelId, Field(description="Modèle national de la bibliothèque sur lequel il s'appuie.")]
    source: Annotated[ShortStr, Field(description="Nom du fichier d'où il a été lu.")]
    registered: dt.date
    articles: Annotated[list[ReferenceArticle], Field(min_length=1)]
    annexes: list[ReferenceAnnex] = field(default_factory=list)

    @property
    def origin(self) -> str:
        """« modèle de référence enregistré, d'après FICHIER, le DATE »."""
        return f"modèle de référence enregistré, d'après {self.source}, le {date_fr(self.registered)}"

    def article(self, clause_id: str) -> ReferenceArticle | None:
        """The article that corresponds to `clause_id`, if the model has one."""
        return next((a for a in self.articles if a.clause == clause_id), None)

    def annex_title(self, key: str) -> str | None:
        """The model's own title of the annex in slot `key`, if it has one."""
        return next((a.title for a in self.annexes if a.key == key), None)


def reference_folder() -> Path:
    """Where registered reference models are kept (see the module docstring)."""
    own = os.environ.get(SETTING)
    if own:
        folder = Path(own).expanduser()
        if not folder.is_dir():
            raise DocgenError(f"dossier de bibliothèque introuvable (réglage {SETTING})", folder)
        return folder / FOLDER
    data_home = os.environ.get("XDG_DATA_HOME") or ""
    base = Path(data_home).expanduser() if os.path.isabs(data_home) else Path.home() / ".local" / "share"
    return base / "ctg" / FOLDER


def reference_files(folder: Path) -> list[Path]:
    """The reference model files of `folder`, sorted (none if the folder does not exist)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if p.is_file() and not p.name.startswith("."))


def reference_yaml(model: ReferenceModel) -> str:
    """The YAML text of a reference model, as `load_library` reads it back."""
    header = (
        f"# Modèle de référence «\u00a0{model.id}\u00a0» ({model.origin}).\n"
        "# Enregistré par «\u00a0ctg models add\u00a0»\u00a0: le texte de chaque article est celui du modèle.\n"
    )
    from docgen.data.yamlsource import dump_yaml  # only to write one: reading the library stays light

    return header + dump_yaml(dumped(ReferenceModel, model))
