"""What every rule needs: the draft, the model it follows, its articles and annexes mapped."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from docgen.check.mapping import ArticleMap
from docgen.library.catalog import Library
from docgen.model.findings import Location
from docgen.model.rawblocks import RawDocument
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
    raw: RawDocument | None = None  # the blocks as read, with a Word draft's tracked changes and comments

    @property
    def model(self):
        return self.articles.model


def excerpt(text: str, start: int = 0) -> str:
    """A short excerpt around `start`."""
    text = re.sub(r"\s+", " ", text).strip()
    begin = max(0, start - 40)
    piece = text[begin : begin + EXCERPT]
    return ("…" if begin else "") + piece + ("…" if begin + EXCERPT < len(text) else "")


FRONT = "En-tête"  # the front matter: cover, parties, visas


def where(
    section: Section | None, origin: Origin | None = None, text: str = "", front: tuple[Block, ...] = ()
) -> Location:
    """A location in `section` (or in the front matter `front`), at `origin` or at the section
    heading, with the paragraph's rank in it: « Article 7, 3e alinéa »."""
    at = origin or (section.origin if section else None)
    blocks = section.blocks if section else front
    found = _found(blocks, at) if at is not None and at is not (section.origin if section else None) else None
    rank, page = found if found else (None, at.page if at else None)
    return Location(
        section=section.label if section else (FRONT if rank else None),
        paragraph=at.index if at else None,
        page=page if page is not None else (at.page if at else None),
        excerpt=excerpt(text) if text else "",
        alinea=rank,
    )


def _found(blocks: tuple[Block, ...], origin: Origin) -> tuple[int, int | None] | None:
    """Rank and page of the block at `origin` (a location built from an index alone gets its page)."""
    rank = 0
    for block in blocks:
        origins = [i.origin for i in block.items] if isinstance(block, BulletList) else [getattr(block, "origin", None)]
        for seen in origins:
            rank += 1
            if seen is not None and seen.index == origin.index:
                return rank, seen.page
    return None


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


class Locator:
    """The article or annex holding a block: the last section whose heading comes at or before it."""

    def __init__(self, doc: Document) -> None:
        sections = sorted((s for s in doc.sections if s.origin is not None), key=_start)
        self.starts = [_start(s) for s in sections]
        self.sections: list[Section] = sections
        # the signature block ends the last article: what follows it, up to the annexes, is no article
        self.signature = doc.signature.origin.index if doc.signature and doc.signature.origin else None
        self.front = doc.front

    def __call__(self, block: int | None) -> Location:
        """The location of `block`, without excerpt (the message quotes the text already)."""
        if block is None:
            return Location()
        position = bisect.bisect_right(self.starts, block) - 1
        section = self.sections[position] if position >= 0 else None
        if section is not None and self.signature is not None and _start(section) < self.signature <= block:
            section = None
        return where(section, Origin(block), front=self.front)


def _start(section: Section) -> int:
    return section.origin.index if section.origin else -1
