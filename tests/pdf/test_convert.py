"""The examples converted by LibreOffice (what users open them with), read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from docgen.model.frenchtext import normalise
from tests.conftest import EXAMPLES


@pytest.mark.parametrize("name", EXAMPLES)
def test_libreoffice_converts_each_example(name, pdfs, built):
    reader = PdfReader(io.BytesIO(pdfs[name]))
    pages = [page.extract_text() or "" for page in reader.pages]
    assert len(pages) >= 10
    text = normalise("\n".join(pages))
    _, tree = built[name]
    for section in tree.sections:
        assert normalise(section.title)[:40] in text, section.title
    for signatory in tree.signature.signatories:
        assert normalise(signatory.name) in text
    # footer « page X / Y » on every page but the cover, with the real page count
    total = len(pages)
    for number, page in enumerate(pages[1:], start=2):
        assert re.search(rf"page\s*{number}\s*/\s*{total}", page), number
    cover = normalise(pages[0])
    assert "page" not in cover.split() and normalise(tree.territory) in cover, "the cover: no header, no footer"
    assert cover.count(normalise(tree.title)) == 1


def test_sommaire_page_numbers_are_computed(pdfs, built):
    """The sommaire's page references point to the pages where the headings are."""
    reader = PdfReader(io.BytesIO(pdfs["saint-jean-de-la-ruelle"]))
    pages = [normalise(page.extract_text() or "") for page in reader.pages]
    sommaire = next(i for i, p in enumerate(pages) if p.startswith("convention") and "sommaire" in p)
    _, tree = built["saint-jean-de-la-ruelle"]
    for section in tree.articles[:3] + tree.annexes[-2:]:
        label = normalise(section.label)
        match = re.search(rf"{re.escape(label)} :[^\n]*?\.{{3,}}\s*(\d+)", pages[sommaire])
        assert match, label
        page = int(match.group(1))
        assert f"{label} : {normalise(section.title)[:20]}" in pages[page - 1], (label, page)
