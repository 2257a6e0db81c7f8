"""Drafts written the way real ones arrive (domain.md, « Drafts as they arrive »): fixtures for the checker.

Each is typed into Word with python-docx as a commune or a Caf would: party blocks introduced by
dashes or nothing, « M. » / « Mme » and surnames in capitals, blanks left before a comma, an extract
of a few pages, an avenant under the convention's cover. The defects each holds are listed beside it.
"""

from __future__ import annotations

import io

import docx
from docx.shared import Pt

Line = str | tuple[str, str]  # a paragraph, or (style, text): « b » bold, « h1 » Heading 1, « li » bullet


def _docx(lines: list[Line]) -> bytes:
    document = docx.Document()
    for line in lines:
        style, text = line if isinstance(line, tuple) else ("", line)
        if style == "h1":
            document.add_heading(text, level=1)
        elif style == "li":
            document.add_paragraph(text, style="List Bullet")
        elif style == "break":
            document.add_page_break()
        else:
            run = document.add_paragraph().add_run(text)
            run.bold = style == "b"
            run.font.size = Pt(11)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


OBJET = (
    "La présente convention territoriale globale (CTG) a pour objet de définir le projet stratégique global du "
    "territoire ainsi que ses modalités de mise en œuvre. Elle repose sur un diagnostic partagé avec les "
    "partenaires, qui a permis d'identifier les besoins prioritaires du territoire. Elle précise les champs "
    "d'intervention retenus au regard de l'écart entre l'offre et les besoins, et les actions décrites en annexe 3."
)


def _duree(start: str, end: str) -> str:
    return (
        f"La présente convention est conclue pour la période du {start} au {end}. Elle ne peut être renouvelée "
        "que par accord exprès des parties."
    )


NIEVRE_BLANKS = 3  # « délibération du Conseil Communautaire du …., »


def nievre_2016_draft() -> bytes:
    """A 2016 draft of five parties, sent before its articles were written: the three
    « délibération du … du …., » are blanks (placeholders); nothing else is a defect."""
    return _docx(
        [
            ("b", "CONVENTION TERRITORIALE GLOBALE"),
            ("b", "2016 – 2019"),
            "Entre :",
            "La Caisse d'allocations familiales de la Nièvre, représentée par Mme Sylvie BRUNET, Présidente du "
            "Conseil d'administration, et par M. Jean-Luc MARCHAND, Directeur,",
            "Ci-après dénommée « la Caf »,",
            "Et",
            "La Communauté de communes Les Bertranges, représentée par son Président, M. François BORDAS, dûment "
            "autorisé par délibération du Conseil Communautaire du …., ",
            "Ci-après dénommée « la Communauté de communes »,",
            "Et",
            "La Commune de La Charité-sur-Loire, représentée par son Maire, M. Henri VALÈS, dûment autorisé par "
            "délibération du Conseil Municipal du …., ",
            "Ci-après dénommée « la Commune de La Charité-sur-Loire »,",
            "Et",
            "La Commune de Pouilly-sur-Loire, représentée par son Maire, Mme Catherine LAMBERT, dûment autorisée "
            "par délibération du Conseil Municipal du …., ",
            "Ci-après dénommée « la Commune de Pouilly-sur-Loire »,",
            "Et",
            "La Mutualité sociale agricole de Bourgogne, représentée par son Directeur général, M. Pierre DUVAL,",
            "Ci-après dénommée « la MSA »,",
            "Vu la convention d'objectifs et de gestion signée entre l'État et la Cnaf pour la période 2013-2017 ;",
            "Il est convenu ce qui suit :",
            ("h1", "Préambule"),
            "Les Caisses d'allocations familiales contribuent à la mise en place d'une offre globale de service aux "
            "familles sur les territoires. La Communauté de communes Les Bertranges compte 20 000 habitants.",
        ]
    )


EPCI_COMMUNES = [
    ("Beaulieu-sur-Dordogne", "M.", "Dominique CAYRE"),
    ("Altillac", "Mme", "Aurélie BRUNIE"),
    ("Astaillac", "M.", "Gérard SOULIER"),
    ("Bassignac-le-Bas", "Mme", "Josiane LACHAUD"),
    ("Brivezac", "M.", "Serge MONTEIL"),
    ("La Chapelle-aux-Saints", "M.", "Christian VERDIER"),
    ("Liourdres", "Mme", "Nadine FAURIE"),
    ("Nonards", "M.", "Jean-Paul ROCHE"),
    ("Puy-d'Arnac", "M.", "André LAVAL"),
    ("Sioniac", "Mme", "Odile MARTY"),
]


def epci_ten_communes(missing_signature: bool = False) -> bytes:
    """An EPCI convention signed by the Caf, the communauté de communes and ten communes, each
    introduced by a dash with « M. » / « Mme » and its mayor's surname in capitals; all sign it.
    With `missing_signature`, the mayor of Sioniac does not appear among the signatories."""
    parties: list[Line] = [
        "Entre :",
        "- La Caisse d'allocations familiales de la Corrèze, représentée par son Directeur, M. Thierry GIBERT,",
        "ci-après dénommée « la Caf »,",
        "- La Communauté de communes Midi Corrézien, représentée par son Président, M. Alain SIMONET, autorisé "
        "par délibération du conseil communautaire du 12 mars 2022,",
        "ci-après dénommée « la Communauté de communes »,",
    ]
    signatures: list[Line] = [
        "Fait à Tulle, le 30 juin 2022, en douze exemplaires.",
        "Pour la Caf de la Corrèze, le Directeur, M. Thierry GIBERT",
        "Pour la Communauté de communes Midi Corrézien, le Président, M. Alain SIMONET",
    ]
    for commune, civility, name in EPCI_COMMUNES:
        parties += [
            f"- La Commune de {commune}, représentée par son Maire, {civility} {name}, autorisé"
            f"{'e' if civility == 'Mme' else ''} par délibération du conseil municipal du 7 avril 2022,",
            f"ci-après dénommée « la Commune de {commune} »,",
        ]
        if not (missing_signature and commune == "Sioniac"):
            signatures.append(f"Pour la Commune de {commune}, le Maire, {civility} {name}")
    return _docx(
        [
            ("b", "CONVENTION TERRITORIALE GLOBALE"),
            ("b", "Du 1er janvier 2022 au 31 décembre 2026"),
            "2",  # a page number left in the text by a conversion
            *parties,
            "Il est convenu ce qui suit :",
            ("h1", "Article 1 – Objet de la convention"),
            OBJET,
            ("h1", "Article 2 – Durée de la convention"),
            _duree("1er janvier 2022", "31 décembre 2026"),
            *signatures,
        ]
    )


def caf_two_representatives() -> bytes:
    """A party block where the Caf is represented by two people, who both sign; nothing is wrong."""
    return _docx(
        [
            ("b", "CONVENTION TERRITORIALE GLOBALE DE SERVICES AUX FAMILLES"),
            ("b", "Du 1er janvier 2023 au 31 décembre 2027"),
            "Entre :",
            "La Caisse d'allocations familiales de la Gironde, représentée par le Président de son Conseil "
            "d'administration, M. Jean-Marc LABAT, et par sa Directrice, Mme Chantal DUPRAT,",
            "ci-après dénommée « la Caf »,",
            "et",
            "La Commune de Libourne, représentée par son Maire, M. Philippe BUISSON, autorisé par délibération "
            "du conseil municipal du 14 mars 2023,",
            "ci-après dénommée « la Commune »,",
            "Il est convenu ce qui suit :",
            ("h1", "Article 1 – Objet de la convention"),
            OBJET,
            ("h1", "Article 2 – Durée de la convention"),
            _duree("1er janvier 2023", "31 décembre 2027"),
            "Fait à Bordeaux, le 28 mars 2023, en deux exemplaires.",
            "Pour la Caf de la Gironde, le Président du Conseil d'administration, M. Jean-Marc LABAT",
            "La Directrice, Mme Chantal DUPRAT",
            "Pour la Commune de Libourne, le Maire, M. Philippe BUISSON",
        ]
    )


def unnumbered_avenant() -> bytes:
    """An avenant of five communes under the convention's cover, « CONVENTION / TERRITORIALE /
    GLOBALE » then « Avenant à la … »: its number is missing (a real defect, `avenant-number`)."""
    return _docx(
        [
            ("b", "CONVENTION"),
            ("b", "TERRITORIALE"),
            ("b", "GLOBALE"),
            ("b", "Avenant à la convention territoriale globale signée le 15 décembre 2021"),
            "Entre :",
            "La Caisse d'allocations familiales de la Gironde, représentée par sa Directrice, Mme Chantal DUPRAT,",
            "ci-après dénommée « la Caf »,",
            "Et les communes de Cadillac, Béguey, Loupiac, Rions et Omet, représentées par leurs maires,",
            "Il est convenu ce qui suit :",
            ("h1", "Article 1 – Objet de l'avenant"),
            "Le présent avenant a pour objet de prolonger la convention territoriale globale jusqu'au 31 décembre "
            "2026. Il prend effet le 1er janvier 2026.",
            ("h1", "Article 2 – Dispositions inchangées"),
            "Les autres dispositions de la convention demeurent inchangées.",
            "Fait à Bordeaux, le 10 décembre 2025, en six exemplaires.",
            "Pour la Caf de la Gironde, la Directrice, Mme Chantal DUPRAT",
        ]
    )


def one_page_extract() -> bytes:
    """One page of a convention: its parties and its visas only. Nothing is wrong in it."""
    return _docx(
        [
            ("b", "CONVENTION TERRITORIALE GLOBALE"),
            "Entre :",
            "La Caisse d'allocations familiales du Loiret, représentée par son Directeur, M. Marc LEBLANC,",
            "ci-après dénommée « la Caf »,",
            "Et",
            "La Commune de Saran, représentée par sa Maire, Mme Maryvonne HAUTIN, autorisée par délibération du "
            "conseil municipal du 9 février 2022,",
            "ci-après dénommée « la Commune »,",
            "Vu la convention d'objectifs et de gestion signée entre l'État et la Cnaf pour la période 2018-2022 ;",
            "Vu la délibération du conseil municipal de Saran du 9 février 2022 ;",
        ]
    )


def highlighted_extract() -> bytes:
    """The one-page extract, the act's date highlighted in yellow: still to be checked."""
    from docx.enum.text import WD_COLOR_INDEX

    document = docx.Document(io.BytesIO(one_page_extract()))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("La Commune de Saran"))
    text = paragraph.text
    before, date, after = text.partition("9 février 2022")
    for run in paragraph.runs:
        run.text = ""
    paragraph.runs[0].text = before
    paragraph.add_run(date).font.highlight_color = WD_COLOR_INDEX.YELLOW
    paragraph.add_run(after)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def not_a_convention() -> bytes:
    """A Word file that has nothing of a CTG."""
    return _docx(["Compte rendu de la réunion du 3 mars", "Présents : l'équipe du relais petite enfance."])
