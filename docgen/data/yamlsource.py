"""Reading YAML files safely, keeping the line of every key for error messages."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.inputs import YAML_LIMIT, read_input
from docgen.model.errors import DocgenError

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlSource:
    """A parsed YAML document with the line (1-based) where each key path starts."""

    path: Path
    data: Any
    lines: dict[KeyPath, int]
    decimals: dict[KeyPath, str] = field(default_factory=dict)  # plain numbers YAML read as floats: their text

    def line_of(self, keypath: KeyPath) -> int | None:
        """The line of `keypath`, or of its nearest ancestor that has one."""
        for end in range(len(keypath), -1, -1):
            line = self.lines.get(tuple(keypath[:end]))
            if line is not None:
                return line
        return None


def format_keypath(keypath: KeyPath) -> str:
    """``('parties', 1, 'name')`` → ``parties[1].name``."""
    out = ""
    for part in keypath:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_yaml(path: Path) -> YamlSource:
    """Parse `path` with the safe loader; reject aliases, huge files and syntax errors in French."""
    raw = read_input(path, YAML_LIMIT, "un fichier de données")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocgenError(f"le fichier n'est pas encodé en UTF-8 (octet {exc.start})", path) from None
    return parse_text(text, path)


def parse_text(text: str, path: Path) -> YamlSource:
    """Parse YAML `text` (read from `path`, named in errors) with its key lines."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = f", colonne {mark.column + 1}" if mark else ""
        problem = _french_problem(exc.problem or exc.context or "")
        raise DocgenError(f"YAML mal formé ({problem}{column})", path, line) from None
    except yaml.YAMLError:
        raise DocgenError("YAML mal formé (syntaxe YAML invalide)", path) from None
    if node is None:
        raise DocgenError("le fichier est vide", path, 1)
    lines: dict[KeyPath, int] = {}
    decimals: dict[KeyPath, str] = {}
    data = _convert(node, (), lines, path, yaml.SafeLoader(""), set(), decimals)
    return YamlSource(path, data, lines, decimals)


# libyaml's composer when available (ten times faster); aliases are refused while converting.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_PROBLEMS = {
    "could not find expected ':'": "«\u00a0:\u00a0» attendu",
    "mapping values are not allowed here": "valeur inattendue à cet endroit, indentation ou «\u00a0:\u00a0» en trop",
    "found character '\\t' that cannot start any token": "tabulation interdite, utiliser des espaces",
    "found character that cannot start any token": (
        "caractère interdit à cet endroit (tabulation\u00a0? utiliser des espaces)"
    ),
    "expected <block end>, but found '-'": "élément de liste mal indenté",
    "found undefined alias": "alias non défini",
    "did not find expected": "délimiteur attendu manquant (crochet, accolade ou guillemet non fermé\u00a0?)",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé\u00a0?)",
    # libyaml's wording of the same problems
    "found a tab character that violates indentation": "tabulation interdite dans l'indentation, utiliser des espaces",
    "found a tab character where an indentation space is expected": (
        "tabulation interdite dans l'indentation, utiliser des espaces"
    ),
    "mapping values are not allowed in this context": (
        "valeur inattendue à cet endroit, indentation ou «\u00a0:\u00a0» en trop"
    ),
    "found unknown escape character": "séquence d'échappement inconnue entre guillemets",
    "found unexpected ':'": "«\u00a0:\u00a0» inattendu (mettre la valeur entre guillemets)",
    "control characters are not allowed": "caractère de contrôle interdit",
    "found duplicate anchor": "ancre YAML en double",
    "found undefined anchor": "alias non défini",
    "block sequence entries are not allowed in this context": "élément de liste «\u00a0-\u00a0» mal placé",
}


def _french_problem(problem: str) -> str:
    """The French reading of a YAML parser's problem; never its English."""
    for english, french in _PROBLEMS.items():
        if problem.startswith(english):
            return french
    if problem.startswith(("expected", "did not find")):
        return "structure inattendue, vérifier l'indentation et les délimiteurs"
    if "duplicate" in problem:
        return "clé en double"
    if "unacceptable character" in problem or "special characters are not allowed" in problem:
        return "caractère interdit dans un fichier YAML"
    return "syntaxe YAML invalide"


_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


def _convert(
    node: yaml.Node,
    keypath: KeyPath,
    lines: dict[KeyPath, int],
    path: Path,
    scalars: yaml.SafeLoader,
    seen: set[int],
    decimals: dict[KeyPath, str],
) -> Any:
    lines.setdefault(keypath, node.start_mark.line + 1)
    if node.tag not in _STANDARD_TAGS:
        raise DocgenError(
            f"étiquette YAML non autorisée «\u00a0{node.tag}\u00a0»",
            path,
            node.start_mark.line + 1,
            format_keypath(keypath),
        )
    # An alias makes the composer reuse a node: refusing it prevents exponential expansion.
    if id(node) in seen:
        raise DocgenError("alias YAML non autorisé (recopier la valeur)", path, lines[keypath], format_keypath(keypath))
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise DocgenError("clé non textuelle", path, key_node.start_mark.line + 1, format_keypath(keypath))
            key = key_node.value
            if key in out:
                raise DocgenError(
                    f"clé «\u00a0{key}\u00a0» en double",
                    path,
                    key_node.start_mark.line + 1,
                    format_keypath(keypath),
                )
            child = (*keypath, key)
            lines[child] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, child, lines, path, scalars, seen, decimals)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*keypath, index), lines, path, scalars, seen, decimals)
            for index, item in enumerate(node.value)
        ]
    try:
        value = scalars.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        if node.tag.endswith(":timestamp"):
            return node.value  # an impossible date: the schema says which, with the file's other errors
        raise DocgenError(
            f"valeur illisible ({exc})", path, node.start_mark.line + 1, format_keypath(keypath)
        ) from None
    plain_float = isinstance(value, float) and isinstance(node, yaml.ScalarNode) and not node.style
    if plain_float and (not math.isfinite(value) or node.value != str(value)):
        decimals[keypath] = node.value
    return value


class _NoAliases(yaml.SafeDumper):
    """Writes a value used twice (the same date or mapping) twice: `load_yaml` refuses aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any) -> str:
    """YAML text that `load_yaml` reads back: no aliases, keys in their order, accents as written."""
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
