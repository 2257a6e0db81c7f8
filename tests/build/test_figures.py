"""Figures of the état des lieux (and of any annex text): pictures of the territory's folder,
numbered, captioned, listed; refused in French when they cannot be used."""

from __future__ import annotations

import io
import shutil

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from docgen.check.structure import build_document
from docgen.cli import main
from docgen.word.reader import read_docx
from tests.conftest import ROOT
from tests.yamledit import edit

EXAMPLE = ROOT / "conventions" / "saint-jean-de-la-ruelle"
PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"


def _paragraph_of(document, element):
    return docx.text.paragraph.Paragraph(element, document)


def test_the_example_s_two_charts_are_numbered_captioned_sourced_and_listed(built):
    data, tree = built["saint-jean-de-la-ruelle"]
    assert [(f.number, f.path) for f in tree.figures] == [
        (1, "figures/taux-pauvrete.png"),
        (2, "figures/activite-femmes.png"),
    ]
    document = docx.Document(io.BytesIO(data))
    body = list(document.element.body)
    pictures = [i for i, e in enumerate(body) if e.find(".//" + PICTURE) is not None]
    assert len(pictures) == 2
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for number, index in enumerate(pictures, 1):
        figure = tree.figures[number - 1]
        extent = body[index].find(".//{*}extent")
        assert int(extent.get("cx")) == pytest.approx(text_width, abs=400)  # as wide as the text
        ratio = figure.picture.height / figure.picture.width
        assert int(extent.get("cy")) / int(extent.get("cx")) == pytest.approx(ratio, rel=0.01)
        blip = body[index].find(".//{*}blip")
        assert document.part.related_parts[blip.get(qn("r:embed"))].blob == (EXAMPLE / figure.path).read_bytes()
        caption, source = (_paragraph_of(document, body[index + k]) for k in (1, 2))
        assert caption.style.name == "Caption" and caption.text == f"Figure {number}\u00a0: {figure.caption}"
        instructions = [t.text.strip() for t in caption._p.iter(qn("w:instrText"))]
        assert instructions == ["SEQ Figure \\* ARABIC"]  # what Word's table of figures collects
        assert f"ctg_figure_{number}" in [b.get(qn("w:name")) for b in caption._p.iter(qn("w:bookmarkStart"))]
        assert source.style.name == "CTG Source" and source.text == "Source\u00a0: Insee, 2018"
    # the table of figures, on the sommaire's page: a TOC field of the « Figure » captions
    listing = [p for p in document.paragraphs if p.style.name == "table of figures"]
    assert [p.text.split("\t")[0] for p in listing] == [f.text for f in tree.figures]
    fields = [t.text.strip() for p in listing for t in p._p.iter(qn("w:instrText"))]
    assert fields[0] == 'TOC \\h \\z \\c "Figure"' and fields[1:] == [
        "PAGEREF ctg_figure_1 \\h",
        "PAGEREF ctg_figure_2 \\h",
    ]
    # the checker reads the pictures as content of the annex, and the captions as its text
    read = build_document(read_docx(data, "convention.docx"))
    annex = next(a for a in read.annexes if "Etat des lieux" in a.title or "État des lieux" in a.title)
    assert sum(1 for b in annex.blocks if type(b).__name__ == "Figure") == 2


@pytest.fixture
def territory(tmp_path):
    folder = tmp_path / "sj"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _only_figures(territory, text: str) -> None:
    edit(territory / "convention.yaml", lambda d: d.setdefault("annex_texts", {}).update(diagnosis=text))


def test_an_annex_of_figures_only_is_not_empty_for_the_checker(territory, tmp_path, capsys):
    _only_figures(territory, "![Carte des quartiers](figures/taux-pauvrete.png)")
    assert main(["build", str(territory), "--output", str(tmp_path / "out")]) == 0, capsys.readouterr().err
    _only_figures(territory, "Carte des quartiers")  # the same words without the picture: empty
    assert main(["build", str(territory), "--output", str(tmp_path / "out2")]) == 2
    assert "est vide ou presque" in capsys.readouterr().err


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 20, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    "path, prepare, expected",
    [
        ("figures/absente.png", None, "image «\u00a0figures/absente.png\u00a0» introuvable dans le dossier sj"),
        ("figures/lourde.png", "big", "fichier trop volumineux pour une image (au plus 10\u00a0Mo)"),
        ("../dehors.png", "outside", "hors du dossier sj"),
        ("/etc/passwd", None, "hors du dossier sj"),
        ("figures/texte.png", "text", "ce n'est pas une image PNG ou JPEG valide"),
        ("figures/image.gif", "gif", "au format GIF\u00a0: seuls les formats PNG et JPEG sont acceptés"),
        ("figures/tronquee.png", "truncated", "ce n'est pas une image PNG ou JPEG valide"),
    ],
)
def test_a_picture_that_cannot_be_used_is_refused_naming_its_key(territory, tmp_path, capsys, path, prepare, expected):
    figures = territory / "figures"
    if prepare == "big":  # a real picture, padded to 20 MB
        (figures / "lourde.png").write_bytes(_png() + b"\0" * 20_000_000)
    elif prepare == "outside":
        (tmp_path / "dehors.png").write_bytes(_png())
    elif prepare == "text":
        (figures / "texte.png").write_text("pas une image", encoding="utf-8")
    elif prepare == "gif":
        Image.new("RGB", (30, 20)).save(figures / "image.gif", "GIF")
    elif prepare == "truncated":
        (figures / "tronquee.png").write_bytes(_png()[:60])

    def change(data):
        data["diagnosis"]["sections"][1]["text"] += f'\n![Une figure]({path} "Insee")\n'

    edit(territory / "convention.yaml", change)
    out = tmp_path / "out"
    assert main(["build", str(territory), "--output", str(out), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert "diagnosis.sections[1].text" in err and str(territory / "convention.yaml") in err
    assert expected in err and "Traceback" not in err
    assert not out.exists()
