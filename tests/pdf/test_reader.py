"""The PDF reader: generated conventions converted by LibreOffice, read back into blocks."""

from __future__ import annotations

import io
import re

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from docgen.model import tree
from docgen.model.errors import DocgenError
from docgen.model.frenchtext import normalise
from docgen.pdf.convert import docx_to_pdf
from docgen.pdf.reader import read_pdf
from docgen.word.writer import render_docx

SJ = "saint-jean-de-la-ruelle"
ACTES_ID = "045-214502858-20221219-DELIB2022353-DE"
STAMP = (
    "Envoyé en préfecture le 22/12/2022",
    "Reçu en préfecture le 22/12/2022",
    "Publié le 23/12/2022",
    f"ID : {ACTES_ID}",
)


def _draft_docx() -> bytes:
    """A small draft typed in Word: ACTES stamp in the header, lists, a grid with a merged cell."""
    d = docx.Document()
    header = d.sections[0].header
    header.paragraphs[0].text = STAMP[0]
    for line in STAMP[1:]:
        header.add_paragraph(line)
    d.add_heading("Article 1 : Objet de la convention", level=1)
    d.add_paragraph(
        "La présente convention a pour objet de définir les modalités d'intervention et les engagements "
        "des parties signataires sur le territoire de la commune, pour la durée fixée à l'article 10."
    )
    d.add_paragraph("d'identifier les besoins prioritaires du territoire ;", style="List Bullet")
    d.add_paragraph(
        "de déterminer les champs d'intervention à privilégier compte tenu de l'écart constaté entre "
        "l'offre existante et les besoins du territoire concerné ;",
        style="List Bullet",
    )
    table = d.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate([["Structure", "Adresse", "Places"], ["Crèche", "8 rue du Cèdre", ""], ["Relais", "", ""]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 1).text = "5 rue des Agates"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "52 au total"
    d.add_paragraph("Texte après le tableau.")
    for i in range(2, 40):  # enough for several pages
        d.add_heading(f"Article {i} : Stipulation numéro {i}", level=1)
        d.add_paragraph(f"Les parties conviennent de la stipulation numéro {i}, valable pendant toute la convention.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _pdf(content: str, width: int = 595, height: int = 842, rotate: int = 0) -> bytes:
    """A one-page PDF whose content stream is `content` (font F1: Helvetica, WinAnsi)."""
    stream = content.encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Rotate %d /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>" % (width, height, rotate),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _text(x: float, y: float, text: str, size: int = 11, turned: bool = False) -> str:
    matrix = f"0 1 -1 0 {x} {y}" if turned else f"1 0 0 1 {x} {y}"
    return f"BT /F1 {size} Tf {matrix} Tm ({text}) Tj ET\n"


@pytest.fixture(scope="module")
def converted(built):
    """The Saint-Jean example (as `ctg build --pdf` converts it) and a hand-typed draft, converted
    in one LibreOffice start."""
    converted = docx_to_pdf([render_docx(built[SJ][1], layout=True), _draft_docx()], [SJ, "brouillon"])
    return {SJ: converted[0], "draft": converted[1]}


@pytest.fixture(scope="module")
def sj(converted):
    return read_pdf(converted[SJ], "convention.pdf")


@pytest.fixture(scope="module")
def draft(converted):
    return read_pdf(converted["draft"], "brouillon.pdf")


def _paragraphs(document):
    return [b for b in document.blocks if b.kind == "paragraph"]


def _tables(document, first_cell: str):
    return [b for b in document.blocks if b.kind == "table" and normalise(b.rows[0][0]) == normalise(first_cell)]


def _plan_tables(document):
    """Tables whose header row has « N° » in its 4th column: the action plan."""
    return [b for b in document.blocks if b.kind == "table" and b.rows[0][3:4] == ("N°",)]


def _model_tables(document: tree.Document, role: str) -> list[tree.Table]:
    return [b for s in document.annexes for b in s.blocks if isinstance(b, tree.Table) and b.role == role]


def _model_rows(table: tree.Table) -> list[tuple[str, ...]]:
    """Rows as a reader sees them: a cell spanning columns repeats its text in each."""
    return [
        tuple(normalise(cell.text) for cell in row for _ in range(cell.span)) for row in (*table.header, *table.rows)
    ]


def test_blocks_numbered_in_reading_order(sj, converted):
    assert sj.source == "pdf"
    assert sj.pages == len(PdfReader(io.BytesIO(converted[SJ])).pages) > 1
    assert [b.index for b in sj.blocks] == list(range(len(sj.blocks)))
    pages = [b.page for b in sj.blocks]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == sj.pages


def test_article_headings_carry_a_heading_hint(sj, built):
    _, document = built[SJ]
    by_text = {normalise(b.text): b for b in _paragraphs(sj)}
    for article in document.articles:
        block = by_text[normalise(f"{article.label} : {article.title}")]
        assert block.heading == 1 and block.bold, block
    seventh = by_text[normalise("Article 7 : Échanges de données")]
    # its sommaire entry is a plain paragraph, the tab stop before the title kept as in Word
    entry = next(b for b in _paragraphs(sj) if b.text.startswith("Article 7 :\tÉchanges de données...."))
    # the page number LibreOffice computed for the sommaire is the page the heading is on
    assert entry.text.endswith(f"....{seventh.page}") and entry.heading is None and entry.index < seventh.index
    body = next(b for b in _paragraphs(sj) if b.text.startswith("Les parties s’engagent à se transmettre"))
    assert body.heading is None and not body.bold and body.index == seventh.index + 1


def test_paragraph_lines_are_joined_and_lists_split(sj):
    texts = [b.text for b in _paragraphs(sj)]
    # a paragraph of several lines in the PDF is one block, a name cut after a hyphen kept whole
    assert any(t.startswith("Depuis leur création, les caisses") and t.endswith(".") for t in texts)
    assert "Entre la Caisse d’allocations familiales du Loiret et la commune de Saint-Jean-de-la-Ruelle" in texts
    intro = next(b for b in _paragraphs(sj) if b.text == "À ce titre, la présente convention a pour objet :")
    items = sj.blocks[intro.index + 1 : intro.index + 5]
    assert all(b.list_item and b.kind == "paragraph" for b in items)
    assert items[0].text.startswith("d’identifier les besoins prioritaires du territoire")
    assert not any(b.text.startswith(("•", "\uf0b7", "-")) for b in _paragraphs(sj))


def test_running_header_page_numbers_are_removed(sj):
    for block in sj.blocks:
        text = block.text or " ".join(c for row in block.rows for c in row)
        assert not re.search(r"page\s*\d+\s*/\s*\d+", text), block
        assert "Convention territoriale globale de services aux familles – Saint-Jean" not in text
    assert sj.facts == ()


def test_every_action_number_is_in_the_plan_tables(sj, built):
    _, document = built[SJ]
    numbers = {row[3].text for t in _model_tables(document, "action_plan") for row in t.rows}
    assert len(numbers) > 30
    plan = _plan_tables(sj)
    # one table per orientation, as in the model: a table running over pages is read as one
    assert len(plan) == len(_model_tables(document, "action_plan"))
    assert all(len(row) == 8 for t in plan for row in t.rows)
    found = [row[3] for t in plan for row in t.rows[1:]]
    assert set(found) == numbers and len(found) == len(numbers)
    assert plan[0].rows[0][:4] == ("Orientation", "Objectif opérationnel", "Porteur", "N°")


def test_plan_cells_keep_their_text_and_are_not_repeated_as_paragraphs(sj, built):
    _, document = built[SJ]
    rows = {row[3].text: row for t in _model_tables(document, "action_plan") for row in t.rows}
    read = {row[3]: row for t in _plan_tables(sj) for row in t.rows[1:]}
    body = " ".join(normalise(b.text) for b in _paragraphs(sj))
    for number, row in rows.items():
        assert normalise(read[number][4]) == normalise(row[4].text)  # the action
        assert normalise(read[number][2]) == normalise(row[2].text)  # who carries it
        assert normalise(row[4].text) not in body
    # bullet items of a cell stay apart, without their bullet
    indicators = read["1.7"][6].split("\n")
    assert indicators == [
        "Nombre de jours d’arrêt de travail",
        "Nombre d’heures d’accueil réalisées",
        "Projets d’équipe réalisés",
    ]


def test_data_and_equipment_tables_match_the_model(sj, built):
    _, document = built[SJ]
    for table in _model_tables(document, "data") + _model_tables(document, "equipment"):
        expected = _model_rows(table)
        read = {tuple(normalise(c) for c in row) for t in _tables(sj, table.header[0][0].text) for row in t.rows}
        assert set(expected) <= read, expected[0]
    equipment = _tables(sj, "Structure")[0]
    # a group row merged over both columns repeats its text
    assert ("Relais petite enfance (RPE)",) * 2 in equipment.rows


def test_two_column_fiche_tables(sj):
    fiches = [b for b in sj.blocks if b.kind == "table" and b.rows[0][0] == "Diagnostic initial – constats"]
    assert len(fiches) >= 10
    for fiche in fiches:
        assert all(len(row) == 2 for row in fiche.rows)
        assert fiche.rows[1][0] == "Public visé" and fiche.rows[1][1]


def test_signature_block_is_read_as_text(sj, built):
    _, document = built[SJ]
    text = normalise(" ".join(b.text for b in _paragraphs(sj)))
    for signatory in document.signature.signatories:
        assert normalise(signatory.name) in text
        assert normalise(signatory.party) in text


def test_stamp_in_header_is_a_fact_not_a_block(draft):
    assert draft.facts == (f"Identifiant ACTES : {ACTES_ID}",)
    assert draft.pages >= 3
    for block in draft.blocks:
        text = normalise(block.text or " ".join(c for row in block.rows for c in row))
        assert "prefecture" not in text and ACTES_ID.lower() not in text and "publie le" not in text
    first = draft.blocks[0]
    assert (first.text, first.heading, first.page) == ("Article 1 : Objet de la convention", 1, 1)
    assert draft.blocks[1].text.endswith("pour la durée fixée à l'article 10.")
    assert [b.list_item for b in draft.blocks[1:4]] == [False, True, True]
    table = draft.blocks[4]
    assert table.kind == "table"
    assert table.rows == (
        ("Structure", "Adresse", "Places"),
        ("Crèche", "8 rue du Cèdre", "52 au total"),
        ("Relais", "5 rue des Agates", "52 au total"),
    )
    assert draft.blocks[5].text == "Texte après le tableau."


def test_turned_page_is_read_the_way_it_is_displayed():
    content = _text(100, 72, "Premier paragraphe, en haut de la page", 14, turned=True)
    content += _text(300, 72, "Second paragraphe, plus bas sur la page.", 11, turned=True)
    document = read_pdf(_pdf(content, rotate=90), "tourné.pdf")
    assert [b.text for b in document.blocks] == [
        "Premier paragraphe, en haut de la page",
        "Second paragraphe, plus bas sur la page.",
    ]


def test_vertical_stamp_in_the_margin_and_page_footer_are_dropped():
    content = _text(72, 700, "Article 3 : Engagements des parties", 14)
    content += _text(72, 670, "Les parties s'engagent à mobiliser les moyens nécessaires.")
    content += _text(300, 40, "page 1 / 1", 9)
    content += _text(570, 300, "Envoyé en préfecture le 22/12/2022", 7, turned=True)
    content += _text(580, 300, f"ID : {ACTES_ID}", 7, turned=True)
    document = read_pdf(_pdf(content), "tamponné.pdf")
    assert document.facts == (f"Identifiant ACTES : {ACTES_ID}",)
    assert [b.text for b in document.blocks] == [
        "Article 3 : Engagements des parties",
        "Les parties s'engagent à mobiliser les moyens nécessaires.",
    ]
    assert document.blocks[0].heading == 1


@pytest.mark.parametrize(
    "case, message",
    [
        ("not_pdf", "n'est pas un PDF lisible"),
        ("corrupt", "n'est pas un PDF lisible"),
        ("truncated", "n'est pas un PDF lisible"),
        ("encrypted", "protégé par un mot de passe"),
        ("textless", "ne contient pas de texte (document scanné\u00a0?)\u00a0: une reconnaissance"),
    ],
)
def test_unreadable_pdfs_raise_a_french_error(case, message, converted):
    real = converted["draft"]
    if case == "not_pdf":
        data = b"PK\x03\x04 ceci est un document Word"
    elif case == "corrupt":
        data = b"%PDF-1.7\n" + bytes(range(256)) * 8
    elif case == "truncated":
        data = real[: len(real) // 2]
    elif case == "encrypted":
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(real)))
        writer.encrypt(user_password="secret", owner_password="owner")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    else:
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        writer.add_blank_page(595, 842)
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    with pytest.raises(DocgenError) as raised:
        read_pdf(data, "brouillon.pdf")
    assert message in raised.value.message
    assert raised.value.path == "brouillon.pdf"


def test_reading_is_deterministic(converted, sj):
    # its speed is measured by benchmarks/check.py, not asserted here
    assert read_pdf(converted[SJ], "convention.pdf") == sj


def test_a_generated_pdf_tells_its_model_and_fingerprint(pdfs, built):
    """LibreOffice carries the Word file's keywords into the PDF: the checker uses the model."""
    from docgen.pdf.reader import read_pdf

    raw = read_pdf(pdfs["metz"], "metz.pdf")
    assert raw.model_hint == "ctg-2016" == built["metz"][1].model_id
    assert raw.fingerprint == built["metz"][1].fingerprint
