"""Warnings, not errors: action calendars that still end with the period a prolongation changed."""

from __future__ import annotations

import datetime as dt

from docgen.model.frenchtext import date_fr, join_fr
from docgen.model.periods import ending_in
from docgen.model.territory import Convention


def stale_schedules(c: Convention, former_end: dt.date) -> list[str]:
    """After a prolongation from `former_end`: one French line per calendar (with its actions)
    that still stops at the former end."""
    end = c.period.end
    if former_end.year >= end.year:
        return []
    actions = [a for o in c.action_plan.orientations for g in o.goals for obj in g.objectives for a in obj.actions]
    by_schedule: dict[str, list[str]] = {}
    for i in ending_in([a.schedule for a in actions], former_end.year):
        by_schedule.setdefault(actions[i].schedule, []).append(actions[i].number)
    until = f"s'achève avant la fin de la convention ({date_fr(end)})\u00a0: à vérifier"
    out = [
        f"le calendrier «\u00a0{schedule}\u00a0» "
        + (f"de l'action {numbers[0]}" if len(numbers) == 1 else f"des actions {join_fr(numbers)}")
        + f" {until}"
        for schedule, numbers in by_schedule.items()
    ]
    fiches = c.action_plan.fiches
    out += [
        f"les échéances «\u00a0{fiches[i].schedule}\u00a0» de la fiche action «\u00a0{fiches[i].title}\u00a0» "
        f"s'achèvent avant la fin de la convention ({date_fr(end)})\u00a0: à vérifier"
        for i in ending_in([f.schedule for f in fiches], former_end.year)
    ]
    return out
