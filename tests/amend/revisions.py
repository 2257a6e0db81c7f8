"""Accepting or rejecting every tracked change of a Word document, through its XML, as Word does."""

from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(data: bytes, *, body: bool = False) -> list[str]:
    """The text of each paragraph, then of each table cell; with `body`, from the parties on and
    without the sommaire (the cover and the sommaire of a redline are those of the consolidated text)."""
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs if not (body and p.style.name.lower().startswith("toc"))]
    if body:
        texts = texts[texts.index("Entre\u00a0:") :]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


def _resolved(data: bytes, keep: str) -> bytes:
    """`data` with the changes of kind `keep` (« ins » or « del ») kept and the others dropped."""
    drop = "del" if keep == "ins" else "ins"
    archive = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(archive.read("word/document.xml"))
    for row in list(root.iter(f"{W}tr")):
        if row.find(f"{W}trPr/{W}{drop}") is not None:
            row.getparent().remove(row)
    for table in list(root.iter(f"{W}tbl")):
        if table.find(f"{W}tr") is None:
            table.getparent().remove(table)
    for p in list(root.iter(f"{W}p")):
        if p.find(f"{W}pPr/{W}rPr/{W}{drop}") is not None:
            p.getparent().remove(p)
    for dropped in list(root.iter(f"{W}{drop}")):
        dropped.getparent().remove(dropped)
    for kept in list(root.iter(f"{W}{keep}")):
        parent = kept.getparent()
        if parent.tag in (f"{W}rPr", f"{W}trPr"):
            parent.remove(kept)
            continue
        for child in list(kept):
            for deleted_text in child.iter(f"{W}delText"):
                deleted_text.tag = f"{W}t"
            kept.addprevious(child)
        parent.remove(kept)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name in archive.namelist():
            out.writestr(name, etree.tostring(root) if name == "word/document.xml" else archive.read(name))
    return buffer.getvalue()


def accept_all(data: bytes, *, body: bool = False) -> list[str]:
    """The paragraphs of the redline with every tracked change accepted (see `paragraphs`)."""
    return paragraphs(_resolved(data, "ins"), body=body)


def reject_all(data: bytes) -> list[str]:
    """The body paragraphs of the redline with every tracked change rejected (see `paragraphs`)."""
    return paragraphs(_resolved(data, "del"), body=True)


def revised_words(data: bytes, kind: str) -> list[str]:
    """The text of each `w:ins` or `w:del` mark (« ins », « del ») of the document."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    text_tag = f"{W}delText" if kind == "del" else f"{W}t"
    return ["".join(t.text or "" for t in mark.iter(text_tag)) for mark in root.iter(f"{W}{kind}")]
