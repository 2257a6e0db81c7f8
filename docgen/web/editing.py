"""A territory's convention.yaml edited in the browser: validated as `ctg build` validates it, then
written atomically, or refused with every problem on its line and key and the file left as it was.

The editor is a `<textarea>` with the schema's top-level keys beside it, and completion from the
schema (`templates/editor.js`: the keys allowed where the caret is, then the values listed for a
key), a small script of this server's own: a JavaScript editor would come from a CDN or be
vendored, and the application must work offline, under its content security policy. Without the
script the text field works the same; the server validates what is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from docgen.build.assemble import assemble
from docgen.data.loading import CONVENTION_FILE, validated
from docgen.data.yamlsource import parse_text
from docgen.inputs import MB, YAML_LIMIT
from docgen.library.catalog import load_library
from docgen.model.errors import DocgenError, DocgenErrors
from docgen.output import write_atomic


@dataclass(frozen=True)
class Problem:
    """One problem of the text sent: its line and key path when known, and the French message."""

    line: int | None
    key: str | None
    message: str

    def __str__(self) -> str:
        where = CONVENTION_FILE + (f":{self.line}" if self.line else "")
        if self.key:
            where += f" {self.key}"
        return f"{where}\u00a0: {self.message}"


def problems_of(exc: DocgenError) -> list[Problem]:
    errors = exc.errors if isinstance(exc, DocgenErrors) else [exc]
    return [Problem(e.line, e.key, e.message) for e in errors]


def read_data(folder: Path) -> str:
    """The text of the territory's convention.yaml (empty if it is missing)."""
    path = folder / CONVENTION_FILE
    try:
        return path.read_bytes()[:YAML_LIMIT].decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def save_data(folder: Path, text: str) -> list[Problem]:
    """Write `text` as the territory's convention.yaml if it loads and assembles as `ctg build`
    loads and assembles it; else its problems, and nothing written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # browsers send a textarea's lines with CRLF
    if text and not text.endswith("\n"):
        text += "\n"
    data = text.encode("utf-8")
    if len(data) > YAML_LIMIT:
        return [Problem(None, None, f"texte trop long (au plus {YAML_LIMIT // MB}\u00a0Mo)")]
    path = folder / CONVENTION_FILE  # the real path: pictures and cover are relative to the folder
    library = load_library()
    try:
        convention = validated(parse_text(text, path), library)
        assemble(convention, library, path)  # what `ctg build` would refuse, refused now
    except DocgenError as exc:
        return problems_of(exc)
    write_atomic(path, data)
    return []


@dataclass(frozen=True)
class Key:
    """A top-level key of convention.yaml, with its French description from the JSON Schema."""

    name: str
    description: str
    required: bool


@cache
def schema_keys() -> tuple[Key, ...]:
    """The schema's top-level keys, in its order, for the editor's side panel."""
    from docgen.data.schema import json_schema

    schema = json_schema()
    definitions = schema.get("$defs", {})
    required = set(schema.get("required", ()))
    keys = []
    for name, prop in schema.get("properties", {}).items():
        description = prop.get("description") or _described(prop, definitions)
        keys.append(Key(name, description, name in required))
    return tuple(keys)


def _described(prop: dict, definitions: dict) -> str:
    """The description of a property given by reference (`$ref`, or the first of `anyOf`)."""
    for option in [prop, prop.get("items", {}), *prop.get("anyOf", ()), *prop.get("allOf", ())]:
        ref = option.get("$ref", "")
        if ref.startswith("#/$defs/"):
            definition = definitions.get(ref.removeprefix("#/$defs/"), {})
            if definition.get("description"):
                return str(definition["description"])
            if definition.get("properties"):  # an object: the keys it holds
                return "clés\u00a0: " + ", ".join(definition["properties"])
    return ""
