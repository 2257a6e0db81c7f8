"""What every rule needs: the draft, the model it follows, its articles and annexes mapped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.check.mapping import ArticleMap
from docgen.library.catalog import Library
from docgen.model.findings import Location
from docgen.model.tree import Block, BulletList, Document, Heading, Origin, Paragraph, Section, Table

EXCERPT = 160


@dataclass(frozen=True)
class CheckContext:
    """A draft ready to be judged."""

    doc: Document
    library: Library
    articles: ArticleMap
    annexes: dict[str, Section]  # annex slot key → draft annex
    reference: ArticleMap | None = None  # articles of a reference document, if one is given
    reference_doc: Document | None = None  # the reference document itself

    @property
    def model(self):
        return self.articles.model


def excerpt(text: str, start: int = 0) -> str:
    """A short excerpt around `start`."""
    text = re.sub(r"\s+", " ", text).strip()
    begin = max(0, start - 40)
    piece = text[begin : begin + EXCERPT]
    return ("…" if begin else "") + piece + ("…" if begin + EXCERPT < len(text) else "")


def where(section: Section | None, origin: Origin | None = None, text: str = "") -> Location:
    """A location in `section` (or the front matter), at `origin` or at the section heading."""
    origin = origin or (section.origin if section else None)
    return Location(
        section=section.label if section else None,
        paragraph=origin.index if origin else None,
        page=origin.page if origin else None,
        excerpt=excerpt(text) if text else "",
    )


def texts_with_origin(blocks: tuple[Block, ...]):
    """(text, origin) of every paragraph, list item, heading and table cell."""
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            yield block.text, block.origin
        elif isinstance(block, BulletList):
            for item in block.items:
                yield item.text, item.origin
        elif isinstance(block, Table):
            for row in (*block.header, *block.rows):
                for cell in row:
                    yield cell.text, block.origin
