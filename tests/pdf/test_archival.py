"""Archival PDFs: the examples converted by LibreOffice are PDF/A-2b, tagged, in French, with their
title, subject and data fingerprint, and the same .docx always gives the same bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct
import zipfile

import docx
import pikepdf
import pytest
from pikepdf.models.metadata import decode_pdf_date
from pypdf import PdfReader

from docgen.build.paging import continued_rows, sommaire_pages
from docgen.model.errors import DocgenError
from docgen.model.tree import FINGERPRINT_RE, built_date
from docgen.pdf.archival import EPOCH, archival, icc_dated
from docgen.pdf.convert import PDF_EXPORT, convert
from docgen.word.writer import render_docx
from tests.conftest import EXAMPLES

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


def _moment(tree) -> dt.datetime:
    """The date docgen writes in a built .docx's core properties: the signature date, at nine."""
    return dt.datetime.combine(built_date(tree), dt.time(9, 0), tzinfo=dt.UTC)


def _delivered(tree, pdf: bytes) -> bytes:
    """The .docx `ctg build --pdf` delivers beside `pdf`, whose identifier it gives (`with_pdf`)."""
    return render_docx(tree, pages=sommaire_pages(tree, pdf))


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_is_pdfa_2b_and_tagged(name, pdfs):
    with pikepdf.open(io.BytesIO(pdfs[name])) as pdf:
        meta = pdf.open_metadata()
        assert meta[f"{PDFAID}part"] == "2"
        assert meta[f"{PDFAID}conformance"] == "B"
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.StructTreeRoot.Type == "/StructTreeRoot"
        assert len(pdf.Root.StructTreeRoot.K) > 0  # a structure, not an empty root
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"  # the sRGB profile PDF/A wants


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_says_its_title_subject_language_and_fingerprint(name, pdfs, built):
    data, tree = built[name]
    title, subject = f"{tree.title} – {tree.territory}", tree.subtitle
    with pikepdf.open(io.BytesIO(pdfs[name])) as pdf:
        meta = pdf.open_metadata()
        assert str(pdf.Root.Lang) == "fr-FR"
        assert meta["dc:language"] == {"fr-FR"}
        assert str(pdf.docinfo.Title) == meta["dc:title"] == title
        assert str(pdf.docinfo.Subject) == meta["dc:description"] == subject
        keywords = str(pdf.docinfo.Keywords)
        assert meta["pdf:Keywords"] == keywords
        found = FINGERPRINT_RE.search(keywords)
        assert found and found.group(1) == tree.fingerprint
    # and as another reader sees it
    reader = PdfReader(io.BytesIO(pdfs[name]))
    assert reader.metadata.title == title
    assert reader.metadata.subject == subject
    assert reader.xmp_metadata.dc_language == ["fr-FR"]
    assert reader.xmp_metadata.dc_title["x-default"] == title


@pytest.mark.parametrize("name", EXAMPLES)
def test_dates_and_identifier_come_from_the_docx_not_the_clock(name, pdfs, built):
    tree = built[name][1]
    data = _delivered(tree, pdfs[name])
    moment = _moment(tree)
    with pikepdf.open(io.BytesIO(pdfs[name])) as pdf:
        meta = pdf.open_metadata()
        assert decode_pdf_date(str(pdf.docinfo.CreationDate)) == moment
        assert decode_pdf_date(str(pdf.docinfo.ModDate)) == moment
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            assert dt.datetime.fromisoformat(meta[key]) == moment, key
        assert bytes(pdf.trailer.ID[0]) == hashlib.sha256(data).digest()[:16]
        assert "/DocChecksum" not in pdf.trailer
        profile = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert struct.unpack(">6H", profile[24:36]) == (moment.year, moment.month, moment.day, 9, 0, 0)
    assert PdfReader(io.BytesIO(pdfs[name])).metadata.creation_date == moment


def _redated(data: bytes, moment: dt.datetime) -> bytes:
    """The same .docx, saved again by python-docx with other core dates."""
    document = docx.Document(io.BytesIO(data))
    document.core_properties.created = document.core_properties.modified = moment.replace(tzinfo=None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_same_docx_gives_the_same_bytes_another_docx_another_identifier(pdfs, built):
    """A second LibreOffice start (the session's `pdfs` was the first) for the same .docx and one
    saved again with other dates: the same bytes for the first, its own dates and /ID for the other."""
    tree = built["metz"][1]
    data = render_docx(tree, layout=True, continued=continued_rows(tree, pdfs["metz"]))  # what was converted
    other = dt.datetime(2017, 3, 4, 10, 30, tzinfo=dt.UTC)
    converted, redated = convert([data, _redated(data, other)], ["metz", "metz-redaté"], PDF_EXPORT)
    assert archival(converted, _delivered(tree, pdfs["metz"]), "metz") == pdfs["metz"]
    again, redated = pdfs["metz"], archival(redated, _redated(data, other), "metz-redaté")
    with pikepdf.open(io.BytesIO(again)) as first, pikepdf.open(io.BytesIO(redated)) as second:
        assert bytes(first.trailer.ID[0]) != bytes(second.trailer.ID[0])
        assert bytes(first.trailer.ID[1]) != bytes(second.trailer.ID[1])
        assert decode_pdf_date(str(second.docinfo.CreationDate)) == other
        assert second.open_metadata().pdfa_status == "2B"
        profile = second.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert struct.unpack(">6H", profile[24:36]) == (2017, 3, 4, 10, 30, 0)
    assert PdfReader(io.BytesIO(redated)).metadata.title == f"{tree.title} – {tree.territory}"


def test_a_docx_without_core_properties_gives_a_pdf_without_dates(pdfs, built):
    """No date is made up: the clock's dates LibreOffice wrote are removed, not kept."""
    data, _ = built["metz"]
    source = zipfile.ZipFile(io.BytesIO(data))
    stripped = io.BytesIO()
    with zipfile.ZipFile(stripped, "w") as out:
        for info in source.infolist():
            if info.filename != "docProps/core.xml":
                out.writestr(info, source.read(info))
    result = archival(pdfs["metz"], stripped.getvalue(), "sans-dates")
    with pikepdf.open(io.BytesIO(result)) as pdf:
        assert "/CreationDate" not in pdf.docinfo and "/ModDate" not in pdf.docinfo
        meta = pdf.open_metadata()
        assert "xmp:CreateDate" not in meta and "xmp:ModifyDate" not in meta
        profile = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert struct.unpack(">6H", profile[24:36]) == (EPOCH.year, 1, 1, 0, 0, 0)
        assert bytes(pdf.trailer.ID[0]) == hashlib.sha256(stripped.getvalue()).digest()[:16]


def test_a_pdf_that_is_not_pdfa_is_refused_in_french():
    """What an older LibreOffice, that ignores the export options, would give."""
    plain = pikepdf.new()
    plain.add_blank_page()
    plain.docinfo["/Producer"] = "LibreOffice 7.3"
    out = io.BytesIO()
    plain.save(out)
    with pytest.raises(DocgenError, match="«\u00a0LibreOffice 7.3\u00a0» n'a pas produit un PDF/A-2b balisé\u00a0: "):
        archival(out.getvalue(), b"", "convention.docx")
    with pytest.raises(DocgenError, match="LibreOffice a produit un PDF illisible$"):
        archival(b"%PDF-1.6 truncated", b"", "convention.docx")


def _header(version: int) -> bytearray:
    profile = bytearray(132)
    profile[0:4] = len(profile).to_bytes(4, "big")
    profile[8] = version
    profile[36:40] = b"acsp"
    profile[44:48] = b"\x00\x00\x00\x01"  # flags: left out of the profile ID
    if version >= 4:
        profile[84:100] = b"\x01" * 16
    return profile


def test_icc_dated_writes_the_date_and_the_profile_id_of_a_version_4_profile():
    moment = dt.datetime(2016, 12, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    v2 = icc_dated(bytes(_header(2)), moment)
    assert struct.unpack(">6H", v2[24:36]) == (2016, 12, 15, 9, 0, 0)  # in UTC
    assert v2[84:100] == bytes(16)  # version 2: no profile ID
    v4 = icc_dated(bytes(_header(4)), moment)
    zeroed = bytearray(v4)
    zeroed[44:48], zeroed[64:68], zeroed[84:100] = bytes(4), bytes(4), bytes(16)
    assert v4[84:100] == hashlib.md5(zeroed).digest()
    assert icc_dated(b"not a profile", moment) == b"not a profile"
