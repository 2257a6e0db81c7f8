"""The generated .docx is Word-native French: language, hyphenation, fonts, cover, names, « 1er »."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from docgen.word.writer import render_docx, render_for_pdf, with_pages
from tests.conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


@pytest.fixture(scope="module")
def sj(built):
    return built["saint-jean-de-la-ruelle"][0]


def test_styles_are_french_with_named_fonts_and_widow_control(sj):
    styles = _part(sj, "word/styles.xml")
    defaults = styles[styles.index("<w:docDefaults") : styles.index("</w:docDefaults>")]
    assert 'w:lang w:val="fr-FR"' in defaults and "<w:widowControl/>" in defaults
    assert "Theme" not in re.sub(r"<w:latentStyles.*?</w:latentStyles>|<w:latentStyles[^>]*/>", "", styles).replace(
        "themeShade", ""
    ), "no theme fonts: each style names its font"
    heading = re.search(r'<w:style w:type="paragraph" w:styleId="Heading1">.*?</w:style>', styles).group(0)
    assert 'w:ascii="Arial"' in heading and "<w:keepNext/>" in heading


def test_hyphenation_is_on(sj):
    assert "<w:autoHyphenation/>" in _part(sj, "word/settings.xml")


def test_the_cover_page_has_no_header_or_footer(sj):
    document = _part(sj, "word/document.xml")
    assert document.count("<w:titlePg/>") == 1, "only the first section opens on a page without header"
    first = re.search(r'<w:headerReference w:type="first" r:id="(\w+)"/>', document).group(1)
    rels = _part(sj, "word/_rels/document.xml.rels")
    target = re.search(rf'Id="{first}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{first}"', rels)
    header = _part(sj, "word/" + (target.group(1) or target.group(2)))
    assert "<w:t" not in header, "the first page's header is empty"


def test_proper_names_do_not_break_at_their_hyphens(sj):
    document = _part(sj, "word/document.xml")
    header = next(
        _part(sj, n) for n in zipfile.ZipFile(io.BytesIO(sj)).namelist() if "header" in n and "Ruelle" in _part(sj, n)
    )
    assert "Saint<w:noBreakHyphen/>" in header.replace("</w:t>", "").replace('<w:t xml:space="preserve">', "")
    body = document.replace("</w:t>", "").replace('<w:t xml:space="preserve">', "")
    assert (
        body.count("Saint<w:noBreakHyphen/>Jean<w:noBreakHyphen/>de<w:noBreakHyphen/>la<w:noBreakHyphen/>Ruelle") >= 3
    )
    assert "Jean<w:noBreakHyphen/>Yves" in body, "the signatory's name in the signature block"


def test_first_of_the_month_has_a_superscript_er(sj):
    document = _part(sj, "word/document.xml")
    assert re.search(r'<w:vertAlign w:val="superscript"/></w:rPr><w:t xml:space="preserve">er</w:t>', document)


def test_the_checker_reads_the_names_and_dates_back(sj):
    from docgen.word.reader import read_docx

    text = "\n".join(b.text for b in read_docx(sj, "x.docx").blocks)
    assert "Saint-Jean-de-la-Ruelle" in text and "1er janvier 2022" in text


def test_tables_repeat_their_header_and_never_end_with_a_row_alone(sj):
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(sj))
    plans = [t for t in document.tables if len(t.columns) == 8]
    assert plans
    for table in document.tables:
        rows = table._tbl.findall(qn("w:tr"))
        assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows), "no row splits"
        body = [r for r in rows if r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None]
        if len(body) >= 2:
            before_last = body[-2].iter(qn("w:p"))
            assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in before_last)
    for table in plans:
        first = table._tbl.find(qn("w:tr"))
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None, "the plan's header repeats"


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_pdf_build_writes_its_two_variants_at_once(name, built):
    """`render_for_pdf` gives the bytes of the layout variant and, once its page numbers are
    filled in, those of the .docx rendered with them: one writing of the tree for both."""
    tree = built[name][1]
    layout, final = render_for_pdf(tree)
    assert layout == render_docx(tree, layout=True)
    pages = {s.bookmark: 3 + i for i, s in enumerate(tree.sections)} | {f.bookmark: 30 + f.number for f in tree.figures}
    assert with_pages(final, pages) == render_docx(tree, pages=pages)
    with pytest.raises(KeyError):  # every page is given, or none is written (`with_pdf`)
        with_pages(final, dict(list(pages.items())[1:]))
