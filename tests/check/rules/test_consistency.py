"""Whole-document rules: placeholders, dates, parties and the territory's name."""

from __future__ import annotations

import pytest

from docgen.check.rules import consistency
from docgen.model.findings import ERROR, WARNING
from docgen.model.tree import Origin, Signatory, TocEntry
from tests.check.rules.trees import CAF, COMMUNE, SIGNATORIES, article, context, document, only, p, signature

DUREE = "La présente convention est conclue à compter du {} jusqu'au {}."


def _run(**doc):
    return consistency.run(context(document(**doc)))


def _duration(start="1er janvier 2022", end="31 décembre 2025"):
    return (article(10, "Durée de la convention", DUREE.format(start, end)),)


# --- placeholder -------------------------------------------------------------------------------


def test_seed_signature_date_left_as_xx():
    found = only(_run(sig=signature("Fait à Orléans, le XX/XX/2022.")), "placeholder")
    assert len(found) == 1 and found[0].severity == ERROR
    assert found[0].message == "Texte à compléter\u00a0: date non renseignée."
    assert found[0].location.section == "Signature" and found[0].location.paragraph == 300
    assert found[0].location.excerpt == "Fait à Orléans, le XX/XX/2022."


def test_signature_with_its_date():
    assert only(_run(sig=signature("Fait à Orléans, le 19 décembre 2022.")), "placeholder") == []


def test_signature_date_left_blank():
    found = only(_run(sig=signature("Fait à Orléans, le")), "placeholder")
    assert [f.message for f in found] == ["Texte à compléter\u00a0: date de signature manquante."]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("dument autorisé par délibération du conseil municipal en date du …, ", "valeur laissée en «\u00a0…\u00a0»"),
        ("La présente convention comporte ... pages.", "valeur laissée en «\u00a0…\u00a0»"),
        ("dument autorisé par délibération du conseil municipal en date du, ", "«\u00a0en date du\u00a0» sans date"),
        ("représentée par [nom du maire]", "champ à compléter entre crochets"),
        ("Le montant du bonus territoire s'élève à XX euros.", "valeur «\u00a0XX\u00a0» à remplacer"),
        ("Le Maire : ____________", "ligne à remplir"),
        ("…", "valeur laissée en «\u00a0…\u00a0»"),
        # as people leave them (domain.md, « Drafts as they arrive »)
        ("La Commune de , représentée par son Maire, M. Yves LAPORTE", "nom laissé en blanc avant la ponctuation"),
        ("autorisé par délibération du Conseil Communautaire du …., ", "valeur laissée en «\u00a0…\u00a0»"),
        ("autorisé par délibération du  /  / 2022,", "date non renseignée"),
        ("autorisé par délibération du __/__/____,", "date non renseignée"),
        ("représentée par son Maire, M. , dûment autorisé", "nom laissé en blanc après la civilité"),
        ("Commune de Commune de La Chapelle Aux Brocs", "mots répétés par une fusion de modèle"),
        ("représentée par son maire, Monsieur/Madame DUPONT", "civilité «\u00a0Monsieur/Madame\u00a0» à choisir"),
        ("représentée par son maire, «Nom_du_maire»,", "champ de fusion non rempli"),
        ("Le montant s'élève à XXXX euros.", "valeur «\u00a0XX\u00a0» à remplacer"),
    ],
)
def test_placeholder_shapes_in_the_parties_block(text, what):
    found = only(_run(front=(p(text, index=4),)), "placeholder")
    assert [f.message for f in found] == [f"Texte à compléter\u00a0: {what}."]
    assert found[0].location.section == "En-tête" and found[0].location.paragraph == 4
    assert found[0].location.describe() == "En-tête, 1er alinéa"


@pytest.mark.parametrize(
    "text",
    [
        "Le développement des services aux allocataires, par :",  # a colon that opens a list
        "Nous nous engageons à informer les familles.",
        "Le nombre de demandeurs d'emploi de catégorie A a augmenté de 14,8 %.",
        "Les actions sont menées par la Caf et/ou la commune, le 12/03/2022.",
        "représentée par son Maire, M. Yves LAPORTE, dûment autorisé",
    ],
)
def test_ordinary_writing_is_not_a_placeholder(text):
    assert only(_run(front=(p(text, index=4),)), "placeholder") == []


def test_filled_parties_block_has_no_placeholder():
    text = "dument autorisé par délibération du conseil municipal en date du 19 décembre 2022, sous le n° 2022-353."
    assert only(_run(front=(p(text, index=4),)), "placeholder") == []


def test_seed_sommaire_name_never_filled_in():
    entry = TocEntry("Annexe 6", "Décision du conseil municipal de en date du 19/12/2022", 51, Origin(30))
    found = only(_run(sommaire=(entry,)), "placeholder")
    assert [f.message for f in found] == ["Texte à compléter\u00a0: nom manquant avant «\u00a0en date du\u00a0»."]
    assert found[0].location.section == "Sommaire" and found[0].location.paragraph == 30


def test_sommaire_name_filled_in():
    title = "Décision du conseil municipal de Saint-Jean-de-la-Ruelle en date du 19/12/2022"
    assert only(_run(sommaire=(TocEntry("Annexe 6", title, 51, Origin(30)),)), "placeholder") == []


def test_annex_a_completer_is_located_in_the_annex():
    found = only(_run(articles=(article(5, "Engagements des partenaires", "Montant : à compléter"),)), "placeholder")
    assert [f.location.section for f in found] == ["Article 5"]
    assert "à compléter" in found[0].message


def test_blank_name_before_a_comma():
    found = only(_run(front=(p("La Commune de , représentée par son maire", index=3),)), "placeholder")
    assert len(found) == 1


def test_words_doubled_by_a_template_merge():
    found = only(
        _run(front=(p("La Commune de Commune de Saint-Jean-de-la-Ruelle, représentée", index=3),)), "placeholder"
    )
    assert len(found) == 1


def test_single_commune_de_is_not_a_doubling():
    front = (p("La Commune de Saint-Jean-de-la-Ruelle, représentée par son maire", index=3),)
    assert only(_run(front=front), "placeholder") == []


# --- date-inconsistency ------------------------------------------------------------------------


def test_period_in_order():
    assert only(_run(articles=_duration()), "date-inconsistency") == []


def test_end_before_start():
    found = only(_run(articles=_duration("1er janvier 2026", "31 décembre 2025")), "date-inconsistency")
    assert [f.message for f in found] == ["La date de fin de la convention précède sa date de début."]
    assert found[0].severity == ERROR and found[0].location.section == "Article 10"


def test_end_equal_to_start():
    found = only(_run(articles=_duration("1er janvier 2022", "1er janvier 2022")), "date-inconsistency")
    assert len(found) == 1 and "précède sa date de début" in found[0].message


def test_cover_period_written_01_01_matches_1er_janvier():
    # seed 004: the cover says « Du 01/01/2022 au 31/12/2025 », article 10 « du 1er janvier 2022 »
    assert only(_run(articles=_duration(), subtitle="Du 01/01/2022 au 31/12/2025"), "date-inconsistency") == []


def test_cover_period_differing_from_the_duration_article():
    found = only(_run(articles=_duration(), subtitle="Du 01/01/2022 au 31/12/2026"), "date-inconsistency")
    assert [f.message for f in found] == [
        "La date de fin de la page de titre (31/12/2026) diffère de celle de l'article "
        "«\u00a0Durée de la convention\u00a0» (31/12/2025)."
    ]
    assert found[0].location.section == "Article 10"


@pytest.mark.parametrize(
    "signed",
    ["Fait à Orléans, le 19 décembre 2022.", "Fait à Orléans, le 31 décembre 2025.", "Fait à Orléans, le 2/01/2021."],
)
def test_signature_within_the_period_or_shortly_before(signed):
    assert only(_run(articles=_duration(), sig=signature(signed)), "date-inconsistency") == []


def test_signature_after_the_end():
    found = only(
        _run(articles=_duration(), sig=signature("Fait à Orléans, le 1er janvier 2026.")), "date-inconsistency"
    )
    assert [f.message for f in found] == [
        "La date de signature (01/01/2026) est postérieure à la fin de la convention (31/12/2025)."
    ]
    assert found[0].location.section == "Signature"


def test_signature_more_than_a_year_before_the_start():
    found = only(_run(articles=_duration(), sig=signature("Fait à Orléans, le 30/12/2020.")), "date-inconsistency")
    assert [f.message for f in found] == [
        "La date de signature (30/12/2020) précède de plus d'un an le début de la convention (01/01/2022)."
    ]


def test_signature_checked_against_the_cover_period_without_a_duration_article():
    found = only(
        _run(subtitle="Du 01/01/2022 au 31/12/2025", sig=signature("Fait à Orléans, le 15 mars 2026.")),
        "date-inconsistency",
    )
    assert len(found) == 1 and "postérieure à la fin" in found[0].message


# --- party-inconsistency -----------------------------------------------------------------------


def test_signatories_are_the_representatives_accents_and_case_aside():
    # parties say PREVOTAT, the signature column PRÉVOTAT (seed 004)
    assert only(_run(parties=(CAF, COMMUNE), sig=signature()), "party-inconsistency") == []


def test_signatory_who_is_no_designated_representative():
    other = (SIGNATORIES[0], Signatory("La commune", "Le Maire", "Madame Claire DUPONT"))
    found = only(_run(parties=(CAF, COMMUNE), sig=signature(signatories=other)), "party-inconsistency")
    messages = [f.message for f in found]
    assert all(f.severity == ERROR for f in found)
    assert (
        "Le signataire «\u00a0Madame Claire DUPONT\u00a0» ne correspond à aucun représentant désigné "
        "en tête de la convention." in messages
    )
    # and the mayor designated at the top does not sign
    assert any("Monsieur Christophe CHAILLOU" in m and "ne figure pas parmi les signataires" in m for m in messages)
    assert len(found) == 2


def test_territory_name_misspelt_in_the_preamble():
    # seed 004: « Saint de la Ruelle est une commune de 16500 habitants »
    preamble = article(
        None, "Préambule", "Saint de la Ruelle est une commune de 16500 habitants au sein de la métropole."
    )
    found = only(_run(parties=(CAF, COMMUNE), preamble=preamble), "party-inconsistency")
    assert len(found) == 1 and found[0].severity == WARNING
    assert found[0].message == (
        "Le nom du territoire est écrit «\u00a0Saint de la Ruelle\u00a0» "
        "au lieu de «\u00a0Saint Jean-de-la-Ruelle\u00a0»."
    )
    assert found[0].location.section == "Article préliminaire"


def test_territory_name_spelt_right_with_or_without_hyphens():
    preamble = article(
        None,
        "Préambule",
        "la Caf du Loiret et la commune de Saint Jean de la Ruelle souhaitent conclure une Convention.",
        "La commune de Saint-Jean-de-la-Ruelle dispose d'une offre complète.",
    )
    assert only(_run(parties=(CAF, COMMUNE), preamble=preamble), "party-inconsistency") == []


# --- outdated-reference (a Cog that had ended at the signature) ---------------------------------------------


def _cogs(text: str, signed: str):
    doc = document(
        (article(2, "Champs d'intervention de la Caf", text),),
        sig=signature(f"Fait à Vierzon, le {signed}."),
    )
    return only(consistency.run(context(doc)), "outdated-reference")


def test_a_2024_draft_citing_the_cog_2018_2022():
    [found] = _cogs(
        "La convention d'objectifs et de gestion 2018-2022 est articulée autour des axes suivants.", "12 mars 2024"
    )
    assert found.severity == WARNING
    assert found.message == (
        "Le document cite la convention d'objectifs et de gestion 2018-2022, qui n'était plus en vigueur à sa "
        "signature (12/03/2024)\u00a0: celle en vigueur est la Cog 2023-2027."
    )


@pytest.mark.parametrize(
    "text, signed",
    [
        ("La convention d'objectifs et de gestion entre la Cnaf et l'Etat signée pour 2018-2022.", "20 décembre 2022"),
        ("Aides Caf sous réserve de la COG 2023-2027.", "20 décembre 2022"),  # the next one, announced
        ("La Cog 2023 – 2027 fixe les priorités.", "12 mars 2024"),
        ("Le contrat enfance jeunesse 2014-2017 a pris fin.", "12 mars 2024"),  # not a Cog
    ],
)
def test_a_cog_in_force_or_to_come_gives_nothing(text, signed):
    assert _cogs(text, signed) == []
