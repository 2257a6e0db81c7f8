"""Parties, their representatives and authorisations, and the signature, read back from a draft.

The party blocks are those the checker reads (`check/parties.py`); here each becomes territory
data: kind and id from the name, the people with their civility and function, the act that
authorises the signature.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from docgen.check.parties import PERSON_RE
from docgen.check.rules.consistency import DATE_RE, parse_date
from docgen.data.defaults import CAF_SHORT_NAME, departements
from docgen.importer.markup import plain
from docgen.model.frenchtext import is_feminine, normalise
from docgen.model.tree import PartyBlock, SignatureBlock

_KINDS = (
    ("caf", r"caisse (?:d'|des |d )allocations familiales|^(?:la |le )?caf\b"),
    ("ccas", r"centre (?:communal|intercommunal) d.action sociale|\bc[ci]as\b"),
    ("msa", r"mutualite sociale agricole|\bmsa\b"),
    ("departement", r"\bdepartement\b|conseil departemental"),
    ("etat", r"\bprefe[ct]|\betat\b"),
    ("epci", r"communaute|metropole|agglomeration|syndicat|sivom|sivu|\bpetr\b|\bepci\b|intercommunal"),
    ("commune", r"\bcommune\b|\bville\b|\bmairie\b"),
)
_FUNCTION = re.compile(r"\bpar\s+(?:son|sa|leur|le|la|l['’]|les)\s*(.+?)\s*,?\s*$", re.IGNORECASE)
_ACT = re.compile(
    r"\bpar\s+(?:la\s+|une\s+)?(d[ée]lib[ée]ration|d[ée]cision)"
    r"(?:\s+n°\s*([^\s,]+))?"
    r"\s+(?:du|de la|de l['’]|de son|de sa)\s+(.+?)"
    r"(?:\s+(?:du|en date du|le)\s+(?=(?:1er|\d|x))|\s*[,;.]|\s*$)",
    re.IGNORECASE,
)
_CIVILITY = {"m": "Monsieur", "f": "Madame"}


def party_kind(name: str) -> str:
    """The kind of party a name designates (« autre » when nothing tells)."""
    folded = normalise(name)
    return next((kind for kind, pattern in _KINDS if re.search(pattern, folded)), "autre")


def in_sentence(name: str) -> str:
    """« La commune de Metz » as data hold it, with its article in lower case."""
    return re.sub(r"^(La|Le|Les|L')(?=\s|'|\w)", lambda m: m.group(1).lower(), plain(name))


def representatives(text: str) -> list[dict[str, str]]:
    """The people a representation names (« par son maire, Monsieur X, et par … »)."""
    out = []
    position = 0
    for match in PERSON_RE.finditer(text):
        before = text[position : match.start()]
        position = match.end()
        civility = normalise(match.group(1)).rstrip(".")
        gender = "f" if civility in ("madame", "mme", "mmes", "mademoiselle", "mlle") else "m"
        function = _FUNCTION.search(before.split(" et ")[-1] if " et par " in before else before)
        out.append(
            {
                "civility": _CIVILITY[gender],
                "name": plain(match.group(2)),
                "function": plain(function.group(1)) if function else "",
            }
        )
    return out


def authorisation(text: str) -> dict[str, Any] | None:
    """The act that authorises a party to sign, as its representation cites it (without its date
    when the draft leaves it blank)."""
    match = _ACT.search(text)
    if not match:
        return None
    act = "délibération" if normalise(match.group(1)).startswith("deliberation") else "décision"
    found: dict[str, Any] = {"act": act, "body": plain(match.group(3))}
    day = parse_date(text[match.end() :][:40])
    if day is not None:
        found["date"] = day
    if match.group(2):
        found["number"] = plain(match.group(2))
    return found


_ANNEXED = re.compile(
    r"^(d[ée]lib[ée]ration|d[ée]cision)(?:\s+n°\s*([^\s,]+))?\s+(?:du|de la|de l['’])\s+"
    r"(conseil (?:municipal|communautaire|d['’]administration|d[ée]partemental|d['’]agglom[ée]ration|syndical)"
    r"|bureau(?: communautaire)?|commission permanente)\b",
    re.IGNORECASE,
)


def annexed_act(title: str) -> dict[str, Any] | None:
    """The act an annex attaches, from its title, if dated."""
    match = _ANNEXED.match(plain(title))
    day = parse_date(title) if match else None
    if match is None or day is None:
        return None
    act = "délibération" if normalise(match.group(1)).startswith("deliberation") else "décision"
    found: dict[str, Any] = {"act": act, "body": match.group(3).lower(), "date": day}
    if match.group(2):
        found["number"] = match.group(2)
    return found


def parties(blocks: tuple[PartyBlock, ...]) -> list[dict[str, Any]]:
    """Each party block as territory data, ids unique (« commune », « commune_2 »…)."""
    out: list[dict[str, Any]] = []
    taken: dict[str, int] = {}
    for block in blocks:
        name = in_sentence(block.name)
        kind = party_kind(name)
        taken[kind] = taken.get(kind, 0) + 1
        party: dict[str, Any] = {
            "id": kind if taken[kind] == 1 else f"{kind}_{taken[kind]}",
            "kind": kind,
            "name": name,
            "short_name": plain(block.short_name) or (CAF_SHORT_NAME if kind == "caf" else name),
        }
        guessed = is_feminine(name)
        if guessed is not None and guessed != block.feminine:
            party["feminine"] = block.feminine
        elif guessed is None and not block.feminine:
            party["feminine"] = False
        party["representatives"] = representatives(block.representation)
        act = authorisation(block.representation)
        if act:
            party["authorisation"] = act
        out.append(party)
    return out


def department_of(caf_name: str) -> str | None:
    """The département of « la Caisse d'allocations familiales du Loiret »: « Loiret »."""
    folded = normalise(caf_name)
    names = {name for name, _ in departements().values()}
    found = [name for name in names if re.search(rf"\b{re.escape(normalise(name))}$", folded)]
    return max(found, key=len) if found else None


def signature(block: SignatureBlock | None) -> dict[str, Any] | None:
    """Place and date of the « Fait à …, le … » line."""
    if block is None:
        return None
    line = block.text.split(" Pour ")[0]
    day: dt.date | None = parse_date(line) if DATE_RE.search(normalise(line)) else None
    if not block.place or day is None:
        return None
    return {"place": plain(block.place), "date": day}
