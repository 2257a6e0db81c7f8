"""The field types every data schema shares (territory data, the clause library, reference
models): checked text, dates, identifiers, and the strict base model. Kept apart from the
territory models so that reading the library does not build them all."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from docgen.model.frenchtext import text_problem

FIRST_YEAR, LAST_YEAR = 1900, 2100


def _writable(text: str) -> str:
    problem = text_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def _plausible(day: dt.date) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"date hors des années {FIRST_YEAR} à {LAST_YEAR}")
    return day


Writable = AfterValidator(_writable)
Date = Annotated[dt.date, AfterValidator(_plausible)]
Str = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000), Writable]
ShortStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), Writable]
Ident = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9_]{0,30}$")]
ActionNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[^\s].*[0-9A-Za-z]$|^[0-9]$"),
]
ModelId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,30}$")]
Markup = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200_000),
    Writable,
    Field(description="Texte mis en forme (paragraphes, listes « - », **gras**, tableaux)."),
]


class Strict(BaseModel):
    """Base of every schema object: immutable, unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)
