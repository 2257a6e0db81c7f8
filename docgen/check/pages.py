"""The page of each block of a Word draft, from a LibreOffice layout of it.

A .docx has no pages of its own: Word and LibreOffice lay it out when they open it. So that a
reviewer finds a finding on paper as in the PDF, the draft is converted once by LibreOffice and
each paragraph or table is looked for, in order, in the text of the pages. This costs the few
seconds of a conversion: it is done on request (`ctg check --pages`) and for the HTML report.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from docgen.model.frenchtext import normalise
from docgen.model.rawblocks import RawBlock, RawDocument
from docgen.pdf.convert import docx_to_pdf
from docgen.pdf.reader import page_texts

KEY = 24  # characters of a block's start, spaces left out, looked for in the pages
_SPACES = re.compile(r"\s+")


def _squeezed(text: str) -> str:
    return _SPACES.sub("", normalise(text))


def _start(block: RawBlock) -> str:
    text = block.text if block.kind == "paragraph" else " ".join(c for row in block.rows for c in row if c)
    return _squeezed(text)[:KEY]


def with_pages(raw: RawDocument, data: bytes, name: str) -> RawDocument:
    """`raw` with the page of each block as LibreOffice lays the document out."""
    pages = [_squeezed(text) for text in page_texts(docx_to_pdf([data], [name])[0], name)]
    starts = [0]
    for text in pages:
        starts.append(starts[-1] + len(text))
    whole = "".join(pages)
    cursor, page = 0, 1
    blocks = []
    for block in raw.blocks:
        key = _start(block)
        found = whole.find(key, cursor) if len(key) >= 4 else -1
        if found >= 0:
            cursor = found + len(key)
            page = bisect.bisect_right(starts, found)
        blocks.append(dataclasses.replace(block, page=page) if key else block)
    return dataclasses.replace(raw, blocks=tuple(blocks), pages=len(pages))
