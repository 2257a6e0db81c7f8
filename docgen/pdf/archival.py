"""The PDF LibreOffice exported, made ready for archives: PDF/A-2b and tagged, in French, reproducible.

LibreOffice exports PDF/A-2b and tagged PDF when asked (`convert.PDF_EXPORT`), and copies the
.docx's title, subject and keywords (the data fingerprint among them) into both the Info
dictionary and the XMP metadata. What it takes from elsewhere is set here, with pikepdf, without
rendering the pages again:

- the dates: LibreOffice writes the time of the conversion; here, those of the .docx's core
  properties (which docgen writes from the data), or none when the .docx has none;
- the file identifier (/ID): its first half from the SHA-256 of the .docx, its second computed by
  qpdf from the content written, so that the same .docx always gives the same bytes;
- the language: fr-FR in the catalogue (/Lang) and the XMP (dc:language), whatever the styles
  declare (LibreOffice takes the document's language from its default paragraph style);
- the date in the header of the colour profile PDF/A requires (the output intent's sRGB profile,
  which LibreOffice makes at each export): the PDF's creation date; LibreOffice's own checksum of
  the export (/DocChecksum, outside the PDF standard) is removed with the dates it covers.

The Info dictionary is rewritten from the XMP (pikepdf's `open_metadata`): PDF/A wants both to
say the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct

import pikepdf

from docgen.model.errors import DocgenError
from docgen.word.properties import core_dates

LANGUAGE = "fr-FR"
PDFA = "2B"  # the PDF/A part and conformance level LibreOffice is asked for: PDF/A-2b
# The date of a colour profile when the .docx gives none: 1980-01-01, as the .docx's zip entries.
EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def archival(pdf: bytes, docx: bytes, name: str) -> bytes:
    """The PDF exported from `docx`, with its dates, identifier and language taken from the
    .docx and not from the moment of conversion; a French error if it is not PDF/A-2b and tagged."""
    try:  # the pages' inherited attributes left where LibreOffice put them: copying them down
        # to every page (pikepdf's default) takes ten times longer than the rest of this
        document = pikepdf.open(io.BytesIO(pdf), inherit_page_attributes=False)
    except pikepdf.PdfError:
        raise DocgenError("LibreOffice a produit un PDF illisible", name) from None
    with document:
        _check_archival(document, name)
        dates = core_dates(docx, name)
        document.Root.Lang = pikepdf.String(LANGUAGE)
        # pikepdf would otherwise name itself the producer and date the metadata with the clock
        with document.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:language"] = {LANGUAGE}
            for key, moment in (
                ("xmp:CreateDate", dates.created),
                ("xmp:ModifyDate", dates.modified),
                ("xmp:MetadataDate", dates.modified),
            ):
                if moment is not None:
                    meta[key] = moment.isoformat()
                elif key in meta:
                    del meta[key]
        _date_profiles(document, dates.created or dates.modified or EPOCH)
        # LibreOffice's own checksum of the export (a trailer key outside the PDF standard) covers its dates
        if "/DocChecksum" in document.trailer:
            del document.trailer["/DocChecksum"]
        # qpdf keeps the first half of an existing /ID and derives the second from the content
        identity = pikepdf.String(hashlib.sha256(docx).digest()[:16])
        document.trailer.ID = pikepdf.Array([identity, identity])
        out = io.BytesIO()
        # object streams (allowed by PDF/A-2) hold the structure tree that tagging adds: a third of the size
        document.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _check_archival(document: pikepdf.Pdf, name: str) -> None:
    """A French error unless LibreOffice did what it was asked: a PDF/A-2b claim, a structure tree.

    LibreOffice before 7.4 does not read the export options given on its command line."""
    marks = document.Root.get("/MarkInfo")
    tagged = "/StructTreeRoot" in document.Root and isinstance(marks, pikepdf.Dictionary) and bool(marks.get("/Marked"))
    if document.open_metadata().pdfa_status == PDFA and tagged:
        return
    producer = str(document.docinfo.get("/Producer", "LibreOffice"))
    raise DocgenError(
        f"«\u00a0{producer}\u00a0» n'a pas produit un PDF/A-2b balisé\u00a0: LibreOffice 7.4 ou une version plus "
        "récente est nécessaire",
        name,
    )


def _date_profiles(document: pikepdf.Pdf, moment: dt.datetime) -> None:
    """The ICC profiles of the output intents dated `moment` instead of the time of export."""
    intents = document.Root.get("/OutputIntents")
    for intent in intents if isinstance(intents, pikepdf.Array) else []:
        profile = intent.get("/DestOutputProfile") if isinstance(intent, pikepdf.Dictionary) else None
        if isinstance(profile, pikepdf.Stream):
            data = profile.read_bytes()
            dated = icc_dated(data, moment)
            if dated != data:
                profile.write(dated)  # compressed again when saved


def icc_dated(profile: bytes, moment: dt.datetime) -> bytes:
    """An ICC profile whose header says it was made at `moment` (UTC); anything else unchanged.

    The header has a fixed layout (ICC.1:2010, 7.2): the date at bytes 24-35, six big-endian
    16-bit numbers; the signature « acsp » at 36; from version 4, a profile ID at 84-99, the MD5
    of the profile with its flags (44), rendering intent (64) and ID zeroed, computed again."""
    if len(profile) < 128 or profile[36:40] != b"acsp":
        return profile
    dated = bytearray(profile)
    utc = moment.astimezone(dt.UTC)
    dated[24:36] = struct.pack(">6H", utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
    if any(dated[84:100]):
        zeroed = bytearray(dated)
        zeroed[44:48] = bytes(4)
        zeroed[64:68] = bytes(4)
        zeroed[84:100] = bytes(16)
        dated[84:100] = hashlib.md5(zeroed, usedforsecurity=False).digest()
    return bytes(dated)
