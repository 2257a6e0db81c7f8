"""The cover page from a Caf's Word template (docxtpl), read back from the built .docx."""

from __future__ import annotations

import io
import shutil

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from docgen.cli import main
from tests.conftest import ROOT
from tests.yamledit import edit

TEMPLATES = ROOT / "templates" / "docx"
DRAWING_BLIP = ".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip"


def _cover_paragraphs(document: docx.document.Document) -> list:
    """The body elements before « Entre : », which opens the parties' page."""
    out = []
    for element in document.element.body:
        if element.tag == qn("w:p") and element.text.startswith("Entre\u00a0:"):  # python-docx's CT_P.text
            return out
        out.append(element)
    raise AssertionError("pas de page des parties")


def _images(document: docx.document.Document, elements: list) -> list[bytes]:
    part = document.part
    return [part.related_parts[b.get(qn("r:embed"))].blob for e in elements for b in e.iterfind(DRAWING_BLIP)]


def test_the_two_logo_template_puts_both_logos_on_the_cover(built):
    data, _ = built["m2a"]
    document = docx.Document(io.BytesIO(data))
    cover = _cover_paragraphs(document)
    logos = _images(document, cover)
    assert logos == [
        (TEMPLATES / "deux-logos" / "logo-caf.png").read_bytes(),  # beside the Caf's template
        (ROOT / "conventions" / "m2a" / "logo-m2a.png").read_bytes(),  # named in the territory data
    ]
    text = [e.text for e in cover if e.tag == qn("w:p")]
    assert text == [
        "Haut-Rhin",  # the department, above a coloured rule
        "Convention territoriale globale de services aux familles",
        "Mulhouse Alsace Agglomération",
        "Du 1er janvier 2022 au 31 décembre 2026",
        "Entre la Caisse d’allocations familiales du Haut-Rhin et Mulhouse Alsace Agglomération",
    ]
    # a logo 2.5 cm high, its proportions kept
    extents = [e for el in cover for e in el.iter("{*}extent")]
    for extent, logo in zip(extents, logos, strict=True):
        width, height = Image.open(io.BytesIO(logo)).size
        assert int(extent.get("cy")) == pytest.approx(900000, rel=0.01)
        assert int(extent.get("cx")) / int(extent.get("cy")) == pytest.approx(width / height, rel=0.01)
    ids = [d.get("id") for d in document.element.body.iter("{*}docPr")]
    assert len(ids) == len(set(ids)) == len(logos)


def test_the_bundled_template_gives_todays_cover(built):
    data, _ = built["saint-jean-de-la-ruelle"]
    document = docx.Document(io.BytesIO(data))
    paragraphs = [docx.text.paragraph.Paragraph(e, document) for e in _cover_paragraphs(document)]
    assert [(p.style.name, p.text) for p in paragraphs] == [
        ("Title", "Convention territoriale globale de services aux familles"),
        ("Subtitle", "La commune de Saint-Jean-de-la-Ruelle"),
        ("Subtitle", "Du 1er janvier 2022 au 31 décembre 2025"),
        (
            "CTG Couverture",
            "Entre la Caisse d’allocations familiales du Loiret et la commune de Saint-Jean-de-la-Ruelle",
        ),
    ]
    # as on a cover docgen writes itself: unbroken hyphens in names, « 1er » with its superscript
    name = paragraphs[1]._p
    assert len(name.findall(".//" + qn("w:noBreakHyphen"))) == 4 and "-" not in "".join(
        t.text for t in name.iter(qn("w:t"))
    )
    superscripts = [r for r in paragraphs[2].runs if r.font.superscript]
    assert [r.text for r in superscripts] == ["er"]


@pytest.fixture
def territory(tmp_path):
    folder = tmp_path / "caf" / "sj"
    shutil.copytree(ROOT / "conventions" / "saint-jean-de-la-ruelle", folder)
    return folder


def _template(path, *lines: str, picture: bytes | None = None, style: str | None = None):
    document = docx.Document(str(TEMPLATES / "couverture.docx"))
    for line in lines:
        document.add_paragraph(line)
    if picture is not None:
        document.add_picture(io.BytesIO(picture))
    if style is not None:
        added = document.styles.add_style(style, docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
        added.font.size = docx.shared.Pt(30)
        document.add_paragraph("{{ territory.department }}", style=added)
    document.save(path)
    return path


def _png(color) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), color).save(out, "PNG")
    return out.getvalue()


def _use(territory, template: str, logos: dict | None = None) -> None:
    edit(
        territory / "convention.yaml",
        lambda d: d.update(cover={"template": template, **({"logos": logos} if logos else {})}),
    )


def test_a_caf_template_in_the_folder_of_its_territories_with_a_picture_and_a_style_of_its_own(territory, tmp_path):
    """A template shared by the Caf's territories, beside their folders: its pasted picture, its
    own logo file and its own style reach the convention."""
    pasted, logo = _png((200, 0, 0)), _png((0, 0, 200))
    _template(territory.parent / "couverture-caf.docx", "{{ logos.caf }}", picture=pasted, style="Bandeau Caf")
    (territory.parent / "logo-caf.png").write_bytes(logo)
    _use(territory, "../couverture-caf.docx")
    out = tmp_path / "out"
    assert main(["build", str(territory), "--output", str(out)]) == 0
    document = docx.Document(str(out / "sj" / "convention.docx"))
    cover = _cover_paragraphs(document)
    assert _images(document, cover) == [logo, pasted]
    styled = [docx.text.paragraph.Paragraph(e, document) for e in cover][-1]
    assert (styled.style.name, styled.text, styled.style.font.size.pt) == ("Bandeau Caf", "Loiret", 30)


@pytest.mark.parametrize(
    "lines, expected",
    [
        (
            ["{{ territoire.nom }}"],
            ["paragraphe 5", "«\u00a0{{ territoire.nom }}\u00a0»", "champ «\u00a0territoire\u00a0» inconnu"],
        ),
        (["{{ territory.nom }}"], ["paragraphe 5", "champ «\u00a0nom\u00a0» inconnu"]),
        (["Le {{ title "], ["paragraphe 5", "syntaxe incorrecte"]),
        (["{% if title %}Oui"], ["n'est pas fermé"]),
        (["{{ logos.territory }}"], ["logo «\u00a0territory\u00a0» absent", "cover.logos"]),
    ],
)
def test_a_template_with_an_unknown_placeholder_or_broken_syntax_is_refused(
    territory, tmp_path, capsys, lines, expected
):
    _template(territory / "couverture.docx", *lines)
    _use(territory, "couverture.docx")
    out = tmp_path / "out"
    assert main(["build", str(territory), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(territory / "couverture.docx") in err
    for part in expected:
        assert part in err
    assert "Traceback" not in err and not out.exists()


@pytest.mark.parametrize(
    "template, expected",
    [
        (
            "inconnu",
            "modèle de couverture «\u00a0inconnu\u00a0» inconnu\u00a0; modèles fournis\u00a0: "
            "«\u00a0couverture\u00a0», «\u00a0deux-logos\u00a0»",
        ),
        ("../../couverture.docx", "hors du dossier du territoire"),
        ("absent.docx", "introuvable"),
        ("convention.yaml/x.docx", "introuvable"),
        ("faux.docx", "ce n'est pas un document Word"),
    ],
)
def test_a_cover_template_that_cannot_be_used_is_named(territory, tmp_path, capsys, template, expected):
    (territory / "faux.docx").write_bytes(b"PK\x03\x04 pas un zip")
    (tmp_path / "couverture.docx").write_bytes((TEMPLATES / "couverture.docx").read_bytes())
    _use(territory, template)
    out = tmp_path / "out"
    assert main(["build", str(territory), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and not out.exists()
