"""Calendars against the period: the years a calendar names, and those written for a shorter period."""

from __future__ import annotations

from docgen.model.periods import schedule_span, stale


def test_years_named_in_a_calendar():
    assert schedule_span("2022-2025") == (2022, 2025)
    assert schedule_span("2022-2023, puis 2024-2025") == (2022, 2025)
    assert schedule_span("Durée de la convention (2022-2025) ; bilan en 2023") == (2022, 2025)
    assert schedule_span("2024") == (2024, 2024)
    assert schedule_span("Chaque année") is None
    assert schedule_span("12 000 familles") is None


def test_calendars_stopping_at_the_plans_horizon_before_the_end():
    schedules = ["2022-2025", "2022-2023", "2023-2025", "Chaque année", "2022, puis 2023-2025"]
    assert stale(schedules, 2026) == [0, 2, 4]
    assert stale(schedules, 2025) == [], "the horizon is the end of the convention"
    assert stale(["2022-2023", "2024"], 2025) == [0], "the horizon is the last year most calendars reach"
    assert stale(["Chaque année"], 2026) == [] and stale([], 2026) == []
