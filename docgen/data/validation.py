"""Turning schema validation failures into French errors with file, line and key path."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from docgen.data.yamlsource import YamlSource, format_keypath
from docgen.model.errors import DocgenError
from docgen.model.frenchtext import join_fr


def validation_errors(exc: ValidationError, source: YamlSource) -> list[DocgenError]:
    """One DocgenError per pydantic error, in French, located in `source`."""
    out: list[DocgenError] = []
    for err in exc.errors(include_url=False):
        loc = tuple(part for part in err["loc"] if not _is_union_tag(part))
        out.append(
            DocgenError(
                _message(err),
                source.path,
                source.line_of(loc),
                format_keypath(loc) or None,
            )
        )
    return out


def _is_union_tag(part: Any) -> bool:
    # pydantic inserts the branch name (e.g. "function-after[...]") for some unions.
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


_BOUNDS = {
    "greater_than_equal": ("au moins", "ge"),
    "less_than_equal": ("au plus", "le"),
    "greater_than": ("plus de", "gt"),
    "less_than": ("moins de", "lt"),
}


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    given = err.get("input")
    if kind == "missing" or ("input" in err and given is None):
        return "valeur manquante"
    if kind == "extra_forbidden":
        return "clé inconnue (vérifier l'orthographe ou la documentation du schéma)"
    if kind in ("string_too_short", "too_short"):
        if kind == "too_short" and ctx.get("min_length", 1) > 1:
            return f"au moins {ctx['min_length']} éléments attendus"
        return "valeur vide" if kind == "string_too_short" else "liste vide"
    if kind == "string_too_long":
        return f"texte trop long (au plus {ctx.get('max_length')} caractères)"
    if kind == "too_long":
        return f"au plus {ctx.get('max_length')} éléments attendus"
    if kind == "string_type":
        return "texte attendu"
    if kind in ("list_type",):
        return "liste attendue"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "ensemble de clés attendu"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"date invalide «\u00a0{given}\u00a0» (format attendu\u00a0: AAAA-MM-JJ)"
    if kind.startswith("int") or kind.startswith("float"):
        return "nombre entier attendu"
    if kind.startswith("bool"):
        return "«\u00a0true\u00a0» ou «\u00a0false\u00a0» attendu"
    if kind == "literal_error":
        quoted = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        choices = join_fr((f"«\u00a0{c}\u00a0»" for c in quoted), "ou")
        return f"valeur «\u00a0{given}\u00a0» non admise (valeurs possibles\u00a0: {choices})"
    if kind == "string_pattern_mismatch":
        return f"valeur «\u00a0{given}\u00a0» mal formée"
    if kind in _BOUNDS:
        word, bound = _BOUNDS[kind]
        return f"valeur «\u00a0{given}\u00a0» hors des bornes admises ({word} {ctx.get(bound)})"
    return f"valeur invalide ({err.get('msg')})"
