"""The builder's warnings on action calendars that stop before the end of a prolonged convention."""

from __future__ import annotations

import datetime as dt

from docgen.build.schedules import stale_schedules
from docgen.data.loading import load_convention
from tests.conftest import MINI


def test_no_warning_without_a_prolongation(library):
    signed = load_convention(MINI, library)
    assert stale_schedules(signed, signed.period.end) == []


def test_a_prolonged_convention_warns_about_each_calendar_and_fiche(library):
    signed = load_convention(MINI, library)
    prolonged = signed.model_copy(update={"period": signed.period.model_copy(update={"end": dt.date(2028, 12, 31)})})
    assert stale_schedules(prolonged, dt.date(2025, 12, 31)) == [
        "le calendrier «\u00a02024-2025\u00a0» de l'action 1.1 s'achève avant la fin de la convention "
        "(31 décembre 2028)\u00a0: à vérifier",
        "les échéances «\u00a02024-2025\u00a0» de la fiche action «\u00a0Développer l'accueil occasionnel\u00a0» "
        "s'achèvent avant la fin de la convention (31 décembre 2028)\u00a0: à vérifier",
    ]
