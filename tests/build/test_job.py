"""The bundled example territories, built and read back with python-docx."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pypdfium2 as pdfium
import pytest

from docgen.build.paging import continued_rows
from docgen.cli import main
from docgen.data.loading import load_convention
from docgen.model.frenchtext import normalise
from docgen.model.tree import block_text, bookmark_name, row_bookmark
from docgen.pdf.convert import docx_to_pdf
from docgen.pdf.outline import heading_pages
from tests.conftest import EXAMPLES, ROOT
from tests.docxread import read_docx, straight_apostrophes
from tests.goldentext import assert_golden


def _convention(name, library):
    return load_convention(ROOT / "conventions" / name, library)


@pytest.mark.parametrize("name", EXAMPLES)
def test_articles_of_the_model_in_order(name, built, library):
    data, _ = built[name]
    doc = read_docx(data)
    model = library.model(_convention(name, library).model)
    expected = ["Article préliminaire\u00a0: Préambule"] + [
        f"Article {i}\u00a0: {library.clauses[cid].title}" for i, cid in enumerate(model.articles, start=1)
    ]
    articles = [h for h in doc.headings() if h.startswith("Article")]
    assert [normalise(h) for h in articles] == [normalise(e) for e in expected]
    # each article heading carries its clause id as a bookmark
    for cid in model.articles:
        assert normalise(doc.bookmarks[bookmark_name("article", cid)]).startswith("article ")


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_annex_present_numbered_and_in_sommaire(name, built, library):
    data, tree = built[name]
    doc = read_docx(data)
    model = library.model(_convention(name, library).model)
    annex_headings = [h for h in doc.headings() if h.startswith("Annexe")]
    assert len(annex_headings) == len(model.annexes) == len(tree.annexes)
    for number, (heading, slot) in enumerate(zip(annex_headings, model.annexes, strict=True), start=1):
        assert normalise(heading) == normalise(f"Annexe {number} : {slot.title}")
    sommaire = [t for s, t in doc.paragraphs if s == "toc 1"]
    assert len(sommaire) == 1 + len(model.articles) + len(model.annexes)
    for entry, section in zip(sommaire, tree.sections, strict=True):
        assert normalise(entry).startswith(normalise(f"{section.label} : {section.title}"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_party_and_signatory(name, built, library):
    data, _ = built[name]
    text = normalise(read_docx(data).text)
    convention = _convention(name, library)
    for party in convention.parties:
        assert normalise(party.name) in text
        assert normalise(f"« {party.short_name} »") in text
        for person in party.representatives:
            # in the parties block and in the signature block
            assert text.count(normalise(f"{person.civility} {person.name}")) >= 2, person.name


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_action_number_in_the_plan_table(name, built, library):
    data, _ = built[name]
    doc = read_docx(data)
    convention = _convention(name, library)
    numbers = [
        a.number for o in convention.action_plan.orientations for g in o.goals for j in g.objectives for a in j.actions
    ]
    plan_cells = {row[3] for t in doc.table_cells if t and t[0][3:4] == ["N°"] for row in t[1:]}
    assert set(numbers) <= plan_cells
    for fiche in convention.action_plan.fiches:
        assert any(normalise(fiche.title) in normalise(h) for h in doc.headings(3)), fiche.title


@pytest.mark.parametrize("name", EXAMPLES)
def test_annex_references_point_to_their_annex(name, built):
    data, tree = built[name]
    doc = read_docx(data)
    numbers = {a.key: a.number for a in tree.annexes}
    annex_links = [(anchor, text) for anchor, text in doc.links if anchor.startswith("ctg_annexe_")]
    assert annex_links, "the clauses cite annexes through links"
    for anchor, text in annex_links:
        if text.startswith("Annexe") and "\u00a0:" in text:
            continue  # sommaire entry
        target = doc.bookmarks[anchor]
        number = int(re.search(r"\d+", text).group())
        assert target.startswith(f"Annexe {number}\u00a0:"), (text, target)
    # no typed « annexe N » beyond the last annex
    for match in re.finditer(r"annexe (\d+)", normalise(doc.text)):
        assert 1 <= int(match.group(1)) <= len(numbers)


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_template_leftovers_nor_blanks(name, built):
    data, _ = built[name]
    doc = read_docx(data)
    text = doc.text
    for leftover in ("{{", "}}", "{%", "%}", "\ue000", "\ue001", "None", "XX/", "[à compléter]"):
        assert leftover not in text, leftover
    assert not re.search(r"en date du\s*(\.|,|;|$|\n)", text)
    assert not re.search(r"\.\.\.", text)


@pytest.mark.parametrize("name", EXAMPLES)
def test_header_footer_and_heading_styles(name, built):
    data, tree = built[name]
    doc = read_docx(data)
    assert tree.territory in doc.header and "Convention territoriale globale" in doc.header
    assert "PAGE" in doc.footer_xml and "NUMPAGES" in doc.footer_xml and "page " in doc.footer_xml
    assert len(doc.headings(1)) == len(tree.sections)


def test_word_is_asked_to_update_fields_in_schema_order(built):
    import io
    import zipfile

    data, _ = built["metz"]
    settings = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings
    assert settings.index("w:updateFields") < settings.index("<w:compat")


@pytest.mark.parametrize("name", EXAMPLES)
def test_generated_articles_contain_their_required_elements(name, built, library):
    _, tree = built[name]
    for article in (tree.preamble, *tree.articles):
        text = normalise(_section_text(article))
        for element in library.clauses[article.key].elements:
            assert re.search(element.pattern, text), (article.key, element.id)


def test_same_inputs_same_bytes(library):
    from docgen.build.job import build_bytes

    first, _ = build_bytes(ROOT / "conventions" / "metz", library)
    second, _ = build_bytes(ROOT / "conventions" / "metz", library)
    assert first == second


def test_three_party_convention_has_three_signature_parties(built):
    _, tree = built["metz"]
    parties = {s.party for s in tree.signature.signatories}
    assert len(parties) == 3 and len(tree.signature.signatories) == 4
    assert tree.signature.originals == 3


def _section_text(section) -> str:
    from docgen.model.tree import BulletList, Heading, Paragraph, Table

    parts = []
    for block in section.blocks:
        if isinstance(block, (Paragraph, Heading)):
            parts.append(block.text)
        elif isinstance(block, BulletList):
            parts.extend(i.text for i in block.items)
        elif isinstance(block, Table):
            parts.extend(c.text for row in (*block.header, *block.rows) for c in row)
    return " ".join(parts)


@pytest.mark.parametrize("name", EXAMPLES)
def test_generated_text_matches_its_golden_copy(name, built):
    assert_golden(name, built[name][0])
    assert straight_apostrophes(built[name][0]) == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_paragraph_repeats_the_one_before(name, built):
    _, doc = built[name]
    for section in doc.sections:
        texts = [t for t in (block_text(b) for b in section.blocks) if t.strip()]
        repeated = [a for a, b in zip(texts, texts[1:], strict=False) if normalise(a) == normalise(b)]
        assert repeated == [], (section.label, repeated)


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_article_and_the_annex_name_the_same_secretariat(name, built):
    _, doc = built[name]
    article = next((a for a in doc.articles if a.key == "collaboration"), None)
    if article is None:  # the 2016 model refers to the annex
        return
    annex = next(a for a in doc.annexes if a.key == "pilotage").text
    said = re.search(r"Son secrétariat permanent est assuré par ([^.]+)\.", article.text)
    assert said and f"Son secrétariat est assuré par {said.group(1)}." in annex


def test_the_intercommunality_lists_its_member_communes(built):
    _, doc = built["m2a"]
    assert "Mulhouse Alsace Agglomération regroupe 39 communes\u00a0: Baldersheim, Bantzenheim," in doc.preamble.text


@pytest.mark.parametrize("name", EXAMPLES)
def test_what_build_writes_the_checker_finds_without_error(name, built, library, tmp_path):
    """Build and check share their rules: the file as written, checked as a reviewer would."""
    from docgen.check.job import check_file

    path = tmp_path / "convention.docx"
    path.write_bytes(built[name][0])
    report = check_file(path, library)
    assert [f.message for f in report.findings if f.severity == "error"] == []


def test_build_refuses_data_that_would_make_a_checker_error(tmp_path):
    """An evaluation text too thin for the checker is refused at build, not found by the reviewer."""
    import shutil

    from docgen.cli import main
    from tests.yamledit import edit

    folder = tmp_path / "metz"
    shutil.copytree(ROOT / "conventions" / "metz", folder)

    def thin(data):
        data["evaluation"] = {"text": "Le comité se réunit."}

    edit(folder / "convention.yaml", thin)
    out = tmp_path / "out"
    assert main(["build", str(folder), "--output", str(out)]) == 2
    assert not out.exists(), "nothing written"


def test_the_examples_tables_of_contents_hold_the_page_numbers_of_their_pdfs(tmp_path, built, capsys):
    """A Word TOC field whose cached entries state the pages of LibreOffice's layout: Word has
    nothing to update, and LibreOffice, laying the .docx out again, finds the same pages."""
    folder = tmp_path / "conventions"
    for name in EXAMPLES:
        shutil.copytree(ROOT / "conventions" / name, folder / name)
    assert main(["build", str(folder), "--pdf", "--output", str(tmp_path / "out")]) == 0
    finals = {name: (tmp_path / "out" / name / "convention.docx").read_bytes() for name in EXAMPLES}
    relaid = docx_to_pdf(list(finals.values()), list(finals))
    labels = {}
    for (name, data), again in zip(finals.items(), relaid, strict=True):
        document = zipfile.ZipFile(io.BytesIO(data))
        body, settings = (document.read(f"word/{part}.xml").decode() for part in ("document", "settings"))
        assert body.count("TOC \\o") == 1 and 'w:fldCharType="begin"' in body, name
        assert re.search(r'compatibilityMode"[^>]*w:val="15"', settings) and "updateFields" not in settings
        entries = [t for s, t in read_docx(data).paragraphs if s == "toc 1"]
        stated = {normalise(t.rsplit("\t", 1)[0].replace("\t", " ")): int(t.rsplit("\t", 1)[1]) for t in entries}
        pdf = (tmp_path / "out" / name / "convention.pdf").read_bytes()
        assert stated == heading_pages(pdf) == heading_pages(again), name
        tree = built[name][1]
        starting = continued_rows(tree, pdf)  # the rows that start a page, by their bookmarks
        merged = {
            row_bookmark(t, r): sum(c.merge == "continue" for c in table.rows[r])
            for t, table in enumerate(tree.merged_tables)
            for r in table.merged_rows
        }
        assert _text(pdf).count("(suite)") == sum(merged[row] for row in starting), name
        assert "(suite)" not in body, name  # the .docx: Word lays its pages out again
        labels[name] = len(starting)
    assert labels["saint-jean-de-la-ruelle"] >= 4


def _text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return "".join(page.get_textpage().get_text_range() for page in document)
