"""Rules on the action plan: incomplete rows and fiches, gaps and duplicates in action numbers."""

from __future__ import annotations

import pytest

from docgen.check.rules import actions
from docgen.model.findings import WARNING
from tests.check.rules.trees import article, context, document, model_annexes, only, p, table

# The plan table of seed 004 (Saint-Jean-de-la-Ruelle), annex 3.
HEADER = (
    "Orientations",
    "Objectifs opérationnels",
    "Porteur de l'action",
    "N°",
    "Actions",
    "Calendrier",
    "Indicateurs de suivi",
    "Moyens mobilisables par la Caf",
)
ORIENTATION = "Mettre à disposition des familles des solutions de garde adaptées à l'âge des enfants"


def row(number, owner="DCCAS - Petite Enfance", schedule="2022-2025", indicators="Le nombre de places global"):
    """A plan line: the seed's action 1.1 with its number and fields replaced."""
    return (
        ORIENTATION,
        "Permettre aux familles de trouver un mode de garde plus facilement",
        owner,
        number,
        "Développer et faire connaître la mission de guichet unique du RPE",
        schedule,
        indicators,
        "PS RPE Mission renforcée guichet unique",
    )


def _run(*blocks):
    return actions.run(context(document(annexes=model_annexes(action_plan=blocks))))


def _plan(*rows):
    return _run(table(HEADER, *rows, index=240))


# --- incomplete-action (plan table) ------------------------------------------------------------


def test_complete_plan_lines():
    assert only(_plan(row("1.1"), row("1.2")), "incomplete-action") == []


def test_seed_line_without_schedule_nor_indicator():
    # seed 004, action 1.3: « Reconstituer un effectif de 15 assistantes maternelles » with neither
    found = only(_plan(row("1.1"), row("1.3", schedule="", indicators="")), "incomplete-action")
    assert len(found) == 1 and found[0].severity == WARNING
    assert found[0].message == "L'action 1.3 du plan d'actions n'indique pas de calendrier ni d'indicateur de suivi."
    assert found[0].location.section == "Annexe 3" and found[0].location.paragraph == 240


@pytest.mark.parametrize("blank", ["-", "néant", "Néant.", " / "])
def test_dash_or_neant_counts_as_empty(blank):
    found = only(_plan(row("2.1", owner=blank)), "incomplete-action")
    assert [f.message for f in found] == ["L'action 2.1 du plan d'actions n'indique pas de porteur."]


def test_no_plan_annex_no_finding():
    assert actions.run(context(document(annexes=model_annexes(without=("action_plan",))))) == []


# --- action-numbering --------------------------------------------------------------------------


def test_consecutive_numbers_give_nothing():
    assert only(_plan(row("3.5"), row("3.6"), row("3.7")), "action-numbering") == []


def test_seed_jump_from_3_6_to_3_8():
    found = only(_plan(row("3.5"), row("3.6"), row("3.8")), "action-numbering")
    assert len(found) == 1 and found[0].severity == WARNING
    assert found[0].message == "La numérotation des actions saute de 3.6 à la suivante\u00a0: l'action 3.7 manque."
    assert found[0].location.section == "Annexe 3"


def test_every_missing_number_of_a_longer_jump():
    found = only(_plan(row("3.6"), row("3.9")), "action-numbering")
    assert [f.message.rsplit(" ", 2)[-2] for f in found] == ["3.7", "3.8"]


def test_numbers_compared_as_numbers_not_text():
    # 1.9 then 1.10 is no jump; a new orientation starts again at 2.1
    assert only(_plan(row("1.8"), row("1.9"), row("1.10"), row("2.1"), row("2.2")), "action-numbering") == []


def test_fiche_numbers_in_fa_form():
    assert only(_plan(row("FA 1.1"), row("FA 1.2")), "action-numbering") == []
    found = only(_plan(row("FA 1.1"), row("FA 1.3")), "action-numbering")
    assert len(found) == 1 and "l'action 1.2 manque" in found[0].message


def test_duplicate_number():
    found = only(_plan(row("1.1"), row("1.2"), row("1.2"), row("1.3")), "action-numbering")
    assert [f.message for f in found] == ["Le numéro d'action 1.2 est utilisé deux fois."]


def test_continuation_table_reuses_the_header():
    # the plan continues on a new page: a second table without header row
    found = _run(table(HEADER, row("1.1"), row("1.2")), table(row("1.3", schedule=""), row("1.5")))
    assert "l'action 1.4 manque" in only(found, "action-numbering")[0].message
    assert [f.message for f in only(found, "incomplete-action")] == [
        "L'action 1.3 du plan d'actions n'indique pas de calendrier."
    ]


# --- incomplete-action (fiches) ----------------------------------------------------------------

# Seed 004, the fiche of action 1.1.
FICHE = {
    "Diagnostic initial- constats": "Les familles ne savent pas toujours quel service solliciter",
    "Public visé": "Les familles et les assistantes maternelles",
    "Objectifs opérationnels": "Développer et faire connaître la mission de guichet unique du RPE",
    "Modalités de mise en œuvre /Descriptif action": "Réfléchir à un plan de communication",
    "Echéances de réalisation": "Période de la convention de la CTG",
    "Responsable de l'action et services mobilisés": "L'animatrice du RPE et le service communication communal",
    "Résultats attendus": "Une meilleure information et orientation des familles",
    "Partenaires sollicités": "Le réseau départemental des RPE coordonné par la CAF, le service de la PMI",
    "Indicateurs de suivi d'action": "Nombre de contacts téléphoniques, RDV recensés par le RPE",
}


def _fiche(**blank):
    rows = [(label, "" if label.split()[0] in blank.values() else text) for label, text in FICHE.items()]
    return _run(p("Permettre aux familles de trouver un mode de garde plus facilement"), p("Action 1.1"), table(*rows))


def test_complete_fiche():
    assert only(_fiche(), "incomplete-action") == []


def test_seed_fiche_without_partners():
    found = only(_fiche(a="Partenaires"), "incomplete-action")
    assert len(found) == 1 and found[0].severity == WARNING
    assert found[0].message == "La fiche action «\u00a0Action 1.1\u00a0» n'indique pas de partenaires sollicités."
    assert found[0].location.section == "Annexe 3"


def test_fiche_missing_two_rubrics():
    found = only(_fiche(a="Public", b="Indicateurs"), "incomplete-action")
    assert [f.message for f in found] == [
        "La fiche action «\u00a0Action 1.1\u00a0» n'indique pas de public visé ni d'indicateurs de suivi."
    ]


# --- date-inconsistency (calendars written for a shorter period) -------------------------------------


def _with_period(end: str, *rows):
    duree = article(10, "Durée de la convention", f"La présente convention est conclue du 1er janvier 2022 au {end}.")
    doc = document((duree,), model_annexes(action_plan=(table(HEADER, *rows, index=240),)))
    return only(actions.run(context(doc)), "date-inconsistency")


def test_a_plan_written_for_the_period_gives_nothing():
    assert _with_period("31 décembre 2025", row("1.1"), row("1.2", schedule="2022-2023"), row("1.3")) == []


def test_a_plan_still_ending_in_2025_in_a_convention_prolonged_to_2026():
    rows = (row("1.1"), row("1.2", schedule="2022-2023"), row("1.3"), row("1.4", schedule="2022, puis 2023-2025"))
    findings = _with_period("31 décembre 2026", *rows)
    assert [(f.severity, f.message) for f in findings] == [
        (
            WARNING,
            "Le calendrier «\u00a02022-2025\u00a0» des actions 1.1 et 1.3 s'achève avant la fin de la convention "
            "(31/12/2026)\u00a0: il a été écrit pour une période plus courte.",
        ),
        (
            WARNING,
            "Le calendrier «\u00a02022, puis 2023-2025\u00a0» de l'action 1.4 s'achève avant la fin de la convention "
            "(31/12/2026)\u00a0: il a été écrit pour une période plus courte.",
        ),
    ]
    assert findings[0].location.section == "Annexe 3"


def test_without_a_stated_period_calendars_are_not_judged():
    doc = document((), model_annexes(action_plan=(table(HEADER, row("1.1"), index=240),)))
    assert only(actions.schedules(context(doc)), "date-inconsistency") == []
