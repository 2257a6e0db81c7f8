"""Turning schema validation failures into French errors with file, line and key path."""

from __future__ import annotations

import calendar
import difflib
import re
import types
import typing
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from docgen.data.yamlsource import YamlSource, format_keypath
from docgen.model.errors import DocgenError
from docgen.model.frenchtext import MONTHS, join_fr, normalise


def validation_errors(exc: ValidationError, source: YamlSource) -> list[DocgenError]:
    """One DocgenError per pydantic error, in French, located in `source`."""
    out: list[DocgenError] = []
    for err in exc.errors(include_url=False):
        loc = tuple(part for part in err["loc"] if not _is_union_tag(part))
        message = _message(err)
        if err["type"] in _UNKNOWN_KEY and loc and isinstance(loc[-1], str):
            message = _unknown_key(loc[-1], _allowed_keys(exc.title, loc[:-1]))
        out.append(
            DocgenError(
                message,
                source.path,
                source.line_of(loc),
                format_keypath(loc) or None,
            )
        )
    return out


_UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")  # in a model, in a record (docgen/model/records.py)


def _is_union_tag(part: Any) -> bool:
    # pydantic inserts the branch name (e.g. "function-after[...]") for some unions.
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


_BOUNDS = {
    "greater_than_equal": ("au moins", "ge"),
    "less_than_equal": ("au plus", "le"),
    "greater_than": ("plus de", "gt"),
    "less_than": ("moins de", "lt"),
}


def _impossible_date(text: str) -> str | None:
    """« le 31 février 2024 n'existe pas (février 2024 compte 29 jours) » for « 2024-02-31 »."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return f"date impossible «\u00a0{text}\u00a0»\u00a0: il n'y a pas de mois n°\u00a0{month} (format AAAA-MM-JJ)"
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return None
    name = MONTHS[month - 1]
    return (
        f"date impossible «\u00a0{text}\u00a0»\u00a0: le {day} {name} {year} n'existe pas "
        f"({name} {year} compte {days} jours)"
    )


# The French word a user may type for each key (compared without accents).
FRENCH_KEYS = {
    "modele": "model",
    "territoire": "territory",
    "nom": "name",
    "nature": "kind",
    "type": "kind",
    "departement": "department",
    "periode": "period",
    "debut": "start",
    "fin": "end",
    "lieu": "place",
    "parties": "parties",
    "nom_court": "short_name",
    "denomination": "short_name",
    "feminin": "feminine",
    "representants": "representatives",
    "representant": "representatives",
    "civilite": "civility",
    "fonction": "function",
    "autorisation": "authorisation",
    "deliberation": "authorisation",
    "acte": "act",
    "instance": "body",
    "numero": "number",
    "preambule": "preamble",
    "caracteristiques": "characteristics",
    "offre_existante": "existing_offer",
    "domaines_prioritaires": "priority_domains",
    "champs_intervention": "local_fields",
    "objectifs_partages": "shared_objectives",
    "diagnostic": "diagnosis",
    "etat_des_lieux": "diagnosis",
    "equipements": "equipment",
    "annee": "year",
    "plan_actions": "action_plan",
    "plan_d_actions": "action_plan",
    "titre": "title",
    "porteur": "owner",
    "calendrier": "schedule",
    "indicateurs": "indicators",
    "moyens_caf": "caf_means",
    "fiches_actions": "fiches",
    "pilotage": "pilotage",
    "comite_de_pilotage": "steering_committee",
    "membres": "members",
    "presidence": "chair",
    "frequence": "frequency",
    "secretariat": "secretariat",
    "evaluation": "evaluation",
    "etapes": "steps",
    "texte": "text",
    "avenant": "amendment",
    "motif": "reason",
    "prise_d_effet": "effective",
    "autorisations": "authorisations",
    "communes": "communes",
    "annexes": "extra_annexes",
    "ajouts": "additions",
    "textes_articles": "article_texts",
    "textes_annexes": "annex_texts",
    "intitules_articles": "article_titles",
    "intitules_annexes": "annex_titles",
}


def _unknown_key(key: str, allowed: list[str]) -> str:
    """« clé inconnue « departement » ; vouliez-vous dire « department » ? »"""
    folded = re.sub(r"[\s'’-]+", "_", normalise(key))
    guess = FRENCH_KEYS.get(folded)
    if guess not in allowed:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        guess = close[0] if close else None
    if guess is None:
        return f"clé inconnue «\u00a0{key}\u00a0» (vérifier l'orthographe ou la documentation du schéma)"
    return f"clé inconnue «\u00a0{key}\u00a0»\u00a0; vouliez-vous dire «\u00a0{guess}\u00a0»\u00a0?"


def _allowed_keys(title: str, loc: tuple) -> list[str]:
    """The keys the schema allows at `loc` (the path of the mapping holding the unknown key)."""
    from docgen.model.territory import Convention  # the territory models: only for a territory's errors

    annotation: Any = {"Convention": Convention}.get(title)
    for part in loc:
        annotation = _inner(annotation, part)
        if annotation is None:
            return []
    fields = getattr(annotation, "model_fields", None)
    return list(fields) if fields else []


def _inner(annotation: Any, part: Any) -> Any:
    """The type found under `part` (a key or a list index) of `annotation`."""
    for candidate in _alternatives(annotation):
        if isinstance(part, int) and typing.get_origin(candidate) in (list, tuple):
            return next(iter(typing.get_args(candidate)), None)
        fields = getattr(candidate, "model_fields", None)
        if isinstance(part, str) and fields and part in fields:
            return fields[part].annotation
    return None


def _alternatives(annotation: Any) -> list[Any]:
    """`X | None` → [X]; `Annotated[X, …]` → [X]; else [annotation]."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _alternatives(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _alternatives(arg) if a is not type(None)]
    return [annotation]


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    given = err.get("input")
    if kind == "missing" or ("input" in err and given is None):
        return "valeur manquante"
    if kind in _UNKNOWN_KEY:
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
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type", "dataclass_args_type"):
        return "ensemble de clés attendu"
    if kind.startswith("date") or kind.startswith("datetime"):
        return _impossible_date(str(given)) or f"date invalide «\u00a0{given}\u00a0» (format attendu\u00a0: AAAA-MM-JJ)"
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
    if kind == "value_error":  # our own checks (writable text, plausible dates): their message is French
        return str(ctx.get("error", "valeur invalide"))
    return f"valeur invalide ({err.get('msg')})"
