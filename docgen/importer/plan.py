"""The action plan annex read back from a draft: orientations, objectives, actions, fiches.

Reads the layout docgen writes (one table per orientation under « Orientation générale n° 1 :
… », columns of `build.annexes.PLAN_COLUMNS`) and the tables of real drafts that have the same
columns in another order or under other words: columns are found by their header, rows whose
orientation or objective cell is empty continue the one above (merged cells), as do those that
say it again followed by « (suite) » at the top of a page.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from docgen.build.annexes import FICHE_ROWS, PLAN_COLUMNS
from docgen.importer.markup import item_text, plain, to_markup, unlabelled
from docgen.model.frenchtext import normalise
from docgen.model.tree import Block, Cell, Heading, Paragraph, Table, Text

ACTION_NUMBER = re.compile(r"^(?:FA\s*)?[A-Z]{0,2}\s?\d+(?:[.-]\d+)*[a-z]?$", re.IGNORECASE)
_ORIENTATION = re.compile(r"^(.{3,40}?)\s+n°\s*\d+\s*:?\s*(.+)$", re.IGNORECASE)
_COLUMNS = {  # data key → words a header cell starts with
    "goal": ("orientation",),
    "objective": ("objectif",),
    "owner": ("porteur", "pilote", "responsable"),
    "number": ("n°", "no", "numero", "num"),
    "title": ("action", "intitule"),
    "schedule": ("calendrier", "echeance", "periode"),
    "indicators": ("indicateur",),
    "caf_means": ("moyens",),
}
_NONE = {"—", "-", "–", ""}


def _lines(cell: Cell) -> list[str]:
    return [item_text(line) for line in cell.text.split("\n") if item_text(line)]


def _columns(header: tuple[Cell, ...]) -> dict[str, int] | None:
    """Data key → column, from the header row's words. A header « Actions » spanning two columns
    (the number, then the title) is read as such."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        folded = normalise(cell.text)
        if folded.startswith("action") and index + 1 < len(header) and header[index + 1].text == cell.text:
            found.setdefault("number", index)
            continue
        for key, starts in _COLUMNS.items():
            if key not in found and folded.startswith(starts) and not (key == "title" and "objectif" in folded):
                found[key] = index
                break
    return found if {"goal", "objective", "owner", "number", "title"} <= set(found) else None


def _rows(table: Table) -> tuple[dict[str, int], list[tuple[Cell, ...]]] | None:
    rows = [*table.header, *table.rows]
    if not rows:
        return None
    columns = _columns(rows[0])
    if columns is None:
        return None
    header = [c.text for c in rows[0]]
    return columns, [r for r in rows[1:] if [c.text for c in r] != header]


def _caf_means_note(header: tuple[Cell, ...], columns: dict[str, int]) -> str | None:
    if "caf_means" not in columns:
        return None
    text = plain(header[columns["caf_means"]].text)
    found = re.match(rf"^{re.escape(PLAN_COLUMNS[-1])}\s*\((.+)\)$", text)  # as docgen writes it
    return found.group(1) if found else None


def _cell_of(columns: dict[str, int], row: tuple[Cell, ...], key: str) -> Cell | None:
    index = columns.get(key)
    return row[index] if index is not None and index < len(row) else None


def _orientation(title: str, tables: list[Table]) -> dict[str, Any] | None:
    goals: list[dict[str, Any]] = []
    for table in tables:
        read = _rows(table)
        if read is None:
            return None
        columns, rows = read
        cell = partial(_cell_of, columns)
        for row in rows:
            number_cell = cell(row, "number")
            number = plain(number_cell.text) if number_cell else ""
            if not ACTION_NUMBER.match(number):
                last = goals[-1]["objectives"][-1]["actions"][-1] if goals and goals[-1]["objectives"] else None
                if last is not None and not number:
                    _continue_action(last, row, cell)  # a row cut by a page break: its end
                continue
            goal_cell, objective_cell = cell(row, "goal"), cell(row, "objective")
            goal = unlabelled(plain(goal_cell.text), goals[-1]["title"] if goals else "") if goal_cell else ""
            if not goals or (goal and goal != goals[-1]["title"]):
                goals.append({"title": goal or "", "objectives": []})
            objectives = goals[-1]["objectives"]
            above = objectives[-1]["title"] if objectives else ""
            objective = unlabelled(plain(objective_cell.text), above) if objective_cell else ""
            if not objectives or (objective and objective != objectives[-1]["title"]):
                objectives.append({"title": objective, "actions": []})
            action: dict[str, Any] = {"number": number}
            for key in ("title", "owner", "schedule"):
                found = cell(row, key)
                action[key] = plain(found.text) if found else ""
            indicators = cell(row, "indicators")
            action["indicators"] = [i for i in _lines(indicators) if i not in _NONE] if indicators else []
            above = objectives[-1]["actions"][-1] if objectives[-1]["actions"] else None
            for key in ("owner", "schedule", "indicators"):  # a cell merged down the rows: empty below
                if not action[key] and above is not None:
                    action[key] = above[key]
            means = cell(row, "caf_means")
            listed = [m for m in _lines(means) if m not in _NONE] if means else []
            if listed:
                action["caf_means"] = listed
            objectives[-1]["actions"].append(action)
    if not goals:
        return None
    return {"title": title, "goals": goals}


def _continue_action(action: dict[str, Any], row: tuple[Cell, ...], cell: Any) -> None:
    """The rest of an action's cells, on the next page of a PDF."""
    for key in ("title", "owner", "schedule"):
        found = cell(row, key)
        if found is not None and plain(found.text):
            action[key] = f"{action[key]} {plain(found.text)}".strip()
    for key in ("indicators", "caf_means"):
        found = cell(row, key)
        lines = [line for line in _lines(found) if line not in _NONE] if found is not None else []
        if lines:
            action[key] = [*action.get(key, []), *lines]


def _orientation_title(block: Block) -> tuple[str, str] | None:
    """(label, title) of « Orientation générale n° 1 : … » as a heading, a paragraph or a table's
    first row spanning the whole table."""
    if isinstance(block, Heading | Paragraph):
        text = block.text
    elif isinstance(block, Table) and block.rows and len({c.text for c in block.rows[0]}) == 1:
        text = block.rows[0][0].text
    else:
        return None
    match = _ORIENTATION.match(plain(text))
    return (match.group(1), plain(match.group(2))) if match else None


def action_plan(blocks: tuple[Block, ...]) -> dict[str, Any] | None:
    """`action_plan`: intro, orientations with their tables, fiches; None if no table reads as a plan."""
    fiches_at = next(
        (i for i, b in enumerate(blocks) if isinstance(b, Heading) and normalise(b.text).startswith("fiches actions")),
        len(blocks),
    )
    intro: list[Block] = []
    titled: list[tuple[str, list[Table]]] = []
    label = None
    for position, block in enumerate(blocks[:fiches_at]):
        if (
            isinstance(block, Table)
            and titled
            and titled[-1][1]
            and _rows(block) is None
            and not _orientation_title(block)
        ):
            fiches_at = position  # the plan's tables are over: fiches follow, without their own heading
            break
        title = _orientation_title(block)
        if title:
            label = label or title[0]
            titled.append((title[1], []))
        if isinstance(block, Table):
            if not titled:
                return None  # a plan table before any orientation: not the layout read here
            titled[-1][1].append(_without_title_row(block) if title else block)
        elif not titled:
            intro.append(block)
    orientations = [_orientation(title, tables) for title, tables in titled if tables]
    if not orientations or any(o is None for o in orientations):
        return None
    found: dict[str, Any] = {}
    if intro:
        found["intro"] = to_markup(intro)
    if label and normalise(label) != "orientation generale":
        found["orientation_label"] = label
    first = titled[0][1][0]
    rows = [*first.header, *first.rows]
    note = _caf_means_note(rows[0], _columns(rows[0]) or {})
    if note:
        found["caf_means_note"] = note
    found["orientations"] = orientations
    fiches = _fiches(blocks[fiches_at:])
    if fiches:
        found["fiches"] = fiches
    return found


def _without_title_row(table: Table) -> Table:
    return Table(table.header, table.rows[1:], table.widths, table.role, table.origin)


_FICHE_TITLE = re.compile(r"^Actions?\s+(.+?)\s+[–-]\s+(.+)$")
_LISTS = {"objectives", "implementation", "expected_results", "partners", "indicators"}
_TEXTS = {"diagnosis", "audience", "funding"}


def _fiches(blocks: tuple[Block, ...]) -> list[dict[str, Any]]:
    """The fiches after the « Fiches actions » heading: a title (a heading, or a paragraph in a
    PDF) « Action(s) N – titre », then the table of its fields."""
    out: list[dict[str, Any]] = []
    labels = {normalise(title): key for key, title in FICHE_ROWS}
    current: dict[str, Any] | None = None
    for block in blocks:
        match = _FICHE_TITLE.match(plain(block.text)) if isinstance(block, Heading | Paragraph) else None
        if isinstance(block, Heading):
            current = None
        if match:
            numbers = re.split(r"\s*,\s*|\s+et\s+", match.group(1))
            current = {"title": plain(match.group(2)), "actions": [n for n in numbers if n]}
            out.append(current)
        elif isinstance(block, Table) and current is not None:
            for row in (*block.header, *block.rows):
                if len(row) < 2:
                    continue
                key = labels.get(normalise(row[0].text))
                if key is None:
                    continue
                if key in _LISTS:
                    current[key] = _lines(row[1])
                elif key in _TEXTS:
                    # each line of the cell a paragraph: a draft's cells keep no list marks
                    lines = [line for line in row[1].text.split("\n") if line.strip()]
                    current[key] = to_markup(Paragraph((Text(line),)) for line in lines)
                else:
                    current[key] = plain(row[1].text)
    order = ["title", "actions", *(key for key, _ in FICHE_ROWS)]
    required = {key for key, _ in FICHE_ROWS} - {"funding"}
    return [{k: f[k] for k in order if k in f} for f in out if required <= set(f)]
