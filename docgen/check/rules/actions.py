"""The action plan: rows and fiches missing a field, gaps and duplicates in action numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.check.rules.consistency import stated_period
from docgen.check.rules.context import CheckContext, texts_with_origin, where
from docgen.model.findings import WARNING, Finding
from docgen.model.frenchtext import join_fr, normalise
from docgen.model.periods import stale
from docgen.model.tree import Heading, Origin, Paragraph, Section, Table

NUMBER_RE = re.compile(r"^\s*(?:fa\s*)?((?:t|[0-9]+)(?:\s*\.\s*[0-9]+)*)\s*$", re.IGNORECASE)
EMPTY = {"", "-", "—", "–", "/", "néant", "neant"}

# Columns of the plan table whose cell must be filled, by words of their header.
PLAN_FIELDS = {
    "owner": ("porteur", "de porteur"),
    "schedule": ("calendrier", "de calendrier"),
    "indicators": ("indicateur", "d'indicateur de suivi"),
}
# Rubrics of a fiche action, by words of their label.
FICHE_FIELDS = (
    ("diagnostic", "de diagnostic initial"),
    ("public", "de public visé"),
    ("objectif", "d'objectifs opérationnels"),
    ("modalit", "de modalités de mise en œuvre"),
    ("echeance", "d'échéances de réalisation"),
    ("responsable", "de responsable de l'action"),
    ("resultat", "de résultats attendus"),
    ("partenaire", "de partenaires sollicités"),
    ("indicateur", "d'indicateurs de suivi"),
)


@dataclass(frozen=True)
class PlanAction:
    """An action line read from a plan table."""

    number: str
    cells: dict[str, str]
    origin: Origin | None


def run(ctx: CheckContext) -> list[Finding]:
    plan = ctx.annexes.get("action_plan")
    if plan is None:
        return []
    actions = plan_actions(plan)
    return [*_incomplete(plan, actions), *_numbering(plan, actions), *_fiches(plan), *schedules(ctx)]


def schedules(ctx: CheckContext) -> list[Finding]:
    """Action calendars written for a shorter period than the one the document states (a
    convention prolonged by avenant whose plan still reads « 2022-2025 »)."""
    period = stated_period(t for s in ctx.doc.articles for t, _ in texts_with_origin(s.blocks))
    if period is None:
        return []
    _, end = period
    out = []
    for annex in ctx.doc.annexes:
        actions = plan_actions(annex)
        by_schedule: dict[str, list[PlanAction]] = {}
        for i in stale([a.cells.get("schedule", "") for a in actions], end.year):
            by_schedule.setdefault(" ".join(actions[i].cells["schedule"].split()), []).append(actions[i])
        for schedule, listed in by_schedule.items():
            numbers = [a.number for a in listed]
            which = f"de l'action {numbers[0]}" if len(numbers) == 1 else f"des actions {join_fr(numbers)}"
            out.append(
                Finding(
                    "date-inconsistency",
                    WARNING,
                    f"Le calendrier «\u00a0{schedule}\u00a0» {which} s'achève avant la fin de la convention "
                    f"({end:%d/%m/%Y})\u00a0: il a été écrit pour une période plus courte.",
                    where(annex, listed[0].origin, f"Action {numbers[0]}"),
                )
            )
    return out


def _is_empty(text: str) -> bool:
    return normalise(text).strip(" .") in EMPTY


def plan_actions(plan: Section) -> list[PlanAction]:
    """Action lines of every plan table (continuation tables reuse the last header)."""
    out: list[PlanAction] = []
    columns: dict[str, int] | None = None
    width = 0
    for block in plan.blocks:
        if not isinstance(block, Table):
            continue
        rows = [tuple(c.text for c in row) for row in (*block.header, *block.rows)]
        header = next(((i, found) for i, row in enumerate(rows) if (found := _header_columns(row))), None)
        if header is not None:
            header_at, columns = header
            width = len(rows[header_at])
            rows = rows[header_at + 1 :]
        elif columns is None or (rows and len(rows[0]) != width):
            continue
        number_col = _number_column(rows)
        if number_col is None:
            continue
        for row in rows:
            if number_col >= len(row):
                continue
            match = NUMBER_RE.match(row[number_col].replace("\n", " "))
            if not match:
                continue
            cells = {name: row[i] if i < len(row) else "" for name, i in columns.items()}
            out.append(PlanAction(row[number_col].strip(), cells, block.origin))
    return out


def _header_columns(row: tuple[str, ...]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for name, (word, _) in PLAN_FIELDS.items():
        for i, cell in enumerate(row):
            if word in normalise(cell):
                found.setdefault(name, i)
    return found if len(found) == len(PLAN_FIELDS) else None


def _number_column(rows: list[tuple[str, ...]]) -> int | None:
    counts: dict[int, int] = {}
    for row in rows:
        for i, cell in enumerate(row):
            if NUMBER_RE.match(cell.replace("\n", " ")) and re.search(r"\d", cell):
                counts[i] = counts.get(i, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _incomplete(plan: Section, actions: list[PlanAction]) -> list[Finding]:
    out = []
    for action in actions:
        missing = [PLAN_FIELDS[name][1] for name, text in action.cells.items() if _is_empty(text)]
        if missing:
            out.append(
                Finding(
                    "incomplete-action",
                    WARNING,
                    f"L'action {action.number} du plan d'actions n'indique pas {_and(missing)}.",
                    where(plan, action.origin, f"Action {action.number}"),
                )
            )
    return out


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " ni " + items[-1]


def _key(number: str) -> tuple:
    parts = re.findall(r"\d+|t", normalise(number))
    return tuple(int(p) if p.isdigit() else p for p in parts)


def _numbering(plan: Section, actions: list[PlanAction]) -> list[Finding]:
    out = []
    seen: dict[tuple, str] = {}
    groups: dict[tuple, list[int]] = {}
    for action in actions:
        key = _key(action.number)
        if not key or not all(isinstance(k, int) for k in key):
            continue
        if key in seen:
            out.append(
                Finding(
                    "action-numbering",
                    WARNING,
                    f"Le numéro d'action {action.number} est utilisé deux fois.",
                    where(plan, action.origin, action.number),
                )
            )
        seen[key] = action.number
        groups.setdefault(key[:-1], []).append(key[-1])
    for prefix, numbers in groups.items():
        present = sorted(set(numbers))
        gaps = [n for n in range(present[0], present[-1]) if n not in present]
        for gap in gaps:
            label = ".".join(str(p) for p in (*prefix, gap))
            before = ".".join(str(p) for p in (*prefix, max(n for n in present if n < gap)))
            out.append(
                Finding(
                    "action-numbering",
                    WARNING,
                    f"La numérotation des actions saute de {before} à la suivante\u00a0: l'action {label} manque.",
                    where(plan, text=before),
                )
            )
    return out


def _fiches(plan: Section) -> list[Finding]:
    out = []
    title = ""
    for block in plan.blocks:
        if isinstance(block, (Heading, Paragraph)) and block.text.strip():
            if re.search(r"\bactions?\s+(fa\s*)?[\dt]", normalise(block.text)):
                title = block.text.strip()
            continue
        if not isinstance(block, Table):
            continue
        rows = [tuple(c.text for c in row) for row in (*block.header, *block.rows)]
        if not rows or any(len(row) < 2 for row in rows):
            continue
        labels = {normalise(row[0]): row for row in rows}
        if sum(1 for word, _ in FICHE_FIELDS if any(word in label for label in labels)) < 5:
            continue
        missing = []
        for word, name in FICHE_FIELDS:
            row = next((r for label, r in labels.items() if word in label), None)
            # a row whose label holds two rubrics (« Objectifs … Modalités … ») shares one content cell
            if row is None or _is_empty(" ".join(row[1:])):
                if row is not None or word in ("partenaire", "indicateur", "public", "responsable"):
                    missing.append(name)
        if missing:
            out.append(
                Finding(
                    "incomplete-action",
                    WARNING,
                    f"La fiche action «\u00a0{title or 'sans titre'}\u00a0» n'indique pas {_and(missing)}.",
                    where(plan, block.origin, title),
                )
            )
    return out
