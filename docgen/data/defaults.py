"""What the tool can know so that the user need not type it, filled in before validation.

- the Caf's name and short name, from the département (« la Caisse d'allocations familiales
  du Cher », « la Caf »);
- the deciding body of each act, from the party's kind (« conseil municipal » for a commune,
  « conseil communautaire » for an EPCI, « conseil d'administration » for a Caf or a CCAS…);
- the members of the steering committee: for each party, its representatives (« le maire »);
- the evaluation annex: the model's standard text.

Each default applies only where the data leave the value out; a value given is kept. The
defaults are visible in the built document, and listed in the comments of `ctg new`.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from docgen.data.yamlsource import load_yaml
from docgen.model.frenchtext import normalise
from docgen.resources import resource

DEPARTEMENTS = "clauses/national/departements.yaml"
BODIES = {
    "commune": "conseil municipal",
    "epci": "conseil communautaire",
    "ccas": "conseil d'administration",
    "caf": "conseil d'administration",
    "msa": "conseil d'administration",
    "departement": "conseil départemental",
}
CAF_SHORT_NAME = "la Caf"
EVALUATION_TEXT = (
    "L'évaluation mesure ce que la convention apporte aux familles du territoire et aux pratiques des acteurs. "
    "Chaque action fait l'objet d'un bilan annuel au regard des résultats attendus et des indicateurs fixés dans le "
    "plan d'actions, présenté au comité de pilotage. Avant l'échéance de la convention, les parties dressent un "
    "bilan final qui prépare son renouvellement."
)


@cache
def departements() -> dict[str, tuple[str, str]]:
    """Comparison form of each département's name and code → (name, « de » form)."""
    rows = load_yaml(resource(DEPARTEMENTS)).data["departements"]
    table: dict[str, tuple[str, str]] = {}
    for row in rows:
        table[normalise(row["name"])] = (row["name"], row["of"])
        table[normalise(row["code"])] = (row["name"], row["of"])
    return table


def departement(name: str) -> tuple[str, str] | None:
    """(official name, « de » form) of a département given by name or code, if known."""
    return departements().get(normalise(name).replace("departement du ", "").replace("departement de ", ""))


def caf_name(department: str) -> str | None:
    """« la Caisse d'allocations familiales du Cher » for « Cher », or None if unknown."""
    found = departement(department)
    return f"la Caisse d'allocations familiales {found[1]}" if found else None


def _as_member(representative: Any) -> str | None:
    if not isinstance(representative, dict) or not isinstance(representative.get("function"), str):
        return None
    article = "la" if representative.get("civility") == "Madame" else "le"
    function = representative["function"]
    return f"{article} {function[:1].lower() + function[1:]}"


def with_defaults(data: Any) -> Any:
    """A copy of the raw territory data with the defaults filled in (left as is when not a mapping)."""
    if not isinstance(data, dict):
        return data
    data = copy.deepcopy(data)
    territory = data.get("territory") if isinstance(data.get("territory"), dict) else {}
    parties = (
        [p for p in data.get("parties") or [] if isinstance(p, dict)] if isinstance(data.get("parties"), list) else []
    )
    kinds = {p.get("id"): p.get("kind") for p in parties}
    for party in parties:
        if party.get("kind") == "caf":
            department = territory.get("department")
            if "name" not in party and isinstance(department, str) and caf_name(department):
                party["name"] = caf_name(department)
            party.setdefault("short_name", CAF_SHORT_NAME)
        _fill_body(party.get("authorisation"), party.get("kind"))
    amendment = data.get("amendment")
    if isinstance(amendment, dict) and isinstance(amendment.get("authorisations"), list):
        for act in amendment["authorisations"]:
            if isinstance(act, dict):
                _fill_body(act, kinds.get(act.get("party")))
    pilotage = data.get("pilotage")
    committee = pilotage.get("steering_committee") if isinstance(pilotage, dict) else None
    if isinstance(committee, dict) and "members" not in committee:
        committee["members"] = [
            {"party": p.get("id"), "members": members}
            for p in parties
            if (members := [m for r in p.get("representatives") or [] if (m := _as_member(r))])
        ]
    if "evaluation" not in data:
        data["evaluation"] = {"text": EVALUATION_TEXT}
    return data


def _fill_body(act: Any, kind: Any) -> None:
    if isinstance(act, dict) and "body" not in act and kind in BODIES:
        act["body"] = BODIES[kind]
