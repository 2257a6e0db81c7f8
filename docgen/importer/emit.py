"""The `convention.yaml` an import writes: the data, each part with a comment saying where in the
signed document it was read, and « à vérifier » comments where a person must look."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from docgen.data.yamlsource import KeyPath, YamlSource, parse_text
from docgen.model.frenchtext import date_fr

# libyaml's emitter when PyYAML has it: fifty times faster than the pure-Python one on long texts.
_Base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):
    """Block scalars for texts of several lines, no aliases, one value per line."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip("\n") or value.endswith("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _line(source: YamlSource, keypath: KeyPath, data: Any) -> int | None:
    """The line where `keypath` starts (a list entry: its first key)."""
    node = data
    for part in keypath:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(node, dict) and node and keypath not in source.lines:
        return source.lines.get((*keypath, next(iter(node))))
    return source.lines.get(keypath)


def imported_yaml(
    data: dict[str, Any],
    sources: dict[KeyPath, str],
    to_check: list[tuple[KeyPath, str]],
    origin: str,
    sha256: str,
    today: dt.date,
) -> str:
    """YAML text of imported data with the comments of its import."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    source = parse_text(body, Path("convention.yaml"))
    notes: dict[int, list[str]] = {}
    loose: list[str] = []
    for keypath, where in sources.items():
        line = _line(source, keypath, data)
        if line is not None:
            notes.setdefault(line, []).append(f"source\u00a0: {where}")
    for keypath, message in to_check:
        line = _line(source, keypath, data)
        if line is None:
            loose.append(message)
        else:
            notes.setdefault(line, []).append(f"à vérifier\u00a0: {message}")
    header = [
        "# yaml-language-server: $schema=../../schema/convention.schema.json",
        f"# Données importées par « ctg import » le {date_fr(today)} depuis « {origin} »",
        f"# (SHA-256 {sha256}).",
        "# Chaque partie porte en commentaire l'endroit du document où elle a été lue ;",
        "# « à vérifier » signale ce qu'une personne doit relire avant de s'en servir.",
    ]
    header += [f"# à vérifier\u00a0: {message}" for message in loose]
    out = [*header, ""]
    for number, text in enumerate(body.splitlines(), start=1):
        indent = text[: len(text) - len(text.lstrip(" "))]
        if not indent and number > 1 and not text.startswith("- "):
            out.append("")  # a blank line before each top-level key
        out.extend(f"{indent}# {note}" for note in notes.get(number, []))
        out.append(text)
    return "\n".join(out) + "\n"
