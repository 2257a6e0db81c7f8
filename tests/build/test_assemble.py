"""Assembly on small data: the tree's parts and numbers, and how parties are introduced and sign."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from docgen.build import annexes
from docgen.build.assemble import Numbering, assemble, numbering, party_block, party_feminine, signature_block
from docgen.data.loading import load_convention
from docgen.library.catalog import Library
from docgen.model.errors import DocgenError
from docgen.model.frenchtext import typography
from docgen.model.territory import Authorisation, ExtraAnnex, Party, Representative, Signature
from docgen.model.tree import AnnexRef, ArticleRef, BulletList, block_text
from tests.conftest import MINI

MADAME_DIRECTRICE = Representative(civility="Madame", name="Claire Martin", function="directrice")
MONSIEUR_DIRECTEUR = Representative(civility="Monsieur", name="Paul Durand", function="directeur")
MADAME_PRESIDENTE = Representative(civility="Madame", name="Anne Roy", function="présidente")
MADAME_ADJOINTE = Representative(civility="Madame", name="Inès Lenoir", function="adjointe au maire")


def _party(name: str, *people: Representative, short: str = "la Caf", **kw) -> Party:
    return Party(id="p", kind="caf", name=name, short_name=short, representatives=list(people), **kw)


CAF = "la Caisse d'allocations familiales du Loiret"


@pytest.mark.parametrize(
    "name,short,feminine",
    [
        (CAF, "la Caf", True),
        ("le centre communal d'action sociale de Metz", "le CCAS", False),
        ("Mulhouse Alsace Agglomération", "m2A", True),  # no article: feminine, as « la collectivité »
        ("Mulhouse Alsace Agglomération", "le syndicat", False),  # the short name's article decides
    ],
)
def test_gender_of_a_party_from_its_article(name, short, feminine):
    assert party_feminine(_party(name, MADAME_DIRECTRICE, short=short)) is feminine


def test_explicit_gender_wins_over_the_article():
    assert party_feminine(_party("le Grand Reims", MADAME_DIRECTRICE, short="le Grand Reims", feminine=True))


@pytest.mark.parametrize(
    "people,expected",
    [
        ((MADAME_DIRECTRICE,), "représentée par sa directrice, Madame Claire Martin, dûment autorisée à signer"),
        ((MONSIEUR_DIRECTEUR,), "représentée par son directeur, Monsieur Paul Durand, dûment autorisé à signer"),
        # « son » before a vowel, even for a woman
        ((MADAME_ADJOINTE,), "représentée par son adjointe au maire, Madame Inès Lenoir, dûment autorisée à signer"),
        (
            (MADAME_PRESIDENTE, MADAME_DIRECTRICE),
            "représentée par sa présidente, Madame Anne Roy, et par sa directrice, Madame Claire Martin, "
            "dûment autorisées à signer",
        ),
        (
            (MADAME_PRESIDENTE, MONSIEUR_DIRECTEUR),
            "représentée par sa présidente, Madame Anne Roy, et par son directeur, Monsieur Paul Durand, "
            "dûment autorisés à signer",
        ),
    ],
)
def test_representation_agrees_with_each_representative_and_their_number(people, expected):
    block = party_block(_party(CAF, *people))
    assert block.representation.startswith(expected + " la présente convention")
    assert block.name == "La Caisse d’allocations familiales du Loiret" and block.feminine


def test_a_masculine_party_is_represente_and_three_representatives_are_listed():
    people = (MADAME_PRESIDENTE, MONSIEUR_DIRECTEUR, MADAME_DIRECTRICE)
    block = party_block(_party("le centre communal d'action sociale de Metz", *people, short="le CCAS"))
    assert block.representation.startswith(
        "représenté par sa présidente, Madame Anne Roy, par son directeur, Monsieur Paul Durand, "
        "et par sa directrice, Madame Claire Martin, dûment autorisés"
    )
    assert not block.feminine and block.short_name == "le CCAS"


def test_authorisation_with_and_without_a_number():
    decided = dt.date(2022, 12, 19)
    numbered = Authorisation(act="délibération", body="conseil municipal", date=decided, number="DELIB2022353")
    block = party_block(_party("la commune de Saint-Jean", MONSIEUR_DIRECTEUR, authorisation=numbered))
    assert block.representation.endswith(
        "à signer la présente convention par délibération n°\u00a0DELIB2022353 du conseil municipal du 19 décembre 2022"
    )
    plain = Authorisation(act="décision", body="conseil d'administration", date=dt.date(2016, 4, 1))
    block = party_block(_party(CAF, MONSIEUR_DIRECTEUR, authorisation=plain), act="le présent avenant")
    assert block.representation.endswith(
        "à signer le présent avenant par décision du conseil d’administration du 1er avril 2016"
    )
    assert "n°" not in block.representation


def test_signature_block_one_column_per_representative(library):
    convention = load_convention(MINI, library)
    caf = convention.parties[0].model_copy(update={"representatives": [MADAME_PRESIDENTE, MONSIEUR_DIRECTEUR]})
    convention = convention.model_copy(update={"parties": [caf, *convention.parties[1:]]})
    block = signature_block(convention.parties, Signature(place="Orléans", date=dt.date(2024, 3, 15)))
    assert [(s.party, s.function, s.name) for s in block.signatories] == [
        ("Pour la Caisse d’allocations familiales du Loiret", "La présidente", "Madame Anne Roy"),
        ("Pour la Caisse d’allocations familiales du Loiret", "Le directeur", "Monsieur Paul Durand"),
        ("Pour la commune de Villebourg", "Le maire", "Monsieur Paul Durand"),
    ]
    assert (block.place, block.date, block.originals) == ("Orléans", dt.date(2024, 3, 15), 2)


# The whole tree of the small territory, and what each part of the data decides in it.


@pytest.fixture(scope="module")
def mini(library):
    return load_convention(MINI, library)


def _texts(section) -> list[str]:
    return [block_text(b) for b in section.blocks]


def test_articles_numbered_in_model_order_with_their_titles(mini, library):
    doc = assemble(mini, library)
    model = library.model("ctg-2020")
    assert [a.key for a in doc.articles] == model.articles
    assert [a.number for a in doc.articles] == list(range(1, len(model.articles) + 1))
    assert [a.title for a in doc.articles] == [typography(library.clauses[c].title) for c in model.articles]
    assert all(a.kind == "article" and a.blocks for a in doc.articles)
    assert (doc.preamble.key, doc.preamble.number, doc.preamble.kind) == ("preambule", None, "article")
    assert doc.visas and doc.model_id == "ctg-2020" and doc.territory == "Villebourg"


def test_front_matter_from_the_data(mini, library):
    doc = assemble(mini, library)
    assert doc.title == "Convention territoriale globale de services aux familles"
    assert doc.subtitle == "Du 1er janvier 2024 au 31 décembre 2027"
    assert doc.date == dt.date(2024, 3, 15)
    assert doc.cover_lines == (
        "La commune de Villebourg",
        "Entre la Caisse d’allocations familiales du Loiret et la commune de Villebourg",
    )
    assert [p.name for p in doc.parties] == ["La Caisse d’allocations familiales du Loiret", "La commune de Villebourg"]
    assert doc.signature is not None and (doc.signature.place, doc.signature.date) == ("Orléans", dt.date(2024, 3, 15))
    titled = assemble(mini.model_copy(update={"title": "Convention territoriale globale de Villebourg"}), library)
    assert titled.title == "Convention territoriale globale de Villebourg"


def test_annexes_numbered_from_the_data_each_with_its_title(mini, library):
    doc = assemble(mini, library)
    model = library.model("ctg-2020")
    assert [a.key for a in doc.annexes] == [a.key for a in model.annexes]
    assert [a.number for a in doc.annexes] == list(range(1, len(model.annexes) + 1))
    assert [a.title for a in doc.annexes] == [typography(a.title) for a in model.annexes]
    assert [a.key for a in doc.annexes if a.wide] == ["action_plan"]
    assert all(a.kind == "annex" and a.blocks for a in doc.annexes)


def test_an_annex_without_data_is_left_out_and_the_others_renumbered(mini, library):
    model = library.model("ctg-2020")
    assert numbering(mini, model).annexes == {
        "diagnosis": 1,
        "equipment": 2,
        "action_plan": 3,
        "pilotage": 4,
        "evaluation": 5,
        "deliberations": 6,
    }
    assert numbering(mini.model_copy(update={"diagnosis": None, "evaluation": None}), model).annexes == {
        "equipment": 1,
        "action_plan": 2,
        "pilotage": 3,
        "deliberations": 4,
    }
    assert "equipment" not in numbering(mini.model_copy(update={"equipment": None}), model).annexes
    assert "data_agreements" not in numbering(mini, library.model("ctg-2016")).annexes


def test_a_clause_citing_an_annex_left_out_is_an_error(mini, library):
    with pytest.raises(DocgenError, match="la clause cite l'annexe « diagnosis », que ce territoire n'inclut pas"):
        assemble(mini.model_copy(update={"diagnosis": None}), library)


def test_references_follow_the_annex_numbers(mini, library):
    objet = next(a for a in assemble(mini, library).articles if a.key == "objet")
    assert "l’état des lieux figurant en annexe 1 ;" in objet.text
    assert "services énumérés en annexe 2 ;" in objet.text and "figurant en annexe 3." in objet.text


def test_extra_annexes_come_after_the_model_and_keep_their_text(mini, library):
    extra = ExtraAnnex(key="charte", title="Charte de la parentalité", text="La charte est jointe.")
    doc = assemble(mini.model_copy(update={"extra_annexes": [extra]}), library)
    last = doc.annexes[-1]
    assert (last.key, last.number, last.title) == ("charte", len(doc.annexes), "Charte de la parentalité")
    assert _texts(last) == ["La charte est jointe."] and not last.wide


def test_an_addition_is_appended_to_its_article_only(mini, library):
    plain = assemble(mini, library)
    added = assemble(
        mini.model_copy(update={"additions": {"duree": "La convention est reconductible une fois."}}), library
    )
    for before, after in zip(plain.articles, added.articles, strict=True):
        if after.key == "duree":
            assert _texts(after) == [*_texts(before), "La convention est reconductible une fois."]
        else:
            assert after == before


def test_resolve_gives_annex_and_article_references():
    num = Numbering(articles={"objet": 1, "duree": 10}, annexes={"pilotage": 4}, annex_titles={"pilotage": "Pilotage"})
    assert num.resolve("annex", "pilotage") == AnnexRef("pilotage", 4, capitalized=False)
    assert num.resolve("annex", "pilotage:cap") == AnnexRef("pilotage", 4, capitalized=True)
    assert num.resolve("article", "duree") == ArticleRef("duree", 10)


def _library_with(library, clause_id: str, text: str):
    clause = dataclasses.replace(library.clauses[clause_id], text=text)
    return Library(clauses={**library.clauses, clause_id: clause}, models=library.models)


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "Voir {{ annex('data_agreements') }}.",
            "l'annexe «\u00a0data_agreements\u00a0», que ce territoire n'inclut pas",
        ),
        ("Voir {{ article('inconnu') }}.", "l'article «\u00a0inconnu\u00a0», absent du modèle"),
    ],
)
def test_a_clause_citing_what_the_convention_lacks_is_an_error(mini, library, text, message):
    with pytest.raises(DocgenError, match=message) as raised:
        assemble(mini, _library_with(library, "objet", text), MINI / "convention.yaml")
    assert "objet" in raised.value.message and raised.value.path == str(MINI / "convention.yaml")


def test_clauses_see_the_data_they_cite(mini, library):
    text = (
        "{{ caf.short_name }}|{{ collectivity.name }}|{{ territory.name }}|{{ parties|length }}|"
        "{{ has_annex('diagnosis') }}|{{ has_annex('data_agreements') }}|"
        "{{ article('duree') }}|{{ annex('pilotage', cap=True) }}"
    )
    objet = next(a for a in assemble(mini, _library_with(library, "objet", text)).articles if a.key == "objet")
    assert objet.text == "la Caf|la commune de Villebourg|Villebourg|2|True|False|article 10|Annexe 4"


def test_the_deliberations_annex_includes_the_caf_decision_unless_the_model_has_its_own(mini, library):
    from docgen.build.assemble import _annex

    num = numbering(mini, library.model("ctg-2020"))
    deliberations = _annex(mini, "deliberations", 6, num, library.model("ctg-2020"))
    with_caf = annexes.deliberations(mini, num.resolve, include_caf=True)
    assert deliberations.blocks == with_caf
    own = library.model("ctg-2016")
    assert _annex(mini, "deliberations", 6, num, own).blocks == annexes.deliberations(
        mini, num.resolve, include_caf=False
    )


def _cited(doc) -> tuple[str, str]:
    visa = next(b.text for b in doc.visas if "objectifs et de gestion" in b.text)
    article = next(a for a in doc.articles if a.key == "champs_caf").text
    return visa, article


def test_a_2024_convention_cites_the_cog_2023_2027_with_its_date_and_axes(mini, library):
    visa, article = _cited(assemble(mini, library))
    assert "(Cnaf) pour la période 2023-2027, signée le 10 juillet 2023" in visa
    assert (
        "conclue entre l’État et la Cnaf pour la période 2023-2027, signée le 10 juillet 2023, qui les ordonne"
        in article
    )
    assert "la poursuite du développement des services attentionnés dans chaque étape de la vie\u00a0;" in article
    assert "2018-2022" not in article and "se poursuivant au-delà" not in article, "runs within its Cog"


def test_a_convention_running_into_the_next_cog_says_so(mini, library):
    signed_2022 = mini.model_copy(
        update={
            "signature": mini.signature.model_copy(update={"date": dt.date(2022, 12, 20)}),
            "period": mini.period.model_copy(update={"start": dt.date(2022, 1, 1), "end": dt.date(2025, 12, 31)}),
        }
    )
    visa, article = _cited(assemble(signed_2022, library))
    assert "(Cnaf) pour la période 2018-2022" in visa
    assert "signée le" not in visa, "no signature date without a source"
    assert "le développement de l’offre d’accueil du jeune enfant" in article
    assert (
        "La présente convention se poursuivant au-delà du 31 décembre 2022, terme de cette convention d’objectifs et "
        "de gestion, ses engagements s’inscrivent ensuite dans le cadre de celle qui lui succède pour la période "
        "2023-2027, signée le 10 juillet 2023."
    ) in article


def test_without_a_cog_in_force_the_text_stays_general(mini, library):
    bare = Library(clauses=library.clauses, models=library.models)
    visa, article = _cited(assemble(mini, bare))
    assert visa.startswith(
        "Vu la convention d’objectifs et de gestion (Cog) conclue entre l’État et la Caisse nationale"
    )
    assert "pour la période" not in visa
    assert (
        "Ces interventions s’inscrivent dans le cadre de la convention d’objectifs et de gestion conclue entre "
        "l’État et la Cnaf, qui en fixe les axes, dont la garantie de l’accès aux droits des familles." in article
    ), "general, and still holding the element the checker requires"


def _sentences(section) -> list[str]:
    return [s for t in _texts(section) for s in re.split(r"(?<=[.;])\s+", t) if s]


def test_chair_and_secretariat_are_said_the_same_in_the_article_and_the_annex(mini, library):
    steering = mini.pilotage.steering_committee
    for secretariat, short in (("commune", "la commune"), ("caf", "la Caf")):
        data = mini.model_copy(
            update={
                "pilotage": mini.pilotage.model_copy(
                    update={"steering_committee": steering.model_copy(update={"secretariat": secretariat})}
                )
            }
        )
        doc = assemble(data, library)
        article = next(a for a in doc.articles if a.key == "collaboration").text
        annex = next(a for a in doc.annexes if a.key == "pilotage").text
        assert f"Son secrétariat permanent est assuré par {short}." in article
        assert f"Son secrétariat est assuré par {short}." in annex
        other = "la Caf" if short == "la commune" else "la commune"
        assert f"assuré par {other}" not in article + annex
        assert "il est présidé par le maire" in article and "Il est présidé par le maire." in annex


def test_lists_in_running_text_take_legal_punctuation(mini, library):
    doc = assemble(mini, library)
    domains = next(b for b in doc.preamble.blocks if isinstance(b, BulletList) and "parentalité" in block_text(b))
    assert [i.text for i in domains.items] == ["petite enfance\u00a0;", "parentalité."]
    fields = next(a for a in doc.articles if a.key == "champs_collectivite")
    items = [i.text for b in fields.blocks if isinstance(b, BulletList) for i in b.items]
    assert items == ["Multi-accueil «\u00a0Les Lutins\u00a0»\u00a0;", "Accueil de loisirs sans hébergement."]


def test_functions_are_lower_case_after_the_possessive(library):
    boss = Representative(civility="Madame", name="Claire Martin", function="Directrice")
    dgs = Representative(civility="Monsieur", name="Paul Roy", function="DGS")
    block = party_block(_party(CAF, boss, dgs))
    assert "par sa directrice, Madame Claire Martin, et par son DGS, Monsieur Paul Roy" in block.representation


def test_member_communes_of_an_intercommunality_are_listed(mini, library):
    epci = mini.model_copy(
        update={"territory": mini.territory.model_copy(update={"communes": ["Ardon", "Jouy-le-Potier", "Villebourg"]})}
    )
    assert (
        "Villebourg regroupe 3 communes\u00a0: Ardon, Jouy-le-Potier et Villebourg."
        in assemble(epci, library).preamble.text
    )
    assert "regroupe" not in assemble(mini, library).preamble.text
