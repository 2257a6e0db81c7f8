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
from pathlib import Path

from pydantic import Field

from docgen.model.errors import DocgenError
from docgen.model.fields import Ident, ModelId, ShortStr, Strict
from docgen.model.frenchtext import date_fr
from docgen.resources import SETTING

FOLDER = "models"  # in a Caf's own library folder
MIN_ARTICLES = 3  # articles that must map to a clause for a file to be a model convention


class ReferenceArticle(Strict):
    """An article of the model convention, as written."""

    number: int | None = Field(None, description="Numéro de l'article dans le modèle.")
    title: str = Field(description="Intitulé de l'article, tel qu'écrit.")
    clause: Ident | None = Field(None, description="Clause de la bibliothèque à laquelle l'article correspond.")
    text: str = Field(description="Texte intégral de l'article.")


class ReferenceAnnex(Strict):
    """An annex of the model convention."""

    number: int | None = None
    title: str
    key: Ident | None = Field(None, description="Annexe du modèle de base à laquelle elle correspond.")
    mandatory: bool = Field(False, description="Repris du modèle de base.")


class ReferenceModel(Strict):
    """A registered reference model."""

    id: ModelId
    label: ShortStr
    base: ModelId = Field(description="Modèle national de la bibliothèque sur lequel il s'appuie.")
    source: ShortStr = Field(description="Nom du fichier d'où il a été lu.")
    registered: dt.date
    articles: list[ReferenceArticle] = Field(min_length=1)
    annexes: list[ReferenceAnnex] = Field(default_factory=list)

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

    return header + dump_yaml(model.model_dump(mode="json"))
