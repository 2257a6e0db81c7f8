"""What the Word and PDF readers produce before structure is recognised: a flat block stream."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawBlock:
    """A paragraph or a table of a draft, in reading order.

    `index` is the block's position in the stream (the paragraph index reported to users);
    `page` is the 1-based page for PDFs (None for Word files). For paragraphs, `heading` is the
    outline level given by the source (Word heading style or outline level; for PDFs a level
    guessed from a larger font), `bold` tells that every character is bold, `style` is the
    Word style name ("" for PDFs). For tables, `rows` holds the text of each cell, row by row
    (merged cells repeat the text of their origin cell), and `text` is empty.
    `anchor` is the Word bookmark names starting in the paragraph (generated files carry
    `ctg_clause_<id>` and `ctg_annexe_<key>`).
    """

    index: int
    kind: str  # "paragraph" | "table"
    text: str = ""
    page: int | None = None
    heading: int | None = None
    bold: bool = False
    style: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    anchors: tuple[str, ...] = ()
    list_item: bool = False
    level: int = 0  # a list item's nesting (0: top), from Word's numbering level or a PDF's indentation
    highlighted: tuple[str, ...] = ()  # Word: runs of highlighted text, as people mark what is to fill in
    pictures: tuple[str, ...] = ()  # Word: the pictures (charts, maps) the paragraph holds, by part name


def _day(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Revision:
    """A pending tracked change of a Word draft (neither accepted nor rejected).

    `kind` is "insertion" or "deletion"; `text` the inserted or deleted text ("" for a
    paragraph mark alone, `mark` then true, or for a picture); `date` the `w:date` as written
    (ISO 8601, "" if absent); `block` the index of the block holding it.
    """

    kind: str  # "insertion" | "deletion"
    author: str
    date: str
    text: str
    block: int
    mark: bool = False

    @property
    def day(self) -> dt.date | None:
        """The calendar day of the change, if its date is readable."""
        return _day(self.date)


@dataclass(frozen=True)
class Comment:
    """A comment of a Word draft: its author, date (ISO 8601 or ""), text, and the block it is anchored on."""

    author: str
    date: str
    text: str
    block: int | None  # None when the comment is anchored nowhere in the body

    @property
    def day(self) -> dt.date | None:
        """The calendar day of the comment, if its date is readable."""
        return _day(self.date)


@dataclass(frozen=True)
class RawDocument:
    """A draft read from a file: its blocks, and facts noticed while reading (ACTES stamp…)."""

    blocks: tuple[RawBlock, ...]
    source: str  # "docx" | "pdf"
    pages: int | None = None
    facts: tuple[str, ...] = field(default=())
    model_hint: str | None = None  # model id recorded in a generated file's properties
    fingerprint: str | None = None  # SHA-256 of the data a generated file was built from
    revisions: tuple[Revision, ...] = ()  # pending tracked changes (the text reads as if accepted)
    comments: tuple[Comment, ...] = ()
    comments_unreadable: bool = False  # a comments part exists but is damaged
    sha256: str = ""  # of the file's bytes
    media: Mapping[str, bytes] = field(default_factory=dict)  # Word: the pictures' bytes, by part name
