"""Recognising a draft's structure: raw blocks → the document tree (articles, annexes, sommaire…).

Works whatever the styling: Word heading styles, bold or upper-case paragraphs, « ARTICLE 7 -
… », « Article 7 : … », « Article préliminaire », sommaires as tab-leader lines or as a table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from docgen.check.parties import PERSON_RE, parse_parties
from docgen.model.frenchtext import normalise
from docgen.model.rawblocks import RawBlock, RawDocument
from docgen.model.tree import (
    Block,
    BulletList,
    Cell,
    Document,
    Figure,
    Heading,
    ListItem,
    Origin,
    Paragraph,
    PartyBlock,
    Picture,
    Section,
    Signatory,
    SignatureBlock,
    Table,
    Text,
    TocEntry,
)

_SEP = r"\s*(?:[-–—:.]\s*)?"
# Matched on the text as written (case and accents aside), so that group 2 is the title as written.
ARTICLE_RE = re.compile(rf"^\s*article\s+(pr[ée]liminaire|premier|1er|\d+){_SEP}(.*)$", re.IGNORECASE)
ANNEX_RE = re.compile(rf"^\s*annexe\s+(\d+|[ivx]+){_SEP}(.*)$", re.IGNORECASE)
PREAMBLE_RE = re.compile(r"^\s*pr[ée]ambule\s*$", re.IGNORECASE)
TOC_TITLE_RE = re.compile(r"^\s*(sommaire|table des mati[eè]res)\s*$", re.IGNORECASE)
TOC_PAGE_RE = re.compile(r"(?:\t|\.{3,}|…+|\s{2,})\s*(\d{1,3})?\s*$")
SIGNATURE_RE = re.compile(r"^\s*fait\s+[àa]\s+", re.IGNORECASE)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def clean(text: str) -> str:
    """Text with tabs and runs of spaces folded, stripped."""
    return re.sub(r"[ \t\u00a0\u202f]+", " ", text).strip()


def _number(token: str) -> int | None:
    token = normalise(token)
    if token in ("preliminaire",):
        return None
    if token in ("premier", "1er"):
        return 1
    return ROMAN.get(token) or (int(token) if token.isdigit() else None)


def heading_like(block: RawBlock) -> bool:
    """A paragraph that reads as a title: heading style, all bold, upper case, or short."""
    text = clean(block.text)
    if not text or len(text) > 200:
        return False
    letters = [c for c in text if c.isalpha()]
    upper = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
    return bool(block.heading) or block.bold or upper or (len(text) < 110 and not text.endswith((".", ";", ",")))


@dataclass(frozen=True)
class HeadingMatch:
    """A recognised article or annex heading."""

    kind: str  # "article" | "annex"
    number: int | None
    title: str


def match_heading(block: RawBlock) -> HeadingMatch | None:
    """The article or annex this paragraph opens, if it is such a heading."""
    if block.kind != "paragraph" or block.list_item or not heading_like(block):
        return None
    text = " ".join(block.text.split())  # a heading may hold line breaks
    if TOC_PAGE_RE.search(block.text) and "\t" in block.text:
        return None  # a sommaire line
    if PREAMBLE_RE.match(text):
        return HeadingMatch("article", None, text)
    labelled = _labelled(text)
    return HeadingMatch(*labelled) if labelled else None


def _labelled(text: str) -> tuple[str, int | None, str] | None:
    """(kind, number, title) of a text starting « Article 7 : … » or « Annexe 2 - … »."""
    for regex, kind in ((ARTICLE_RE, "article"), (ANNEX_RE, "annex")):
        m = regex.match(text)
        if m:
            number = _number(m.group(1))
            if number is None and not (kind == "article" and normalise(m.group(1)) == "preliminaire"):
                return None
            return kind, number, m.group(2).strip(" :-–—.…\u00a0")
    return None


def build_document(raw: RawDocument) -> Document:
    """The document tree of a draft."""
    blocks = list(raw.blocks)
    toc, toc_indexes = _sommaire(blocks)
    starts: list[tuple[int, HeadingMatch]] = []
    for position, block in enumerate(blocks):
        if block.index in toc_indexes:
            continue
        match = match_heading(block)
        if match:
            starts.append((position, match))
    first = starts[0][0] if starts else len(blocks)
    front = [b for b in blocks[:first] if b.index not in toc_indexes]
    sections: list[Section] = []
    for n, (position, match) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(blocks)
        body = [b for b in blocks[position + 1 : end] if b.index not in toc_indexes]
        heading = blocks[position]
        sections.append(
            Section(
                kind=match.kind,
                key=_anchor_key(heading),
                number=match.number,
                title=match.title,
                blocks=tuple(_blocks(body, raw.media)),
                origin=Origin(heading.index, heading.page),
                heading_text=clean(heading.text),
            )
        )
    articles = [s for s in sections if s.kind == "article"]
    annexes = [s for s in sections if s.kind == "annex"]
    preamble = next((s for s in articles if s.number is None), None)
    numbered = [s for s in articles if s is not preamble]
    signature, numbered = _signature(numbered)
    front_blocks = tuple(_blocks(front, raw.media))
    visas = tuple(b for b in front_blocks if isinstance(b, Paragraph) and normalise(b.text).startswith("vu "))
    title, subtitle = _cover(front)
    return Document(
        title=title,
        subtitle=subtitle,
        territory="",
        model_id=raw.model_hint or "",
        date=None,
        parties=tuple(_parties(front)),
        visas=visas,
        preamble=preamble,
        articles=tuple(numbered),
        signature=signature,
        annexes=tuple(annexes),
        sommaire=tuple(toc),
        front=front_blocks,
    )


def _anchor_key(block: RawBlock) -> str:
    for anchor in block.anchors:
        for prefix in ("ctg_clause_", "ctg_annexe_"):
            if anchor.startswith(prefix):
                return anchor[len(prefix) :]
    return ""


def _sommaire(blocks: list[RawBlock]) -> tuple[list[TocEntry], set[int]]:
    """Entries of the sommaire (tab-leader lines or a table) and the indexes of its blocks."""
    entries: list[TocEntry] = []
    used: set[int] = set()
    for position, block in enumerate(blocks):
        if block.kind != "paragraph" or not TOC_TITLE_RE.match(clean(block.text)):
            continue
        used.add(block.index)
        for follower in blocks[position + 1 :]:
            if follower.kind == "table":
                rows = [_toc_entry(" \t".join(row), follower) for row in follower.rows]
                if not any(rows):
                    break
                entries.extend(e for e in rows if e)
                used.add(follower.index)
                continue
            if not clean(follower.text):
                used.add(follower.index)
                continue
            entry = _toc_entry(follower.text, follower)
            if entry is None:
                break
            entries.append(entry)
            used.add(follower.index)
        break
    return entries, used


def _toc_entry(text: str, block: RawBlock) -> TocEntry | None:
    page_match = TOC_PAGE_RE.search(text)
    if not page_match and "toc" not in block.style.lower():
        return None
    labelled = _labelled(clean(TOC_PAGE_RE.sub("", text) if page_match else text))
    if labelled is None:
        return None
    kind, number, title = labelled
    label = "Article préliminaire" if number is None else f"{'Article' if kind == 'article' else 'Annexe'} {number}"
    page = int(page_match.group(1)) if page_match and page_match.group(1) else None
    return TocEntry(label, title, page, Origin(block.index, block.page))


CAPTION_RE = re.compile(r"^figure\s+(\d{1,3})\s*[:.–-]\s*(.*)$", re.IGNORECASE)
SOURCE_RE = re.compile(r"^sources?\s*:\s*(.*)$", re.IGNORECASE)


def _blocks(raw: list[RawBlock], media: Mapping[str, bytes] = {}) -> list[Block]:
    out: list[Block] = []
    items: list[ListItem] = []
    taken: set[int] = set()  # captions and source lines joined to the picture before them
    for position, block in enumerate(raw):
        if position in taken:
            continue
        origin = Origin(block.index, block.page)
        if block.kind == "paragraph" and block.list_item and clean(block.text):
            items.append(ListItem((Text(clean(block.text)),), block.level, origin))
            continue
        if items:
            out.append(BulletList(tuple(items)))
            items = []
        if block.kind == "table":
            rows = tuple(tuple(Cell((Paragraph((Text(c),)),)) for c in row) for row in block.rows)
            width = max((len(r) for r in rows), default=1)
            out.append(Table((), rows, (1.0,) * width, "draft", origin))
        elif block.pictures and not clean(block.text):  # counted in the content, not checked
            out.extend(_figures(raw, position, media, taken))
        elif clean(block.text):
            if block.heading and block.heading > 1:
                out.append(Heading(clean(block.text), block.heading, origin))
            else:
                out.append(Paragraph((Text(block.text.strip(), bold=block.bold),), "body", origin))
    if items:
        out.append(BulletList(tuple(items)))
    return out


def _figures(raw: list[RawBlock], position: int, media: Mapping[str, bytes], taken: set[int]) -> list[Figure]:
    """The pictures of paragraph `position`, the last one with the « Figure 3 : … » caption and
    the « Source : … » line that follow it, if they do."""
    pictures = [Picture(media[part], part, 0, 0) if part in media else None for part in raw[position].pictures]
    figures = [Figure("", "", picture=picture) for picture in pictures]
    following = [(k, clean(raw[k].text)) for k in range(position + 1, min(position + 3, len(raw)))]
    if following and (caption := CAPTION_RE.match(following[0][1])):
        taken.add(following[0][0])
        source = ""
        if len(following) > 1 and (line := SOURCE_RE.match(following[1][1])):
            taken.add(following[1][0])
            source = line.group(1)
        figures[-1] = Figure("", caption.group(2), source, int(caption.group(1)), pictures[-1])
    return figures


def _lines(blocks: list[RawBlock]) -> list[str]:
    """Non-empty lines of paragraphs (a paragraph may hold line breaks)."""
    return [clean(line) for b in blocks if b.kind == "paragraph" for line in b.text.split("\n") if clean(line)]


def _cover(front: list[RawBlock]) -> tuple[str, str]:
    lines = _lines(front)
    title = next((line for line in lines if "convention" in normalise(line)), lines[0] if lines else "")
    period = next((line for line in lines if re.match(r"^(du|periode du)\b.*\bau\b", normalise(line))), "")
    return title, period


def _parties(front: list[RawBlock]) -> list[PartyBlock]:
    """Parties from the « Entre : … et … » block."""
    return parse_parties(_lines(front))


def _signature(articles: list[Section]) -> tuple[SignatureBlock | None, list[Section]]:
    """Cut the « Fait à … » block off the last article."""
    if not articles:
        return None, articles
    last = articles[-1]
    cut = next((i for i, b in enumerate(last.blocks) if isinstance(b, Paragraph) and SIGNATURE_RE.match(b.text)), None)
    if cut is None:
        return None, articles
    head, tail = last.blocks[:cut], last.blocks[cut:]
    first = tail[0]
    assert isinstance(first, Paragraph)
    texts = _tail_texts(tail)
    place = re.match(r"^\s*fait\s+[àa]\s+([^,\n]+?)(?:,|\s+le\b|$)", first.text, re.IGNORECASE)
    signatories = tuple(_signatories(texts))
    originals = _originals(" ".join(texts))
    block = SignatureBlock(
        place=place.group(1).strip() if place else "",
        date=None,
        originals=originals,
        signatories=signatories,
        text=" ".join(clean(t) for t in texts[:3]),
        origin=first.origin,
    )
    trimmed = Section(last.kind, last.key, last.number, last.title, head, last.wide, last.origin, last.heading_text)
    return block, [*articles[:-1], trimmed]


def _tail_texts(blocks: tuple[Block, ...]) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                texts.extend(c.text for c in row)
        elif isinstance(block, BulletList):
            texts.extend(i.text for i in block.items)
        else:
            texts.append(block.text)
    return texts


def _signatories(texts: list[str]) -> list[Signatory]:
    out: list[Signatory] = []
    for text in texts:
        lines = [clean(line) for line in text.split("\n") if clean(line)]
        for i, line in enumerate(lines):
            for match in PERSON_RE.finditer(line):
                before = line[: match.start()].strip() or (lines[i - 1] if i else "")
                party = lines[0] if i > 1 else ""
                out.append(Signatory(party=party, function=before, name=f"{match.group(1)} {match.group(2)}".strip()))
    return out


_COUNTS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6}


def _originals(text: str) -> int:
    folded = normalise(text)
    m = re.search(r"en (\w+) exemplaires", folded)
    if not m:
        return 0
    word = m.group(1)
    return _COUNTS.get(word, int(word) if word.isdigit() else 0)
