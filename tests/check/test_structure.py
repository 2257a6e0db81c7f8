"""Recognising a draft's structure from raw blocks, whatever its styling."""

from __future__ import annotations

from docgen.check.structure import build_document, match_heading
from docgen.model.rawblocks import RawBlock, RawDocument


def _p(index: int, text: str, **kw) -> RawBlock:
    return RawBlock(index=index, kind="paragraph", text=text, **kw)


def test_heading_variants():
    cases = {
        "ARTICLE 7 - ECHANGES DE DONNEES": ("article", 7, "ECHANGES DE DONNEES"),
        "Article 7 : Échanges de données": ("article", 7, "Échanges de données"),
        "Article 1er – Objet": ("article", 1, "Objet"),
        "Article premier. Objet": ("article", 1, "Objet"),
        "Article préliminaire : Préambule": ("article", None, "Préambule"),
        "PREAMBULE": ("article", None, "PREAMBULE"),
        "ANNEXE 6- Décision du conseil municipal": ("annex", 6, "Décision du conseil municipal"),
        "Annexe II : Liste des équipements": ("annex", 2, "Liste des équipements"),
    }
    for text, (kind, number, title) in cases.items():
        match = match_heading(_p(0, text, bold=True))
        assert match is not None, text
        assert (match.kind, match.number, match.title) == (kind, number, title), text


def test_body_sentences_are_not_headings():
    for text in (
        "Article 5 du décret n° 2001-1085 : les caisses peuvent conclure des conventions avec les communes.",
        "Annexe 3 de la présente convention, qui précise le plan d'actions et les moyens mobilisés par les parties.",
    ):
        assert match_heading(_p(0, text)) is None


def test_sommaire_as_a_table_and_bold_headings():
    blocks = [
        _p(0, "CONVENTION TERRITORIALE GLOBALE", bold=True),
        _p(1, "Du 01/01/2024 au 31/12/2027"),
        _p(2, "Entre :"),
        _p(3, "La Caisse d'allocations familiales du Cher,"),
        _p(4, "représentée par sa directrice, Madame Anne Roy,"),
        _p(5, "ci-après dénommée « la Caf » ;"),
        _p(6, "et"),
        _p(7, "La commune de Vierzon,\nreprésentée par son maire, Monsieur Paul Petit,"),
        _p(8, "ci-après dénommée « la commune »."),
        _p(9, "Sommaire"),
        RawBlock(
            index=10,
            kind="table",
            rows=(("Article 1 :", "Objet", "3"), ("Article 2 :", "Durée", "4"), ("Annexe 1 :", "Plan d'actions", "5")),
        ),
        _p(11, "Vu le Code de la sécurité sociale ;"),
        _p(12, "ARTICLE 1 - OBJET", bold=True),
        _p(13, "La présente convention définit le projet du territoire."),
        _p(14, "ARTICLE 2 - DUREE", bold=True),
        _p(15, "Elle est conclue du 1er janvier 2024 au 31 décembre 2027."),
        _p(16, "Fait à Bourges, le 3 mars 2024, en deux exemplaires."),
        RawBlock(
            index=17,
            kind="table",
            rows=(("La Caf\nLa directrice\nMadame Anne Roy", "La commune\nLe maire\nMonsieur Paul Petit"),),
        ),
        _p(18, "ANNEXE 1 - PLAN D'ACTIONS", bold=True),
        _p(19, "Les actions sont décrites ci-après, avec leurs porteurs et leurs calendriers."),
    ]
    doc = build_document(RawDocument(tuple(blocks), "docx"))
    assert [(e.label, e.title, e.page) for e in doc.sommaire] == [
        ("Article 1", "Objet", 3),
        ("Article 2", "Durée", 4),
        ("Annexe 1", "Plan d'actions", 5),
    ]
    assert [(a.number, a.title) for a in doc.articles] == [(1, "OBJET"), (2, "DUREE")]
    assert [(a.number, a.title) for a in doc.annexes] == [(1, "PLAN D'ACTIONS")]
    assert [p.short_name for p in doc.parties] == ["la Caf", "la commune"]
    assert "Monsieur Paul Petit" in doc.parties[1].representation
    assert doc.subtitle == "Du 01/01/2024 au 31/12/2027"
    assert doc.signature.place == "Bourges" and doc.signature.originals == 2
    assert [s.name for s in doc.signature.signatories] == ["Madame Anne Roy", "Monsieur Paul Petit"]
    assert [b.text for b in doc.visas] == ["Vu le Code de la sécurité sociale ;"]
    # the signature block is not part of the last article
    assert "Fait à" not in doc.articles[-1].text
