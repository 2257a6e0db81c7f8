"""Editing a territory's YAML in tests the way a user would: load, change, write back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from docgen.data.yamlsource import dump_yaml


def dump(data: Any) -> str:
    """YAML text without aliases, keys in their order (as docgen writes it)."""
    return dump_yaml(data)


def edit(path: Path, change: Callable[[Any], None]) -> None:
    """Apply `change` to the data of the YAML file `path`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(dump(data), encoding="utf-8")


def add_amendment(
    data: dict, reason: str, effective: dt.date, signed: dt.date, place: str = "Orléans", acts_on: dt.date | None = None
) -> None:
    """Describe the pending avenant in `data`: each party that was authorised to sign the
    convention gets its own act for the avenant, voted on `acts_on` (a week before its signature)."""
    acts = [
        {
            "party": party["id"],
            "act": party["authorisation"]["act"],
            "body": party["authorisation"]["body"],
            "date": acts_on or signed - dt.timedelta(days=7),
            "number": f"{signed.year}-{party['id']}",
        }
        for party in data["parties"]
        if party.get("authorisation")
    ]
    data["amendment"] = {
        "reason": reason,
        "effective": effective,
        "signature": {"place": place, "date": signed},
        "authorisations": acts,
    }
