"""Calendars of actions against the period of the convention."""

from __future__ import annotations

import re
from collections import Counter

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def schedule_span(schedule: str) -> tuple[int, int] | None:
    """First and last year named in a calendar (« 2022-2025 », « 2023, puis 2024-2025 »)."""
    years = [int(y) for y in _YEAR.findall(schedule)]
    return (min(years), max(years)) if years else None


def stale(schedules: list[str], end_year: int) -> list[int]:
    """Indexes of the calendars written for a shorter period: the plan's horizon (the last year
    most calendars reach) is before the end of the convention, and these calendars stop there
    (« 2022-2025 » in a convention prolonged to 2026). An action planned to end early, in a plan
    whose horizon is the convention's end, is not one of them."""
    lasts = [span[1] if (span := schedule_span(s)) else None for s in schedules]
    counted = Counter(last for last in lasts if last is not None)
    if not counted:
        return []
    horizon, _ = counted.most_common(1)[0]
    if horizon >= end_year:
        return []
    return [i for i, last in enumerate(lasts) if last == horizon]


def ending_in(schedules: list[str], year: int) -> list[int]:
    """Indexes of the calendars whose last year is `year` (the former end of a prolonged convention)."""
    return [i for i, s in enumerate(schedules) if (span := schedule_span(s)) and span[1] == year]
