"""The dates of a .docx's core properties, read back (the PDF made from it carries them)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docgen.model.tree import built_date
from docgen.word.properties import CoreDates, core_dates

CORE = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dcterms="http://purl.org/dc/terms/">{}</cp:coreProperties>'
)


def _docx(core: str | None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        if core is not None:
            archive.writestr("docProps/core.xml", CORE.format(core))
    return out.getvalue()


def test_a_built_convention_is_dated_from_its_data(built):
    data, tree = built["metz"]
    moment = dt.datetime.combine(built_date(tree), dt.time(9, 0), tzinfo=dt.UTC)
    assert core_dates(data, "metz") == CoreDates(moment, moment)


def test_dates_are_given_in_utc_and_a_date_without_zone_is_taken_as_utc():
    dates = core_dates(
        _docx(
            "<dcterms:created>2016-12-15T10:00:00+01:00</dcterms:created>"
            "<dcterms:modified>2017-01-02T08:30:00</dcterms:modified>"
        ),
        "brouillon.docx",
    )
    assert dates == CoreDates(
        dt.datetime(2016, 12, 15, 9, tzinfo=dt.UTC), dt.datetime(2017, 1, 2, 8, 30, tzinfo=dt.UTC)
    )
    assert dates.created is not None and dates.created.tzinfo == dt.UTC


def test_missing_or_unreadable_dates_are_none():
    assert core_dates(_docx(None), "x.docx") == CoreDates()
    assert core_dates(_docx("<dcterms:created>hier</dcterms:created>"), "x.docx") == CoreDates()
    assert core_dates(_docx("<dcterms:created>2016-12-15T09:00:00Z"), "x.docx") == CoreDates()  # broken XML
    assert core_dates(b"PK\x03\x04 pas une archive", "x.docx") == CoreDates()
