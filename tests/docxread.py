"""Reading generated .docx files back for tests (python-docx + XPath on the document part)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import docx
from docx.oxml.ns import qn


@dataclass
class ReadBack:
    """What a test needs from a .docx: ordered paragraphs (style, text), tables, links, bookmarks."""

    paragraphs: list[tuple[str, str]]
    table_cells: list[list[list[str]]]
    links: list[tuple[str, str]]  # (anchor, text)
    bookmarks: dict[str, str]  # bookmark name → text of its paragraph
    header: str
    footer_xml: str

    @property
    def text(self) -> str:
        cells = "\n".join(c for t in self.table_cells for row in t for c in row)
        return "\n".join(t for _, t in self.paragraphs) + "\n" + cells

    def headings(self, level: int = 1) -> list[str]:
        return [t for s, t in self.paragraphs if s == f"Heading {level}"]


def read_docx(data: bytes) -> ReadBack:
    d = docx.Document(io.BytesIO(data))
    body = d.element.body
    paragraphs = [(p.style.name, p.text) for p in d.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
    links = []
    for h in body.iter(qn("w:hyperlink")):
        text = "".join(t.text or "" for t in h.iter(qn("w:t")))
        links.append((h.get(qn("w:anchor")), text))
    bookmarks = {}
    for b in body.iter(qn("w:bookmarkStart")):
        p = b.getparent()
        bookmarks[b.get(qn("w:name"))] = "".join(t.text or "" for t in p.iter(qn("w:t")))
    section = d.sections[0]
    header = "\n".join(p.text for p in section.header.paragraphs)
    footer_xml = section.footer._element.xml
    return ReadBack(paragraphs, tables, links, bookmarks, header, footer_xml)


def straight_apostrophes(data: bytes) -> list[str]:
    """Texts of a .docx (body, headers, footers, properties) that hold a straight apostrophe."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    found = []
    for name in archive.namelist():
        if name.endswith(".xml") and name.startswith(("word/", "docProps/")):
            xml = archive.read(name).decode("utf-8")
            texts = re.findall(r"<(?:w:t|w:delText|dc:title|dc:subject|dc:description)(?: [^>]*)?>([^<]*)<", xml)
            found += [f"{name}: {t}" for t in texts if "'" in t or "&apos;" in t]
    return found
