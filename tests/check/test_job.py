"""The check job on generated conventions, on mutated copies of one, and on PDFs made by LibreOffice."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from docgen.check.job import check_file
from docgen.model.findings import ERROR, WARNING
from tests.conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check(tmp_path, data: bytes, library, name="draft.docx", **kw):
    path = tmp_path / name
    path.write_bytes(data)
    return check_file(path, library, **kw)


@pytest.mark.parametrize("name", EXAMPLES)
def test_generated_conventions_check_clean(name, built, library, tmp_path):
    data, _ = built[name]
    report = _check(tmp_path, data, library)
    assert report.count(ERROR) == 0 and report.count(WARNING) == 0, [f.message for f in report.findings]


@pytest.mark.parametrize("name", EXAMPLES)
def test_generated_conventions_check_clean_without_bookmarks_or_model_hint(name, built, library, tmp_path):
    """Typed-by-hand conditions: no clause bookmarks, no model recorded in the properties."""
    data, _ = built[name]
    stripped = _Docx(data)
    for bookmark in list(stripped.body.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd")):
        bookmark.getparent().remove(bookmark)
    stripped.parts["docProps/core.xml"] = re.sub(
        rb"<cp:keywords>.*?</cp:keywords>", b"", stripped.parts["docProps/core.xml"]
    )
    report = _check(tmp_path, stripped.bytes(), library)
    assert report.model_id == ("ctg-2016" if name == "metz" else "ctg-2020")
    assert report.count(ERROR) == 0 and report.count(WARNING) == 0, [f.message for f in report.findings]


class _Docx:
    """A .docx opened for surgery on its body (tests only)."""

    def __init__(self, data: bytes) -> None:
        archive = zipfile.ZipFile(io.BytesIO(data))
        self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.root = etree.fromstring(self.parts["word/document.xml"])
        self.body = self.root.find(f"{W}body")

    def bytes(self) -> bytes:
        self.parts["word/document.xml"] = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.parts.items():
                archive.writestr(name, data)
        return out.getvalue()

    @staticmethod
    def text(element) -> str:
        return "".join(t.text or "" for t in element.iter(f"{W}t"))

    def paragraph(self, contains: str, start: str = "", heading: bool = False):
        for p in self.body.iter(f"{W}p"):
            text = self.text(p)
            if contains in text and text.startswith(start) and (_is_h1(p) or not heading):
                return p
        raise AssertionError(contains)

    def replace(self, old: str, new: str, within=None) -> None:
        for t in (within if within is not None else self.body).iter(f"{W}t"):
            if t.text and old in t.text:
                t.text = t.text.replace(old, new)
                return
        raise AssertionError(old)

    def remove_section(self, heading_start: str) -> None:
        """Remove a heading paragraph and everything up to the next level-1 heading."""
        children = list(self.body)
        start = next(i for i, c in enumerate(children) if self.text(c).startswith(heading_start) and _is_h1(c))
        end = next(i for i in range(start + 1, len(children)) if _is_h1(children[i]) or children[i].tag == f"{W}sectPr")
        for child in children[start:end]:
            self.body.remove(child)


def _is_h1(element) -> bool:
    style = element.find(f"{W}pPr/{W}pStyle")
    return style is not None and style.get(f"{W}val") == "Heading1"


def _mutated(built, mutate) -> bytes:
    docx = _Docx(built["saint-jean-de-la-ruelle"][0])
    mutate(docx)
    return docx.bytes()


def _remove_article(d: _Docx) -> None:
    d.remove_section("Article 12\u00a0: Fin de la convention")
    for number in (13, 14):  # the commune renumbers what follows
        heading = d.paragraph(f"Article {number}\u00a0:", "Article", heading=True)
        d.replace(f"Article {number}\u00a0:", f"Article {number - 1}\u00a0:", heading)


def _remove_sentence(d: _Docx) -> None:
    p = d.paragraph("article 30 du RGPD")
    p.getparent().remove(p)


def _blank_owner(d: _Docx) -> None:
    for row in d.body.iter(f"{W}tr"):
        cells = row.findall(f"{W}tc")
        if len(cells) == 8 and d.text(cells[3]) == "1.1":
            for t in cells[2].iter(f"{W}t"):
                t.text = ""
            return
    raise AssertionError("action 1.1")


MUTATIONS = {
    "article removed": (_remove_article, "missing-article"),
    "required sentence removed": (_remove_sentence, "missing-element"),
    "date changed": (lambda d: d.replace("au 31 décembre 2025", "au 31 décembre 2024"), "date-inconsistency"),
    "annex removed": (lambda d: d.remove_section("Annexe 5\u00a0:"), "missing-annex"),
    "reference broken": (
        lambda d: d.replace("annexe 4", "annexe 2", d.paragraph("annexe 4", "Les modalités du pilotage")),
        "wrong-annex-reference",
    ),
    "placeholder inserted": (lambda d: d.replace("le 20 décembre 2022", "le XX/XX/2022"), "placeholder"),
    "signatory renamed": (
        lambda d: d.replace(
            "Monsieur Christophe Chaillou", "Monsieur Christophe Chaillot", d.paragraph("Chaillou", "Monsieur")
        ),
        "party-inconsistency",
    ),
    "owner blanked": (_blank_owner, "incomplete-action"),
}


@pytest.mark.parametrize("case", sorted(MUTATIONS))
def test_mutation_gives_its_code_and_no_unrelated_error(case, built, library, tmp_path):
    mutate, code = MUTATIONS[case]
    report = _check(tmp_path, _mutated(built, mutate), library)
    assert code in report.codes(), [f.message for f in report.findings]
    assert report.codes(ERROR) <= {code}, [f.message for f in report.findings if f.severity == ERROR]


def test_removed_sentence_is_a_missing_element_and_against_a_reference_an_alteration(built, library, tmp_path):
    from docgen.check.job import draft_document

    report = _check(tmp_path, _mutated(built, _remove_sentence), library)
    element = next(f for f in report.findings if f.code == "missing-element")
    assert element.location.section == "Article 7"
    # against the library's own wording, the removal is the missing element, not a change of wording
    assert "altered-article" not in report.codes()
    reference_path = tmp_path / "reference.docx"
    reference_path.write_bytes(built["saint-jean-de-la-ruelle"][0])
    reference = draft_document(reference_path)[0]
    report = _check(tmp_path, _mutated(built, _remove_sentence), library, reference=reference)
    altered = [f for f in report.findings if f.code == "altered-article"]
    assert altered and "retiré" in altered[0].message and "registre des activités de traitement" in altered[0].message


def test_reference_document_comparison(built, library, tmp_path):
    """Against a reference convention, an article rewritten in place is an alteration."""
    from docgen.check.job import draft_document

    reference_path = tmp_path / "reference.docx"
    reference_path.write_bytes(built["saint-jean-de-la-ruelle"][0])
    reference = draft_document(reference_path)[0]
    changed = _mutated(
        built, lambda d: d.replace("délai de prévenance de six mois", "délai de prévenance de trois mois")
    )
    report = _check(tmp_path, changed, library, reference=reference)
    altered = [f for f in report.findings if f.code == "altered-article"]
    assert altered and "six" in altered[0].message and "trois" in altered[0].message
    assert altered[0].location.section == "Article 12"


def test_non_convention_and_damaged_files_are_refused(tmp_path, library, built):
    import docx as python_docx

    from docgen.model.errors import DocgenError

    letter = python_docx.Document()
    letter.add_paragraph("Madame, je vous prie de trouver ci-joint le compte rendu de la réunion.")
    buffer = io.BytesIO()
    letter.save(buffer)
    data = built["metz"][0]
    cases = {
        "lettre.docx": (buffer.getvalue(), "n.a rien d.une convention territoriale globale"),
        "tronque.docx": (data[: len(data) // 2], "pas un document Word lisible"),
        "ancien.docx": (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "mot de passe"),
        "vide.docx": (b"", "vide"),
        "texte.odt": (b"bonjour", "format non pris en charge"),
    }
    for name, (content, message) in cases.items():
        with pytest.raises(DocgenError, match=message):
            _check(tmp_path, content, library, name=name)


def test_mutation_helpers_do_change_the_document(built):
    # compare the document XML, not the archives: zip entries written twice differ by their dates
    original = etree.tostring(_Docx(built["saint-jean-de-la-ruelle"][0]).root)
    assert etree.tostring(_Docx(_mutated(built, lambda d: None)).root) == original
    for mutate, _ in MUTATIONS.values():
        assert etree.tostring(_Docx(_mutated(built, mutate)).root) != original


# --- PDFs made by LibreOffice: generated conventions and the seed fixtures ---------------------


def _check_pdf(tmp_path, pdfs, name, library, **kw):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdfs[name])
    return check_file(path, library, **kw)


@pytest.mark.parametrize("name", EXAMPLES)
def test_generated_conventions_stay_clean_after_libreoffice(name, pdfs, library, tmp_path):
    report = _check_pdf(tmp_path, pdfs, name, library)
    assert report.model_id == ("ctg-2016" if name == "metz" else "ctg-2020")
    problems = [f"{f.code}: {f.message}" for f in report.findings if f.severity in (ERROR, WARNING)]
    assert problems == []


def test_saint_jean_seed_pdf_real_defects_and_actes_stamp(pdfs, library, tmp_path):
    report = _check_pdf(tmp_path, pdfs, "seed-saint-jean", library)
    codes = report.codes()
    for code in (
        "wrong-annex-reference",
        "placeholder",
        "party-inconsistency",
        "action-numbering",
        "incomplete-action",
    ):
        assert code in codes, code
    facts = [f.message for f in report.findings if f.code == "actes"]
    assert facts == ["Identifiant ACTES : 045-214502858-20221219-DELIB2022353-DE"]
    pages = {f.location.page for f in report.findings if f.code != "actes"}
    assert None not in pages, "every finding of a PDF has its page"
    assert "missing-article" not in codes


def test_metz_seed_pdf_real_defects(pdfs, library, tmp_path):
    report = _check_pdf(tmp_path, pdfs, "seed-metz", library)
    assert report.model_id == "ctg-2016"
    assert {"placeholder", "empty-annex", "toc-mismatch"} <= report.codes()
    assert "missing-article" not in report.codes()
    current = _check_pdf(tmp_path, pdfs, "seed-metz", library, model="ctg-2020")
    missing = " ".join(f.message for f in current.findings if f.code == "missing-article")
    assert "Fin de la convention" in missing and "Recours" in missing
