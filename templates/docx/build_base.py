"""Rebuild `convention.docx`, the Word base template (styles, page, header, footer).

Run once when the house look changes: `python templates/docx/build_base.py`. A Caf restyles
its documents by opening `convention.docx` in Word, changing the styles (never renaming them)
and saving; docgen only uses the style names listed in STYLES below.

The template is Word-native French: fr-FR on every style (Word spell-checks in French),
automatic hyphenation, widow and orphan control, headings kept with what follows, and a first
page (the cover) without header or footer. Every style names
its font, headings included (no theme fonts): Arial, which LibreOffice replaces by the
metric-compatible Liberation Sans, so that Word and LibreOffice lay the pages out alike.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
BLUE = RGBColor(0x1F, 0x3A, 0x68)
FONT = "Arial"  # LibreOffice lays it out with Liberation Sans, metric-compatible
LANGUAGE = "fr-FR"
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _font(style, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    rpr = style.element.get_or_add_rPr()
    _named_fonts(rpr.find(qn("w:rFonts")))


def _named_fonts(fonts) -> None:
    """`w:rFonts` naming the house font for every script, theme fonts removed (they win otherwise)."""
    for attr in _THEME_FONTS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _french_defaults(doc) -> None:
    """Document defaults: the house font, French, widow and orphan control."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _named_fonts(rpr.find(qn("w:rFonts")))
    lang = rpr.find(qn("w:lang"))
    for attr in ("w:val", "w:eastAsia"):
        lang.set(qn(attr), LANGUAGE)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    if ppr.find(qn("w:widowControl")) is None:
        ppr.insert(0, OxmlElement("w:widowControl"))
    for style in doc.styles.element.findall(qn("w:style")):  # headings and others that name theme fonts
        fonts = style.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        if fonts is not None and any(fonts.get(qn(a)) for a in _THEME_FONTS):
            _named_fonts(fonts)


def _settings(doc) -> None:
    """Hyphenation on, French theme fonts.

    The compatibility mode is set by docgen when it renders (`render_docx`): 15, the current
    one, in the .docx it delivers; 14 in the variant LibreOffice lays out for the PDF.
    """
    settings = doc.settings.element
    hyphenation = OxmlElement("w:autoHyphenation")
    settings.find(qn("w:defaultTabStop")).addnext(hyphenation)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)


def _paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    return style


def _field(paragraph, instr: str, placeholder: str) -> None:
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        ("instr", instr),
        ("separate", None),
        ("text", placeholder),
        ("end", None),
    ):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
            run._r.append(el)
        elif kind == "text":
            run = paragraph.add_run(text)
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run = paragraph.add_run()
            run._r.append(el)


def _slim(doc) -> None:
    """Drop what python-docx's default template carries but a convention never uses: the
    Word 2010 « styles with effects » copy, the thumbnail, custom XML, unused table styles."""
    for rels in (doc.part.rels, doc.part.package.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "thumbnail", "customXml"):
                del rels[rel_id]
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in ("TableNormal", "TableGrid"):
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        for exception in list(latent):
            latent.remove(exception)


def build() -> Path:
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)

    normal = doc.styles["Normal"]
    _font(normal, 10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.line_spacing = 1.1

    for name, size, before, after in (
        ("Heading 1", 13, 18, 8),
        ("Heading 2", 11.5, 12, 6),
        ("Heading 3", 10.5, 10, 4),
    ):
        style = doc.styles[name]
        _font(style, size, bold=True, color=BLUE)
        style.font.italic = False
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    title = doc.styles["Title"]
    _font(title, 24, bold=True, color=BLUE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(120)
    title.paragraph_format.space_after = Pt(24)
    subtitle = doc.styles["Subtitle"]
    _font(subtitle, 14, color=BLUE)
    subtitle.font.italic = False
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(12)

    cover = _paragraph_style(doc, "CTG Couverture")
    _font(cover, 12)
    cover.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cover.paragraph_format.space_after = Pt(10)

    party = _paragraph_style(doc, "CTG Partie")
    _font(party, 10.5, bold=True)
    party.paragraph_format.space_before = Pt(10)
    party.paragraph_format.keep_with_next = True

    center = _paragraph_style(doc, "CTG Centré")
    center.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    visa = _paragraph_style(doc, "CTG Visa")
    visa.paragraph_format.space_after = Pt(4)

    sommaire = _paragraph_style(doc, "CTG Titre sommaire")
    _font(sommaire, 13, bold=True, color=BLUE)
    sommaire.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sommaire.paragraph_format.space_after = Pt(12)

    toc = _paragraph_style(doc, "toc 1")
    toc.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    toc.paragraph_format.space_after = Pt(3)
    tabs = toc.paragraph_format.tab_stops
    tabs.add_tab_stop(Cm(3.6))
    tabs.add_tab_stop(Cm(16.6), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    toc.paragraph_format.left_indent = Cm(3.6)
    toc.paragraph_format.first_line_indent = Cm(-3.6)
    toc.paragraph_format.right_indent = Cm(1)

    cell = _paragraph_style(doc, "CTG Tableau")
    _font(cell, 8.5)
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cell.paragraph_format.space_after = Pt(2)
    cell.paragraph_format.line_spacing = 1.0

    cell_bullet = _paragraph_style(doc, "CTG Tableau puce", base="List Bullet")
    _font(cell_bullet, 8.5)
    cell_bullet.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cell_bullet.paragraph_format.space_after = Pt(1)
    cell_bullet.paragraph_format.line_spacing = 1.0

    figure = _paragraph_style(doc, "CTG Figure")
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.space_before = Pt(6)
    figure.paragraph_format.space_after = Pt(3)
    figure.paragraph_format.keep_with_next = True
    caption = doc.styles["Caption"]
    _font(caption, 9.5, bold=True, color=BLUE)
    caption.font.italic = False
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(2)
    caption.paragraph_format.keep_with_next = True
    source = _paragraph_style(doc, "CTG Source")
    _font(source, 8.5)
    source.font.italic = True
    source.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    source.paragraph_format.space_after = Pt(10)
    figures = _paragraph_style(doc, "table of figures")
    figures.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    figures.paragraph_format.space_after = Pt(2)
    figures.paragraph_format.tab_stops.add_tab_stop(Cm(16.6), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    figures.paragraph_format.right_indent = Cm(1)

    sign = _paragraph_style(doc, "CTG Signature")
    sign.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sign.paragraph_format.space_after = Pt(2)

    for name in ("List Bullet", "List Bullet 2"):
        doc.styles[name].paragraph_format.space_after = Pt(3)

    section.different_first_page_header_footer = True  # the cover: no header, no « page 1 / N »
    section.first_page_header.paragraphs[0].text = ""
    section.first_page_footer.paragraphs[0].text = ""
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run("Convention territoriale globale")
    _font(doc.styles["Header"], 8.5, color=BLUE)
    _font(doc.styles["Footer"], 8.5)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES", "1")

    _french_defaults(doc)
    _settings(doc)
    _slim(doc)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = doc.core_properties
    props.author = props.last_modified_by = "docgen"
    props.title = "Convention territoriale globale"
    props.comments = ""
    out = HERE / "convention.docx"
    doc.save(out)
    return out


# The bundled cover templates: what a Caf edits in Word (docxtpl placeholders, see docgen/build/cover.py).
COVER_LINES = (
    ("Title", "{{ title }}"),
    ("Subtitle", "{{ main_party }}"),
    ("Subtitle", "{{ period.text }}"),
    ("CTG Couverture", "{{ parties_line }}"),
)


def _cover(base: Path, out: Path, logos: bool) -> Path:
    doc = docx.Document(str(base))
    if logos:  # the Caf's logo on the left, the territory's on the right, a coloured rule below
        table = doc.add_table(rows=1, cols=2)
        for cell, name, align in zip(
            table.rows[0].cells, ("caf", "territory"), (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT), strict=True
        ):
            cell.paragraphs[0].add_run("{{ logos.%s }}" % name)
            cell.paragraphs[0].alignment = align
        band = doc.add_paragraph(style="CTG Couverture")
        band.add_run("{{ territory.department }}").font.color.rgb = BLUE
        ppr = band._p.get_or_add_pPr()
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for attr, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "4"), ("w:color", "1F3A68")):
            bottom.set(qn(attr), value)
        border.append(bottom)
        ppr.append(border)
    for style, text in COVER_LINES:
        doc.add_paragraph(text, style=style)
    out.parent.mkdir(exist_ok=True)
    doc.core_properties.title = "Couverture de convention territoriale globale"
    doc.save(out)
    return out


def _demo_logo(out: Path) -> Path:
    """A stand-in Caf logo for the example (a Caf puts its own `logo-caf.png` beside its template)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (480, 240), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 472, 232), radius=36, fill=(0x1F, 0x3A, 0x68))
    font = ImageFont.truetype("DejaVuSans-Bold.ttf", 110)
    draw.text((240, 120), "Caf", fill=(255, 255, 255), font=font, anchor="mm")
    image.save(out, optimize=True)
    return out


if __name__ == "__main__":
    base = build()
    print(base)
    print(_cover(base, HERE / "couverture.docx", logos=False))
    print(_cover(base, HERE / "deux-logos" / "couverture.docx", logos=True))
    print(_demo_logo(HERE / "deux-logos" / "logo-caf.png"))
