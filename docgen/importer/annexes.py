"""The other annexes read back from a draft: état des lieux, equipment, pilotage, evaluation,
earlier data-exchange agreements. Each reader returns the data key's value, or None when the
annex does not follow the model's layout (its content is then kept whole, see
`importer/convention.py`)."""

from __future__ import annotations

import re
from typing import Any

from docgen.check.rules.consistency import parse_date
from docgen.importer.articles import b_text, items, parts
from docgen.importer.markup import item_text, plain, to_markup
from docgen.model.frenchtext import cap, normalise
from docgen.model.tree import Block, BulletList, Paragraph, Table


def diagnosis(blocks: tuple[Block, ...]) -> dict[str, Any] | None:
    head, titled = parts(blocks)
    if not head and not titled:
        return None
    found: dict[str, Any] = {"summary": to_markup(head)}
    found["sections"] = [{"title": plain(title), "text": to_markup(under)} for title, under in titled if under]
    if not found["summary"].strip() or len(found["sections"]) != len(titled):
        return None
    if not found["sections"]:
        del found["sections"]
    return found


def equipment(blocks: tuple[Block, ...], territory: str) -> dict[str, Any] | None:
    tables = [b for b in blocks if isinstance(b, Table)]
    if len(tables) != 1:
        return None
    rows = [[plain(c.text) for c in row] for row in (*tables[0].header, *tables[0].rows)]
    if not rows or normalise(rows[0][0]) != "structure":
        return None
    with_manager = len(rows[0]) > 2
    intro = " ".join(b_text(b) for b in blocks if isinstance(b, Paragraph))
    year = re.search(r"au titre de l.annee (\d{4})", normalise(intro))
    found: dict[str, Any] = {}
    if year:
        found["year"] = int(year.group(1))
    categories: list[dict[str, Any]] = []
    for row in rows[1:]:
        if len(set(row)) == 1 or len([c for c in row if c]) == 1:
            categories.append({"type": next(c for c in row if c), "structures": []})
            continue
        if not categories:
            return None
        structure: dict[str, Any] = {"name": row[0]}
        if len(row) > 1 and row[1] not in ("—", "-", ""):
            structure["address"] = row[1]
        if with_manager and len(row) > 2 and row[2] not in ("—", "-", "") and row[2] != cap(territory):
            structure["manager"] = row[2]
        categories[-1]["structures"].append(structure)
    if not categories or any(not c["structures"] for c in categories):
        return None
    found["categories"] = categories
    return found


_MEMBER = re.compile(r"^pour\s+(.+?)\s*:$", re.IGNORECASE)


def _committee(blocks: list[Block], parties: list[dict[str, Any]]) -> dict[str, Any] | None:
    by_short = {normalise(p["short_name"]): p["id"] for p in parties}
    found: dict[str, Any] = {"members": [], "others": []}
    missions_next = False
    for block in blocks:
        text = plain(b_text(block))
        folded = normalise(text)
        if isinstance(block, BulletList):
            if missions_next:
                found["missions"] = items(block)
                missions_next = False
                continue
            member: dict[str, Any] | None = None
            for item in block.items:
                label = _MEMBER.match(plain(item.text))
                if label and normalise(label.group(1)) in by_short:
                    member = {"party": by_short[normalise(label.group(1))], "members": []}
                    found["members"].append(member)
                elif member is not None and item.level > 0:
                    member["members"].append(item_text(item.text))
                else:
                    member = None
                    found["others"].append(item_text(item.text))
        elif folded.startswith("il est preside par "):
            found["chair"] = text[len("Il est présidé par ") :].rstrip(".")
        elif folded.startswith("il se reunit "):
            found["frequency"] = text[len("Il se réunit ") :].rstrip(".")
        elif folded.startswith("il a pour missions"):
            missions_next = True
        elif folded.startswith("son secretariat est assure par "):
            short = normalise(text[len("Son secrétariat est assuré par ") :].rstrip("."))
            if short not in by_short:
                return None
            found["secretariat"] = by_short[short]
        elif not folded.startswith(("le comite", "la composition")):
            return None
    if not found["members"] or "frequency" not in found or "secretariat" not in found:
        return None
    if not found["others"]:
        del found["others"]
    order = ("members", "others", "chair", "frequency", "secretariat", "missions")
    return {key: found[key] for key in order if key in found}


def pilotage(blocks: tuple[Block, ...], parties: list[dict[str, Any]]) -> dict[str, Any] | None:
    head, titled = parts(blocks)
    found: dict[str, Any] = {}
    notes: list[Block] = list(head)
    for title, under in titled:
        key = {"comite de pilotage": "steering_committee", "comite technique": "technical_committee"}.get(
            normalise(title)
        )
        if key is None:
            return None
        # the notes follow the last committee, after its secretariat
        cut = next(
            (i + 1 for i, b in enumerate(under) if normalise(b_text(b)).startswith("son secretariat est assure")),
            len(under),
        )
        committee = _committee(under[:cut], parties)
        if committee is None:
            return None
        found[key] = committee
        notes = under[cut:]
    if "steering_committee" not in found:
        return None
    if notes:
        found["notes"] = to_markup(notes)
    return found


def evaluation(blocks: tuple[Block, ...]) -> dict[str, Any] | None:
    if not blocks:
        return None
    steps_at = next(
        (i for i, b in enumerate(blocks) if normalise(b_text(b)).startswith("la demarche d'evaluation comporte")),
        None,
    )
    if steps_at is None:
        return {"text": to_markup(blocks)}
    listed = blocks[steps_at + 1 : steps_at + 2]
    if not listed or not isinstance(listed[0], BulletList) or blocks[steps_at + 2 :]:
        return None
    return {"text": to_markup(blocks[:steps_at]), "steps": items(listed[0])}


def data_agreements(blocks: tuple[Block, ...]) -> list[dict[str, Any]] | None:
    lists = [b for b in blocks if isinstance(b, BulletList)]
    if not lists:
        return []
    out = []
    for item in lists[0].items:
        text = item_text(item.text)
        match = re.match(r"^(.+?),\s*sign[ée]e le (.+)$", text)
        day = parse_date(match.group(2)) if match else None
        if match is None or day is None:
            return None
        out.append({"title": match.group(1), "date": day})
    return out
