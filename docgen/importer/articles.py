"""The territorial parts of the model's articles read back from a draft: préambule, champs
d'intervention de la collectivité, objectifs partagés.

Each reader takes the article as the draft has it and returns what the data key holds, or
None when the article does not follow the model's layout (the article's text is then kept
whole, see `importer/convention.py`).
"""

from __future__ import annotations

import re
from typing import Any

from docgen.importer.markup import item_text, plain, to_markup
from docgen.model.frenchtext import normalise
from docgen.model.tree import Block, BulletList, Heading, Paragraph, Section


def parts(blocks: tuple[Block, ...]) -> tuple[list[Block], list[tuple[str, list[Block]]]]:
    """The blocks before the first sub-heading, and each sub-heading with the blocks under it."""
    head: list[Block] = []
    titled: list[tuple[str, list[Block]]] = []
    for block in blocks:
        if isinstance(block, Heading):
            titled.append((block.text, []))
        elif titled:
            titled[-1][1].append(block)
        else:
            head.append(block)
    return head, titled


def _titled(titled: list[tuple[str, list[Block]]], *starts: str) -> list[Block] | None:
    return next((blocks for title, blocks in titled if normalise(title).startswith(starts)), None)


def items(block: Block) -> list[str]:
    return [item_text(i.text) for i in block.items] if isinstance(block, BulletList) else []


def preamble(section: Section, communes: list[str]) -> dict[str, Any] | None:
    """`preamble`: characteristics, existing offer, priority domains and conclusion."""
    _, titled = parts(section.blocks)
    characteristics = _titled(titled, "caracteristiques")
    offer = _titled(titled, "offre")
    domains = _titled(titled, "domaines")
    if characteristics is None or offer is None or domains is None:
        return None
    if communes:
        characteristics = [b for b in characteristics if not re.search(r"\bregroupe \d+ communes :", plain(b_text(b)))]
    lists = [i for i, b in enumerate(domains) if isinstance(b, BulletList)]
    if not lists:
        return None
    found: dict[str, Any] = {
        "characteristics": to_markup(characteristics),
        "existing_offer": to_markup(offer),
        "priority_domains": items(domains[lists[0]]),
    }
    rest = domains[lists[0] + 1 : -1]  # the last paragraph is the model's « C'est pourquoi… »
    if rest:
        found["conclusion"] = to_markup(rest)
    return found


def b_text(block: Block) -> str:
    return block.text if isinstance(block, Paragraph | Heading) else ""


def local_fields(section: Section, default_lead_in: str) -> dict[str, Any] | None:
    """`local_fields`: the list of the collectivity's actions, with what precedes and follows it."""
    blocks = list(section.blocks)
    lists = [i for i, b in enumerate(blocks) if isinstance(b, BulletList)]
    if not lists:
        return None
    first = lists[0]
    before = blocks[:first]
    found: dict[str, Any] = {}
    if before:
        lead = plain(b_text(before[-1]))
        if before[:-1]:
            found["intro"] = to_markup(before[:-1])
        if normalise(lead) != normalise(default_lead_in):
            found["lead_in"] = lead
    found["items"] = items(blocks[first])
    if blocks[first + 1 :]:
        found["details"] = to_markup(blocks[first + 1 :])
    return {key: found[key] for key in ("intro", "lead_in", "items", "details") if key in found}


def shared_objectives(section: Section) -> dict[str, Any] | None:
    """`shared_objectives`: orientations (first level of the list) and their objectives."""
    blocks = list(section.blocks)
    lists = [i for i, b in enumerate(blocks) if isinstance(b, BulletList)]
    if not lists:
        return None
    listed = blocks[lists[0]]
    assert isinstance(listed, BulletList)
    orientations: list[dict[str, Any]] = []
    for item in listed.items:
        if item.level == 0:
            orientations.append({"title": item_text(item.text), "objectives": []})
        elif orientations:
            orientations[-1]["objectives"].append(item_text(item.text))
    if not orientations or any(not o["objectives"] for o in orientations):
        return None
    found: dict[str, Any] = {}
    intro = blocks[: lists[0] - 1]  # the paragraph before the list is the model's
    if intro:
        found["intro"] = to_markup(intro)
    found["orientations"] = orientations
    return found
