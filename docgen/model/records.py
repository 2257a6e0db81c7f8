"""Records: immutable plain dataclasses that pydantic validates when they are read from a file.

The clause library and the reference models are read from YAML once, then kept in the user's
cache (see `docgen/library/cache.py`); `ctg check` loads them on every run. As pydantic models
they would cost every run pydantic's import (some 80 ms, a sixth of checking a 50-page PDF);
as plain dataclasses they cost nothing, and pydantic is imported only when a file is actually
validated. Their field types are written as in a pydantic model (`Ident`, `ShortStr`,
`Annotated[list[X], Field(min_length=1)]`), named in the annotations only: `validated` resolves
them in `docgen.model.fields`, where they are defined for every schema.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar, cast

T = TypeVar("T")

# the pydantic configuration of every record, as `Strict` gives the territory models
CONFIG = {"extra": "forbid", "str_strip_whitespace": True, "coerce_numbers_to_str": True}


def validated(cls: type[T], data: Any) -> T:
    """`data` (from a YAML file) as a `cls` record; pydantic's ValidationError if it is not one."""
    return cast(T, _adapter(cast(Any, cls)).validate_python(data))


def dumped(cls: type[T], record: T) -> Any:
    """A record as plain data (dates as ISO text), the way `validated` reads it back."""
    return _adapter(cast(Any, cls)).dump_python(record, mode="json")


@cache
def _adapter(cls: Any) -> Any:
    from typing import Annotated

    from pydantic import Field, TypeAdapter

    from docgen.model import fields

    adapter: Any = TypeAdapter(cls)
    adapter.rebuild(force=True, _types_namespace={**vars(fields), "Annotated": Annotated, "Field": Field})
    return adapter
