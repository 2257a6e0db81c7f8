"""Rules on articles: missing, numbered irregularly, lacking an element, altered."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.check.mapping import map_annexes, map_articles
from docgen.check.rules import articles
from docgen.check.rules.context import CheckContext
from docgen.library.catalog import Library
from docgen.library.reference import ReferenceArticle, ReferenceModel
from docgen.model.findings import ERROR, WARNING
from tests.check.rules.trees import article, context, document, library, model_articles, only

# Seed 004 (Saint-Jean-de-la-Ruelle), article 7 as signed.
RGPD_7 = (
    "Les parties s'engagent réciproquement à se communiquer toutes les informations utiles dans le cadre de "
    "l'exécution de la présente convention.",
    "Toutefois, en cas de projet d'échanges de données à caractère personnel, les demandes par l'une des parties "
    "feront obligatoirement l'objet d'une étude d'opportunité, de faisabilité et de conformité au Règlement Général "
    "sur la Protection des Données (RGPD) par l'autre partie, en la qualité de responsable de traitement de cette "
    "dernière. Ces demandes seront soumises pour étude et avis préalable au Délégué à la Protection des Données de la "
    "partie qui détient les données personnelles demandées.",
    "Si elles sont mises en œuvre, ces transmissions (ou mises à disposition) de données personnelles respecteront "
    "strictement le RGPD, la loi n° 78-17 du 6 Janvier 1978 modifiée relative à l'informatique, aux fichiers et aux "
    "libertés ainsi que les décisions, avis ou préconisations de la Commission nationale de l'Informatique et des "
    "Libertés (CNIL). La présente convention ne se substitue en rien à la nécessité, pour les responsables de "
    "traitement concernés, d'ajouter le traitement de données personnelles ainsi créé à la liste des traitements "
    "qu'il doit tenir au titre de l'article 30 du RGPD.",
)
# Seed 004, article 12 as signed.
FIN_12 = (
    "En cas de non-respect par l'une des parties de l'une de ses obligations résultant de la présente convention, "
    "celle-ci pourra être résiliée de plein droit par l'une ou l'autre partie, à l'expiration d'un délai d'un mois "
    "suivant l'envoi d'une lettre recommandée avec avis de réception valant mise en demeure de se conformer aux "
    "obligations contractuelles et restée infructueuse.",
    "La présente convention sera résiliée de plein droit par la Caf, sans qu'il soit besoin de procéder à une mise en "
    "demeure ou de remplir toutes formalités judiciaires, en cas de modification d'un des termes de la présente "
    "convention sans la signature d'un avenant.",
    "La présente convention peut être dénoncée par l'une ou l'autre des parties moyennant un délai de prévenance de "
    "6 mois.",
    "La résiliation de la présente convention entraînera l'arrêt immédiat des engagements des parties.",
)
DUREE_10 = (
    "La présente convention est conclue à compter du 1er janvier 2022 jusqu'au 31 décembre 2025.",
    "La présente convention ne peut être reconduite que par expresse reconduction.",
)


def _run(*sections, reference=None):
    return articles.run(context(document(sections), reference=reference and document(reference)))


def _numbered(*numbers):
    return [article(n, f"Article de test {n}", "Les parties arrêtent d'un commun accord.") for n in numbers]


# --- missing-article ---------------------------------------------------------------------------


def test_missing_mandatory_article_is_reported():
    found = only(_run(*model_articles(without=("recours",))), "missing-article")
    assert len(found) == 1
    assert found[0].severity == ERROR
    assert "«\u00a0Recours\u00a0»" in found[0].message
    assert "obligatoire dans le modèle ctg-2020" in found[0].message and "est absent" in found[0].message


def test_every_model_article_present_gives_no_missing_article():
    assert only(_run(*model_articles()), "missing-article") == []


def test_article_recognised_by_its_title_alone_is_not_missing():
    # a draft typed by hand has no clause id: the seed's heading « Les recours » is enough
    sections = (*model_articles(without=("recours",)), article(14, "Les recours", "Tout litige relève du tribunal."))
    assert only(_run(*sections), "missing-article") == []


# --- article-numbering -------------------------------------------------------------------------


def test_regular_numbering_gives_nothing():
    assert only(_run(*_numbered(1, 2, 3, 4)), "article-numbering") == []


def test_article_preliminaire_is_not_numbered():
    sections = [article(None, "Préambule", "Les Caf sont nées de la volonté d'apporter une aide."), *_numbered(1, 2)]
    assert only(_run(*sections), "article-numbering") == []


def test_a_gap_is_reported_once_at_the_article_after_it():
    found = only(_run(*_numbered(1, 2, 4, 5)), "article-numbering")
    assert len(found) == 1  # numbering resumes from 4: article 5 is expected
    assert found[0].severity == ERROR
    assert found[0].message == "Article numéroté 4 alors que le numéro attendu est 3."
    assert found[0].location.section == "Article 4"
    assert "ARTICLE 4" in found[0].location.excerpt


def test_numbering_must_start_at_one():
    found = only(_run(*_numbered(2, 3)), "article-numbering")
    assert [f.message for f in found] == ["Article numéroté 2 alors que le numéro attendu est 1."]


def test_a_duplicate_number_is_reported_as_such():
    found = only(_run(*_numbered(1, 2, 2, 3)), "article-numbering")
    assert [f.message for f in found] == ["Le numéro d'article 2 est utilisé deux fois."]
    assert found[0].severity == ERROR and found[0].location.section == "Article 2"


# --- missing-element ---------------------------------------------------------------------------


def test_seed_data_exchange_article_has_every_rgpd_element():
    assert only(_run(article(7, "Echanges de données", *RGPD_7)), "missing-element") == []


def test_data_exchange_article_without_rgpd_or_register_is_reported():
    stripped = [
        t.replace(" au Règlement Général sur la Protection des Données (RGPD)", "")
        .replace("le RGPD, ", "")
        .replace(" au titre de l'article 30 du RGPD", "")
        for t in RGPD_7
    ]
    found = only(_run(article(7, "Echanges de données", *stripped)), "missing-element")
    messages = [f.message for f in found]
    assert len(found) == 2, messages
    assert all(f.severity == ERROR and f.location.section == "Article 7" for f in found)
    assert any("règlement général sur la protection des données (RGPD)" in m for m in messages)
    assert any("registre prévu par l'article 30" in m for m in messages)
    assert all(m.startswith("L'article 7 «\u00a0Echanges de données\u00a0» ne contient pas") for m in messages)


def test_data_exchange_article_without_the_1978_law_is_reported():
    stripped = [t.replace("la loi n° 78-17 du 6 Janvier 1978 modifiée", "la loi") for t in RGPD_7]
    found = only(_run(article(7, "Echanges de données", *stripped)), "missing-element")
    assert [f.message.split("ne contient pas ")[1] for f in found] == [
        "la référence à la loi n° 78-17 du 6 janvier 1978 relative à l'informatique, aux fichiers et aux libertés."
    ]


def test_seed_termination_article_has_its_notice_periods():
    assert only(_run(article(12, "Fin de la convention", *FIN_12)), "missing-element") == []


@pytest.mark.parametrize(
    ("old", "new", "missing"),
    [
        ("6 mois", "3 mois", "délai de prévenance de six mois"),
        ("à l'expiration d'un délai d'un mois suivant", "après", "un mois après une mise en demeure"),
    ],
)
def test_termination_article_with_another_notice_is_reported(old, new, missing):
    text = [t.replace(old, new) for t in FIN_12]
    assert text != list(FIN_12)
    found = only(_run(article(12, "Fin de la convention", *text)), "missing-element")
    assert len(found) == 1 and missing in found[0].message
    assert found[0].location.section == "Article 12"


def test_seed_duration_article_with_1er_dates_has_its_dates():
    assert only(_run(article(10, "Durée de la convention", *DUREE_10)), "missing-element") == []


def test_duration_article_without_an_end_date_is_reported():
    text = ("La présente convention prend effet à compter du 1er janvier 2022.", DUREE_10[1])
    found = only(_run(article(10, "Durée de la convention", *text)), "missing-element")
    assert [f.message for f in found] == [
        "L'article 10 «\u00a0Durée de la convention\u00a0» ne contient pas la date d'échéance de la convention."
    ]


# --- altered-article ---------------------------------------------------------------------------

COMMUNICATION = library().clauses["communication"].text.split("\n\n")


def test_library_text_itself_is_not_altered():
    assert only(_run(article(8, "Communication", *COMMUNICATION)), "altered-article") == []


def test_other_wording_of_the_same_clause_is_not_an_alteration():
    seed = (
        "Les parties décident et réalisent, d'un commun accord, les actions de communication relatives à la présente "
        "convention.",
        "Les supports communs font apparaître les logos de chacune des parties.",
    )
    assert only(_run(article(8, "Communication", *seed)), "altered-article") == []


def test_a_changed_wording_is_not_reported_against_the_library():
    # the library's clauses are our own wording: only an official text is compared word for word
    text = [t.replace("le logo de chacune des parties", "le seul logo de la commune") for t in COMMUNICATION]
    assert only(_run(article(8, "Communication", *text)), "altered-article") == []


def test_a_sentence_added_at_the_end_is_not_reported():
    text = [*COMMUNICATION, "Un bilan de la communication est présenté chaque année au comité de pilotage."]
    assert only(_run(article(8, "Communication", *text)), "altered-article") == []


def test_the_seeds_official_wording_reverses_nothing():
    sections = (
        article(7, "Echanges de données", *RGPD_7),
        article(10, "Durée de la convention", *DUREE_10),
        article(12, "Fin de la convention", *FIN_12),
    )
    assert only(_run(*sections), "altered-article") == []


# --- altered-article: a reversal of a required element, in any wording -------------------------


def test_a_negation_added_to_the_library_wording_is_a_reversal():
    text = [t.replace("communs comportent le logo", "communs ne comportent pas le logo") for t in COMMUNICATION]
    found = only(_run(article(8, "Communication", *text)), "altered-article")
    assert [f.message for f in found] == [
        "L'article 8 «\u00a0Communication\u00a0» inverse le sens du texte type sur l'apposition des logos des "
        "parties sur les supports communs\u00a0: négation ajoutée («\u00a0ne … pas\u00a0»)."
    ]
    assert found[0].severity == WARNING and found[0].location.section == "Article 8"
    assert found[0].location.excerpt.startswith("Les supports de communication communs ne comportent pas")


def test_a_negation_added_to_the_official_wording_is_a_reversal():
    text = [t.replace("peut être dénoncée", "ne peut pas être dénoncée") for t in FIN_12]
    found = only(_run(article(12, "Fin de la convention", *text)), "altered-article")
    assert len(found) == 1 and found[0].severity == WARNING
    assert "délai de prévenance de six mois" in found[0].message and "négation ajoutée" in found[0].message


def test_a_negation_removed_is_a_reversal():
    clause = library().clauses["engagements_2016"].text.split("\n\n")
    text = [t.replace("qu'aucune d'entre elles ne peut", "que chacune d'entre elles peut") for t in clause]
    sections = (article(5, "Engagements des partenaires", *text),)
    found = only(articles.run(context(document(sections), model="ctg-2016")), "altered-article")
    assert len(found) == 1
    assert "convention d'objectifs et de gestion" in found[0].message
    assert "négation retirée (le texte type dit «\u00a0ne peut\u00a0»)" in found[0].message


@pytest.mark.parametrize(
    ("old", "new", "change"),
    [
        (
            "Les parties s'engagent à mobiliser",
            "Les parties peuvent mobiliser",
            "«\u00a0s'engagent\u00a0» → «\u00a0peuvent\u00a0»",
        ),
        ("en examine obligatoirement", "peut en examiner", "«\u00a0obligatoirement\u00a0» → «\u00a0peut\u00a0»"),
    ],
)
def test_an_obligation_turned_into_a_possibility_is_a_reversal(old, new, change):
    clause_id, title = (
        ("engagements", "Engagements des partenaires")
        if "engagent" in old
        else (
            "echanges_donnees",
            "Échanges de données",
        )
    )
    text = [t.replace(old, new) for t in library().clauses[clause_id].text.split("\n\n")]
    assert text != library().clauses[clause_id].text.split("\n\n")
    found = only(_run(article(5, title, *text, key=clause_id)), "altered-article")
    assert len(found) == 1 and f"obligation changée en possibilité ({change})" in found[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "Son renouvellement ne peut résulter que de l'accord exprès des parties.",  # « ne … que » restricts
        "Tout litige né de l'exécution de la présente convention relève du tribunal administratif.",  # « né »
    ],
)
def test_restrictions_and_lookalikes_are_not_negations(sentence):
    assert articles._negation(sentence.lower().replace("\u2019", "'")) == ""


def test_against_a_reference_document_the_reference_wording_is_the_standard():
    seed = ("Les supports communs font apparaître les logos de chacune des parties.",)
    same = _run(article(8, "Communication", *seed), reference=(article(8, "Communication", *seed),))
    assert only(same, "altered-article") == []
    changed = _run(
        article(8, "Communication", "Les supports communs font apparaître le logo de la commune."),
        reference=(article(8, "Communication", *seed),),
    )
    found = only(changed, "altered-article")
    assert len(found) == 1 and found[0].severity == WARNING
    assert "du document de référence" in found[0].message


# --- altered-article: against a registered reference model, every difference ------------------


def _against_official(*sections, official: dict[str, str]):
    """The rule run against a reference model whose article text for each clause id is `official[id]`."""
    bundled = library()
    model = ReferenceModel(
        id="caf-45-2022",
        label="Modèle de la Caf du Loiret",
        base="ctg-2020",
        source="modele.docx",
        registered=dt.date(2025, 3, 1),
        articles=[ReferenceArticle(number=8, title="Communication", clause=cid, text=t) for cid, t in official.items()],
    )
    own = Library(bundled.clauses, bundled.models, bundled.cogs, {model.id: model})
    doc = document(sections)
    spec = own.model(model.id)
    return articles.run(CheckContext(doc, own, map_articles(doc, spec, own), map_annexes(doc, spec)))


SEED_COMMUNICATION = (
    "Les parties décident et réalisent, d'un commun accord, les actions de communication relatives à la présente "
    "convention. Les supports communs font apparaître les logos de chacune des parties."
)


def test_the_official_text_itself_is_not_altered():
    draft = article(8, "Communication", SEED_COMMUNICATION)
    assert only(_against_official(draft, official={"communication": SEED_COMMUNICATION}), "altered-article") == []


def test_against_the_official_text_every_change_of_wording_is_an_alteration():
    draft = article(8, "Communication", SEED_COMMUNICATION.replace("réalisent", "mettent en œuvre"))
    found = only(_against_official(draft, official={"communication": SEED_COMMUNICATION}), "altered-article")
    assert len(found) == 1 and found[0].severity == WARNING
    assert found[0].message == (
        "L'article 8 «\u00a0Communication\u00a0» s'écarte du texte du modèle de référence caf-45-2022\u00a0: "
        "retiré «\u00a0réalisent\u00a0», ajouté «\u00a0mettent en œuvre\u00a0»"
    )


def test_blanks_of_the_official_text_take_any_value():
    official = "La présente convention est conclue du … au XX/XX/XXXX. Elle est signée par [à compléter]."
    draft = "La présente convention est conclue du 1er janvier 2022 au 31/12/2025. Elle est signée par le maire."
    sections = (article(8, "Communication", draft),)
    assert only(_against_official(*sections, official={"communication": official}), "altered-article") == []


def test_an_article_the_official_model_lacks_is_judged_against_the_library():
    text = [t.replace("communs comportent le logo", "communs ne comportent pas le logo") for t in COMMUNICATION]
    found = only(_against_official(article(8, "Communication", *text), official={"duree": "Texte."}), "altered-article")
    assert len(found) == 1 and "inverse le sens du texte type" in found[0].message
