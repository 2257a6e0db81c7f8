"""Rules on avenants: sequence number, the convention amended, effective date, citations."""

from __future__ import annotations

import dataclasses

import pytest

from docgen.check.rules import avenants
from docgen.check.rules.consistency import parse_date
from docgen.model.findings import ERROR
from docgen.model.tree import PartyBlock
from tests.check.rules.trees import (
    article,
    avenant_context,
    document,
    model_annexes,
    model_articles,
    only,
    signature,
)

TITLE = "Avenant n° 1 à la convention territoriale globale de services aux familles signée le 19 décembre 2022"
EFFECT = "Le présent avenant prend effet le 1er janvier 2026."
PERIOD = "La présente convention est conclue pour la période courant du 1er janvier 2022 au 31 décembre 2025 inclus."


def _run(*texts, title=TITLE, front=(), reference=None):
    """Findings on an avenant whose first article holds `texts` (the effective date by default)."""
    body = (article(1, "Objet de l'avenant", *(texts or (EFFECT,))),)
    return avenants.run(avenant_context(document(body, title=title, front=front), reference))


def test_is_avenant_by_its_title():
    assert avenants.is_avenant(document(title=TITLE))
    assert not avenants.is_avenant(document(title="Convention territoriale globale de services aux familles"))


def test_well_formed_avenant_gives_nothing():
    assert _run() == []


# --- avenant-number ----------------------------------------------------------------------------


@pytest.mark.parametrize("title", [TITLE, TITLE.replace("n° 1", "n°2"), TITLE.replace("n° 1", "N° 12")])
def test_numbered_title(title):
    assert only(_run(title=title), "avenant-number") == []


def test_title_without_sequence_number():
    found = only(_run(title=TITLE.replace(" n° 1", "")), "avenant-number")
    assert len(found) == 1 and found[0].severity == ERROR
    assert found[0].message == "Le numéro d'ordre de l'avenant n'est pas indiqué dans son titre."
    assert found[0].location.excerpt.startswith("Avenant à la convention territoriale globale")


# --- avenant-reference -------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["19 décembre 2022", "1er décembre 2022", "19/12/2022"])
def test_convention_and_its_signature_date_cited_in_the_title(date):
    assert only(_run(title=TITLE.replace("19 décembre 2022", date)), "avenant-reference") == []


def test_convention_cited_in_the_front_matter():
    title = "Avenant n° 1"
    front = ("à la convention territoriale globale de services aux familles signée le 1er janvier 2022",)
    assert only(_run(title=title, front=front), "avenant-reference") == []


@pytest.mark.parametrize(
    "title",
    [
        "Avenant n° 1 à la convention territoriale globale de services aux familles",
        "Avenant n° 1 à la convention territoriale globale signée le XX/XX/2022",
        "Avenant n° 1 à la convention territoriale globale signée le … 2022",
        "Avenant n° 1 à la convention territoriale globale signée le 30 février 2022",
    ],
)
def test_convention_cited_without_a_signature_date(title):
    found = only(_run(title=title), "avenant-reference")
    assert len(found) == 1 and found[0].severity == ERROR
    assert found[0].message == "L'avenant ne cite pas la convention qu'il modifie avec sa date de signature."


# --- missing-element (effective date) ----------------------------------------------------------


def test_effective_date_missing():
    found = only(_run("L'article 10 « Durée de la convention » est modifié comme suit."), "missing-element")
    assert [(f.severity, f.message) for f in found] == [
        (ERROR, "La date de prise d'effet de l'avenant n'est pas indiquée.")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Le présent avenant prend effet le 01/07/2024.",
        "Le présent avenant prendra effet à compter du 1er juillet 2024.",
    ],
)
def test_effective_date_written_either_way(text):
    assert only(_run(text), "missing-element") == []


# --- date-inconsistency ------------------------------------------------------------------------


@pytest.mark.parametrize("effect", ["1er janvier 2022", "31 décembre 2025"])
def test_effect_within_the_restated_period_bounds_included(effect):
    assert only(_run(PERIOD, f"Le présent avenant prend effet le {effect}."), "date-inconsistency") == []


def test_effect_after_the_end_of_the_convention():
    found = only(_run(PERIOD, "Le présent avenant prend effet le 1er janvier 2026."), "date-inconsistency")
    assert len(found) == 1 and found[0].severity == ERROR
    assert found[0].message == (
        "La prise d'effet de l'avenant (01/01/2026) est hors de la période de la convention (01/01/2022 – 31/12/2025)."
    )
    assert found[0].location.section == "Article 1"


def test_effect_checked_against_the_reference_convention_period():
    reference = document(model_articles(duree=PERIOD))
    assert only(_run(EFFECT.replace("2026", "2025"), reference=reference), "date-inconsistency") == []
    found = only(_run(EFFECT, reference=reference), "date-inconsistency")
    assert len(found) == 1 and "hors de la période" in found[0].message


def test_prolongation_restating_a_longer_period():
    prolonged = PERIOD.replace("2025", "2026")
    assert only(_run(prolonged, EFFECT, reference=document(model_articles(duree=PERIOD))), "date-inconsistency") == []


# --- wrong-article-reference / wrong-annex-reference -------------------------------------------


def test_article_cited_under_its_model_number_and_title():
    found = _run(EFFECT, "L'article 10 « Durée de la convention » est modifié comme suit :")
    assert only(found, "wrong-article-reference") == []


def test_article_cited_under_another_number():
    found = only(
        _run(EFFECT, "L'article 9 « Durée de la convention » est modifié comme suit :"), "wrong-article-reference"
    )
    assert len(found) == 1 and found[0].severity == ERROR
    assert found[0].message.startswith("L'avenant cite l'article 9 «\u00a0")
    assert found[0].message.endswith(", mais la convention porte à ce numéro «\u00a0Évaluation\u00a0».")
    assert found[0].location.section == "Article 1"


def test_wrong_article_reference_quotes_the_title_as_written():
    found = only(
        _run(EFFECT, "L'article 9 « Durée de la convention » est modifié comme suit :"), "wrong-article-reference"
    )
    assert "«\u00a0Durée de la convention\u00a0»" in found[0].message


def test_article_number_past_the_model():
    found = only(_run(EFFECT, "L'article 15 « Clause de revoyure » est ajouté."), "wrong-article-reference")
    assert len(found) == 1 and found[0].message.endswith("porte à ce numéro rien.")


def test_article_cited_against_the_reference_convention_numbering():
    # a 12-article convention: its article 10 is « Fin de la convention » there, not the model's « Durée »
    reference = document((*model_articles()[:9], article(10, "Fin de la convention", "Résiliation.")))
    text = "L'article 10 « Fin de la convention » est modifié comme suit :"
    assert only(_run(EFFECT, text, reference=reference), "wrong-article-reference") == []
    assert len(only(_run(EFFECT, text), "wrong-article-reference")) == 1


@pytest.mark.parametrize("cited", ["L'article 10 « Durée »", "L'article 12 « Résiliation »"])
def test_article_cited_under_a_library_alias(cited):
    assert only(_run(EFFECT, f"{cited} est modifié comme suit :"), "wrong-article-reference") == []


def test_annex_cited_under_its_model_number():
    found = _run(EFFECT, "L'annexe 3 « Plan d'actions » est remplacée par l'annexe jointe au présent avenant.")
    assert only(found, "wrong-annex-reference") == []


def test_annex_cited_under_another_number():
    found = only(
        _run(EFFECT, "L'annexe 4 « Plan d'actions » est remplacée par l'annexe jointe."), "wrong-annex-reference"
    )
    assert len(found) == 1 and found[0].severity == ERROR
    assert "cite l'annexe 4 «\u00a0Plan d'actions\u00a0»" in found[0].message
    assert "«\u00a0Modalités de pilotage stratégique" in found[0].message


def test_annex_cited_against_the_reference_convention():
    reference = document(model_articles(), model_annexes())
    text = "L'annexe 5 « Évaluation CTG » est remplacée par l'annexe jointe."
    assert only(_run(EFFECT, text, reference=reference), "wrong-annex-reference") == []
    found = only(_run(EFFECT, text.replace("5", "6"), reference=reference), "wrong-annex-reference")
    assert len(found) == 1 and "Décision du conseil municipal" in found[0].message


# --- an avenant under a convention's cover ---------------------------------------------------


def test_an_avenant_announced_below_a_convention_title():
    doc = document(title="CONVENTION TERRITORIALE GLOBALE", front=("CONVENTION TERRITORIALE GLOBALE", TITLE))
    assert avenants.is_avenant(doc) and avenants.avenant_title(doc) == TITLE
    unnumbered = document(title="CONVENTION TERRITORIALE GLOBALE", front=(TITLE.replace(" n° 1", ""),))
    found = only(avenants.run(avenant_context(unnumbered)), "avenant-number")
    assert [f.location.excerpt for f in found] == [TITLE.replace(" n° 1", "")]
    assert not avenants.is_avenant(document(front=("Vu l'avenant n° 1 au contrat enfance jeunesse ;",)))


# --- avenant-authorisation -------------------------------------------------------------------

ACT = "représentée par son maire, M. X, dûment autorisé à signer le présent avenant par délibération n° {} du {}"


def _authorised(number: str, date: str, reference=None, signed: str = "Fait à Orléans, le 15 décembre 2025."):
    commune = PartyBlock("La commune", ACT.format(number, date), "la commune", True)
    doc = document((article(1, "Objet de l'avenant", EFFECT),), title=TITLE, parties=(commune,), sig=signature(signed))
    doc = dataclasses.replace(doc, signature=dataclasses.replace(doc.signature, date=parse_date(signed)))
    return only(avenants.run(avenant_context(doc, reference)), "avenant-authorisation")


def test_an_act_voted_for_the_avenant_gives_nothing():
    assert _authorised("2025-188", "8 décembre 2025") == []


def test_the_conventions_own_deliberation_is_refused():
    [found] = _authorised("DELIB2022353", "12 décembre 2022")
    assert found.severity == ERROR
    assert found.message.startswith(
        "L'avenant cite comme autorisation la délibération du 12/12/2022, mais cet acte précède la signature "
        "de la convention (19/12/2022)"
    )


def test_the_conventions_act_named_by_its_number_with_a_reference():
    convention = document(
        parties=(PartyBlock("La commune", ACT.format("DELIB2022353", "12 décembre 2022"), "la commune", True),)
    )
    [found] = _authorised("delib2022353", "8 décembre 2025", reference=convention)
    assert "c'est l'acte qui a autorisé la signature de la convention" in found.message


def test_an_act_voted_after_the_avenant_was_signed():
    [found] = _authorised("2026-01", "10 janvier 2026")
    assert "postérieur à la signature de l'avenant (15/12/2025)" in found.message


# --- an avenant signed after the end ------------------------------------------------------------


def test_an_avenant_signed_after_the_end_of_the_convention():
    duree = article(10, "Durée de la convention", PERIOD)
    reference = document((duree,))
    assert only(_signed(reference, "Fait à Orléans, le 15 décembre 2025."), "date-inconsistency") == []
    [found] = only(_signed(reference, "Fait à Orléans, le 15 février 2026."), "date-inconsistency")
    assert found.message.startswith("L'avenant est signé le 15/02/2026, après la fin de la convention (31/12/2025)")
    assert only(_signed(None, "Fait à Orléans, le 15 février 2026."), "date-inconsistency") == [], "no period known"


def _signed(reference, text: str):
    doc = document((article(1, "Objet de l'avenant", EFFECT.replace("1er janvier 2026", "1er décembre 2025")),))
    doc = dataclasses.replace(doc, title=TITLE, signature=dataclasses.replace(signature(text), date=parse_date(text)))
    return avenants.run(avenant_context(doc, reference))
