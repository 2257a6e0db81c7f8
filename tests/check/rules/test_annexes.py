"""Rules on annexes: missing, empty, cited wrongly; the sommaire against the body."""

from __future__ import annotations

from docgen.check.rules import annexes
from docgen.model.findings import ERROR, WARNING
from docgen.model.tree import Origin, TocEntry
from tests.check.rules.trees import ANNEX_TITLES, annex, article, context, document, model_annexes, only

# Seed 004, article 9: « l'annexe 4 » for the plan, which is annex 3 (a real defect).
EVALUATION_9 = (
    "Une évaluation des actions est conduite au fur et à mesure de l'avancée de la mise en œuvre de la convention "
    "territoriale globale, lors des revues du plan d'actions. Les indicateurs d'évaluation sont déclinés dans le plan, "
    "constituant l'annexe {n} de la présente convention. Ils permettent de mesurer l'efficacité des actions."
)


def _run(articles=(), annex_sections=None, **doc):
    sections = model_annexes() if annex_sections is None else annex_sections
    return annexes.run(context(document(tuple(articles), tuple(sections), **doc)))


# --- missing-annex -----------------------------------------------------------------------------


def test_all_six_annexes_of_the_model_present():
    assert only(_run(), "missing-annex") == []


def test_missing_mandatory_annex_is_reported():
    found = only(_run(annex_sections=model_annexes(without=("pilotage",))), "missing-annex")
    assert len(found) == 1 and found[0].severity == ERROR
    assert "Modalités de pilotage stratégique" in found[0].message
    assert "obligatoire dans le modèle ctg-2020, est absente" in found[0].message


def test_cited_annex_missing_between_others_is_a_missing_annex():
    # annexes 1 to 4 and 6 present (the evaluation annex dropped and the last one kept at 6)
    sections = [
        *model_annexes(without=("evaluation", "deliberations")),
        annex(6, ANNEX_TITLES["deliberations"], "x" * 60),
    ]
    cite = article(9, "Évaluation", "Les indicateurs retenus sont précisés en annexe 5.")
    found = [f for f in only(_run([cite], sections), "missing-annex") if "citée" in f.message]
    assert [f.message for f in found] == ["L'annexe 5 est citée mais absente du document."]
    assert found[0].location.section == "Article 9"


# --- wrong-annex-reference ---------------------------------------------------------------------


def test_reference_past_the_last_annex():
    cite = article(6, "Modalités de collaboration", "Les modalités de pilotage figurent en annexe 7.")
    found = only(_run([cite]), "wrong-annex-reference")
    assert [f.message for f in found] == ["Renvoi à l'annexe 7, qui n'existe pas dans le document."]
    assert found[0].severity == ERROR and found[0].location.section == "Article 6"


def test_seed_reference_to_the_wrong_annex_names_the_right_one():
    found = only(_run([article(9, "Évaluation", EVALUATION_9.format(n=4))]), "wrong-annex-reference")
    assert len(found) == 1 and found[0].severity == ERROR
    message = found[0].message
    assert message.startswith("Renvoi à l'annexe 4 («\u00a0Modalités de pilotage")
    assert "«\u00a0plan\u00a0»" in message and "qui figure en annexe 3" in message
    assert found[0].location.section == "Article 9"


def test_reference_to_the_right_annex_is_accepted():
    assert only(_run([article(9, "Évaluation", EVALUATION_9.format(n=3))]), "wrong-annex-reference") == []


def test_reference_to_content_absent_from_the_document():
    sections = model_annexes(without=("action_plan",))  # annexes renumbered: the plan is nowhere
    found = only(_run([article(9, "Évaluation", EVALUATION_9.format(n=3))], sections), "wrong-annex-reference")
    assert len(found) == 1 and found[0].message.endswith(", absent du document.")


def test_several_annexes_cited_together_are_only_checked_to_exist():
    # seed 004, article 4: « Les Annexes 2 et 3 … précisent les moyens mobilisés »
    seed = (
        "Les Annexes 2 et 3 à la présente convention précisent les moyens mobilisés par chacun des partenaires "
        "dans le cadre des champs d'intervention conjoint."
    )
    assert only(_run([article(4, "Objectifs partagés", seed)]), "wrong-annex-reference") == []
    found = only(_run([article(4, "Objectifs partagés", seed.replace("2 et 3", "2 et 8"))]), "wrong-annex-reference")
    assert [f.message for f in found] == ["Renvoi à l'annexe 8, qui n'existe pas dans le document."]


# --- empty-annex -------------------------------------------------------------------------------


def test_filled_annexes_are_not_empty():
    assert only(_run(), "empty-annex") == []


def test_annex_left_a_completer_is_reported():
    # seed 000 (Metz): annexes 5 and 6 say « à compléter »
    found = only(
        _run(annex_sections=model_annexes(evaluation=("Modalités d'évaluation : à compléter",))), "empty-annex"
    )
    assert len(found) == 1 and found[0].severity == ERROR
    assert found[0].message == "L'annexe 5 «\u00a0Évaluation CTG\u00a0» ne contient que «\u00a0à compléter\u00a0»."
    assert found[0].location.section == "Annexe 5"


def test_annex_with_a_heading_only_is_reported():
    found = only(_run(annex_sections=model_annexes(pilotage=())), "empty-annex")
    assert [f.message for f in found] == [
        "L'annexe 4 «\u00a0Modalités de pilotage stratégique et opérationnel et suivi de la Ctg\u00a0» "
        "est vide ou presque."
    ]


def test_annex_announcing_a_list_never_given_is_reported():
    found = only(_run(annex_sections=model_annexes(pilotage=("Le comité de pilotage se compose :",))), "empty-annex")
    assert len(found) == 1 and "vide ou presque" in found[0].message


def test_deliberation_annex_naming_the_attached_extract_is_not_empty():
    act = ("Délibération n° DELIB2022353 du conseil municipal du 19 décembre 2022 (extrait certifié conforme joint).",)
    assert only(_run(annex_sections=model_annexes(deliberations=act)), "empty-annex") == []


def test_deliberation_annex_with_only_the_title_of_the_act_is_normal():
    """Seed 004's annex 6, as in every signed convention: the certified extract is attached apart."""
    findings = _run(annex_sections=model_annexes(deliberations=()))
    assert only(findings, "empty-annex") == []
    attached = only(findings, "attached-act")
    assert [f.severity for f in attached] == ["info"] and "pièces jointes à part" in attached[0].message


def test_an_acts_annex_left_a_completer_is_still_an_empty_annex():
    findings = _run(annex_sections=model_annexes(deliberations=("à compléter après décision du CA",)))
    assert len(only(findings, "empty-annex")) == 1 and only(findings, "attached-act") == []


# --- toc-mismatch ------------------------------------------------------------------------------

ARTICLES = (article(1, "Objet de la convention", "x", page=7), article(2, "Les champs d'intervention de la Caf", "y"))


def _toc(*entries):
    return tuple(TocEntry(label, title, page, Origin(10 + i)) for i, (label, title, page) in enumerate(entries))


def _sommaire_run(*entries, articles=ARTICLES):
    return only(_run(articles, (), sommaire=_toc(*entries)), "toc-mismatch")


GOOD = (
    ("Article 1", "Objet de la convention territoriale globale", 7),
    ("Article 2", "Les champs d'intervention de la Caf", 8),
)


def test_sommaire_agreeing_with_the_body():
    assert _sommaire_run(*GOOD) == []


def test_no_sommaire_no_finding():
    assert only(_run(ARTICLES, ()), "toc-mismatch") == []


def test_sommaire_entry_absent_from_the_body():
    found = _sommaire_run(*GOOD, ("Annexe 7", "Délibérations", 51))
    assert [f.message for f in found] == ["Le sommaire cite l'annexe 7, absent du corps du document."]
    assert found[0].severity == WARNING and found[0].location.section == "Sommaire"
    assert found[0].location.paragraph == 12


def test_sommaire_title_differing_from_the_body():
    found = _sommaire_run(GOOD[0], ("Article 2", "Engagements des partenaires", 8))
    assert len(found) == 1
    assert "intitule l'article 2 «\u00a0Engagements des partenaires\u00a0»" in found[0].message
    assert "«\u00a0Les champs d'intervention de la Caf\u00a0»" in found[0].message


def test_sommaire_page_differing_from_the_body():
    """One information for the whole sommaire: page numbers are a matter of updating it."""
    assert _sommaire_run(("Article 1", "Objet de la convention", 6), GOOD[1]) == []
    pages = only(_run(ARTICLES, (), sommaire=_toc(("Article 1", "Objet de la convention", 6), GOOD[1])), "toc-pages")
    assert [(f.severity, f.message) for f in pages] == [
        (
            "info",
            "Les numéros de page du sommaire ne correspondent pas à la mise en page (1 entrée sur 2, par exemple "
            "l'article 1, annoncé page 6, commence page 7)\u00a0: mettre le sommaire à jour.",
        )
    ]


def test_section_left_out_of_the_sommaire():
    found = _sommaire_run(GOOD[0])
    assert [f.message for f in found] == ["L'article 2 ne figure pas au sommaire."]
    assert found[0].location.section == "Article 2"
