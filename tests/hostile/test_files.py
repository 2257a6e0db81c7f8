"""Files that are not what they claim: FIFOs, devices, folders, oversized files; refused at once."""

from __future__ import annotations

import os
import re
import shutil
import time
import zipfile
import zlib

import pytest

from docgen.cli import main
from docgen.inputs import read_input
from docgen.model.errors import DocgenError
from tests.conftest import MINI
from tests.hostile.test_values import ENGLISH


def _special(tmp_path, kind: str, name: str):
    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_draft_that_is_not_a_regular_file(kind, tmp_path, capsys):
    draft = _special(tmp_path, kind, "projet.docx")
    started = time.monotonic()
    assert main(["check", str(draft)]) == 2
    assert time.monotonic() - started < 10, "refused at once, not read"  # generous: the point is no hang
    err = capsys.readouterr().err
    assert "ce n'est pas un fichier ordinaire" in err and str(draft) in err
    assert not ENGLISH.search(err), err


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_reference_that_is_not_a_regular_file(kind, tmp_path, capsys):
    reference = _special(tmp_path, kind, "reference.docx")
    draft = tmp_path / "projet.docx"
    assert main(["build", str(MINI), "--output", str(tmp_path / "out")]) == 0
    shutil.copy(tmp_path / "out" / "mini" / "convention.docx", draft)
    capsys.readouterr()
    assert main(["check", str(draft), "--reference", str(reference)]) == 2
    assert "ce n'est pas un fichier ordinaire" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_territory_data_and_register_that_are_not_regular_files(kind, tmp_path, capsys):
    folder = tmp_path / "villebourg"
    folder.mkdir()
    _special(folder, kind, "convention.yaml")
    assert main(["build", str(folder), "--output", str(tmp_path / "out")]) == 2
    assert "ce n'est pas un fichier ordinaire" in capsys.readouterr().err
    signed = tmp_path / "signed"
    shutil.copytree(MINI, signed)
    (signed / "history").mkdir()
    _special(signed / "history", kind, "signatures.yaml")
    assert main(["sign", str(signed)]) == 2
    err = capsys.readouterr().err
    assert "ce n'est pas un fichier ordinaire" in err and "signatures.yaml" in err and not ENGLISH.search(err)


def test_the_size_limit_is_checked_before_and_while_reading(tmp_path):
    big = tmp_path / "gros.yaml"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(DocgenError, match=r"fichier trop volumineux pour un essai \(au plus 0\u00a0Mo\)"):
        read_input(big, 1000, "un essai")
    assert read_input(big, 2000, "un essai") == b"a" * 2000
    with pytest.raises(DocgenError, match="fichier introuvable"):
        read_input(tmp_path / "absent.yaml", 1000, "un essai")


def _docx(tmp_path, body: bytes, compression=zipfile.ZIP_DEFLATED):
    path = tmp_path / "piege.docx"
    xml = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml + body + b"</w:body></w:document>")
    return path


def test_a_zip_bomb_of_empty_paragraphs_is_refused_at_once(tmp_path, capsys):
    bomb = _docx(tmp_path, b"<w:p/>" * 10_000_000)  # 60 MB of XML in a small file
    assert bomb.stat().st_size < 1_000_000
    started = time.monotonic()
    assert main(["check", str(bomb)]) == 2
    assert time.monotonic() - started < 5
    err = capsys.readouterr().err
    assert "le document Word est anormalement volumineux" in err and "word/document.xml" in err
    assert not ENGLISH.search(err), err


def test_a_compressed_part_that_expands_too_much_is_refused(tmp_path, capsys):
    bomb = _docx(tmp_path, b"<w:p/>" * 1_000_000)  # 6 MB from a few kilobytes
    assert main(["check", str(bomb)]) == 2
    assert "se décompresse plus de 200 fois" in capsys.readouterr().err


def test_too_many_paragraphs_are_refused_before_parsing(tmp_path, capsys):
    many = _docx(tmp_path, b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 250_000, zipfile.ZIP_STORED)
    assert main(["check", str(many)]) == 2
    assert "plus de 200\u00a0000 paragraphes" in capsys.readouterr().err


NODE_BOMBS = {  # built when the test runs, not when the module is imported
    "elements": lambda: b"<w:p>" + b"<w:r/>" * 2_000_000 + b"</w:p>",  # a paragraph of 2 million empty runs
    "attributes": lambda: b"<w:p><w:r " + b'a="" ' * 1_600_000 + b"/></w:p>",
}


@pytest.mark.parametrize("kind", NODE_BOMBS)
def test_too_many_xml_nodes_in_a_part_are_refused_before_parsing(kind, tmp_path, capsys):
    many = _docx(tmp_path, NODE_BOMBS[kind](), zipfile.ZIP_STORED)  # stored: no compression ratio to give it away
    assert main(["check", str(many)]) == 2
    err = capsys.readouterr().err
    assert "plus de 1\u00a0500\u00a0000 éléments et attributs XML" in err and "word/document.xml" in err


def _pdf_with_stream(path, raw: bytes, pages: int = 1):
    """A PDF of `pages` pages that all show the content stream `raw`, deflated, in Helvetica."""
    stream = zlib.compress(raw, 9)
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        *[page] * pages,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_a_pdf_whose_content_stream_expands_to_hundreds_of_megabytes(tmp_path, capsys):
    bomb = _pdf_with_stream(tmp_path / "piege.pdf", b" " * 120_000_000)
    assert bomb.stat().st_size < 1_000_000
    started = time.monotonic()
    assert main(["check", str(bomb)]) == 2
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert "flux qui se décompresse au-delà de 50\u00a0Mo" in err and not ENGLISH.search(err)


def _text_stream(characters: int) -> bytes:
    """A page of `characters` characters of text in 3-point type, 150 to a line."""
    line = b"(" + b"ab cd " * 25 + b") Tj 0 -3 Td\n"
    return b"BT /F1 3 Tf 10 830 Td\n" + line * (characters // 150) + b"ET"


def test_a_pdf_page_with_more_characters_than_a_page_of_text_is_refused(tmp_path, capsys):
    dense = _pdf_with_stream(tmp_path / "dense.pdf", _text_stream(60_000))
    assert main(["check", str(dense)]) == 2
    err = capsys.readouterr().err
    assert re.search("la page 1 du PDF compte 60\u00a0[0-9]{3} caractères, plus que les 30\u00a0000", err), err


def test_pages_sharing_one_content_stream_are_capped_in_characters_in_all(tmp_path, capsys):
    shared = _pdf_with_stream(tmp_path / "partage.pdf", _text_stream(25_000), pages=100)  # a 16 KB file
    assert shared.stat().st_size < 50_000
    started = time.monotonic()
    assert main(["check", str(shared)]) == 2
    assert time.monotonic() - started < 30
    err = capsys.readouterr().err
    assert "le PDF compte plus de 2\u00a0000\u00a0000 caractères (page 80)" in err, err
