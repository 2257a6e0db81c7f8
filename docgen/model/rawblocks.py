"""What the Word and PDF readers produce before structure is recognised: a flat block stream."""

from __future__ import annotations

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


@dataclass(frozen=True)
class RawDocument:
    """A draft read from a file: its blocks, and facts noticed while reading (ACTES stamp…)."""

    blocks: tuple[RawBlock, ...]
    source: str  # "docx" | "pdf"
    pages: int | None = None
    facts: tuple[str, ...] = field(default=())
    model_hint: str | None = None  # model id recorded in a generated file's properties
    fingerprint: str | None = None  # SHA-256 of the data a generated file was built from
