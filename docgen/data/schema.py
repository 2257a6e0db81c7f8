"""The JSON Schema of territory files, published for editor completion."""

from __future__ import annotations

import json
from pathlib import Path

from docgen.model.frenchtext import spaced
from docgen.model.territory import Convention

# Written by `ctg schema` in the working folder, where territory files link to it as ../../schema/.
SCHEMA_FILE = Path("schema") / "convention.schema.json"


def json_schema() -> dict:
    """JSON Schema (draft 2020-12) of `convention.yaml`, with French descriptions."""
    schema = Convention.model_json_schema()
    _strip_generated(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Données d'un territoire pour une convention territoriale globale"
    return schema


def schema_text() -> str:
    """The schema as written to `schema/convention.schema.json`."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _strip_generated(node: object) -> None:
    """Drop the English titles and class docstrings pydantic adds; keep the French descriptions,
    their spaces made non-breaking where French typography has them (they are shown as help)."""
    if isinstance(node, dict):
        node.pop("title", None)
        if "properties" in node:  # an object: its description is an English class docstring
            node.pop("description", None)
        elif isinstance(node.get("description"), str):
            node["description"] = spaced(node["description"])
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for prop in value.values():
                    _strip_generated(prop)
            else:
                _strip_generated(value)
    elif isinstance(node, list):
        for item in node:
            _strip_generated(item)
