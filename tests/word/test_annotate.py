"""Findings written into a copy of the draft as Word comments (`ctg check --annotate`)."""

from __future__ import annotations

import io
import zipfile

import docx

from docgen.cli import main


def test_annotate_writes_comments_anchored_on_paragraphs(drafts, tmp_path, capsys):
    _, faulty = drafts
    target = tmp_path / "annote.docx"
    assert main(["check", str(faulty), "--annotate", str(target)]) == 1
    assert "2 commentaires" in capsys.readouterr().out
    comments = zipfile.ZipFile(target).read("word/comments.xml").decode()
    assert "placeholder" in comments and "wrong-annex-reference" in comments
    document = docx.Document(io.BytesIO(target.read_bytes()))
    anchored = [
        p.text
        for p in document.paragraphs
        if p._p.xpath(".//w:commentRangeStart") or p._p.xpath(".//w:commentReference")
    ]
    assert any("XX/XX/2022" in text for text in anchored)
    assert any("annexe 2" in text for text in anchored)
    # the draft itself is untouched, and an existing file is never replaced
    assert b"commentRangeStart" not in faulty.read_bytes()
    assert main(["check", str(faulty), "--annotate", str(target)]) == 2


def test_annotate_refuses_a_pdf(tmp_path, capsys, pdfs):
    pdf = tmp_path / "projet.pdf"
    pdf.write_bytes(pdfs["metz"])
    assert main(["check", str(pdf), "--annotate", str(tmp_path / "x.docx")]) == 2
    assert "n'est possible que pour un document Word" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()
