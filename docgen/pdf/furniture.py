"""Page furniture of a PDF draft: running headers and footers, page numbers, préfecture stamps.

They are taken out of the page before paragraphs are made; the ACTES identifiers stamped by
the préfecture are kept as facts of the document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from docgen.model.frenchtext import normalise
from docgen.pdf.lines import HYPHEN, Line, Page, rejoin_soft

PAGE_NUMBER = re.compile(r"^(page|p\.)\s*\d+\s*(/|sur|de)\s*\d+$", re.I)
FRACTION = re.compile(r"^\d+\s*(/|sur)\s*\d+$")
STAMP = re.compile(r"^(envoye en prefecture le|recu en prefecture le|publie le|affiche le|id\s*:\s*\d{3}-\d)")
ACTES_ID = re.compile(r"\b(?i:id)\s*:\s*(\d{3}-\d{6,9}-\d{8}-[A-Z0-9_]+-[A-Z]{2})\b")
MARGIN = 0.15  # share of the page height where running headers and footers live
REPEATED = 0.6  # share of the pages a header or footer line appears on


@dataclass(frozen=True)
class Marks:
    """What a page tells of its furniture on its own (see `page_marks`)."""

    line_keys: list[str | None]  # per line: its text, digits aside, if it stands in a margin
    table_keys: list[str | None]  # per table: the same, for a table in the top or bottom margin
    always: list[bool]  # per line: a page number or a préfecture stamp, wherever it repeats or not
    actes: list[str]  # the ACTES identifiers stamped on the page


def page_marks(page: Page) -> Marks:
    """The page's share of the furniture work, which needs no other page (done as it is read)."""
    line_keys = [_key(ln.text) if _in_margin(ln, page) else None for ln in page.lines]
    band = (MARGIN * page.height, (1 - MARGIN) * page.height)
    table_keys = [
        _key(" ".join(w.text for ws in t.words.values() for w in ws))
        if t.ys[-1] <= band[0] or t.ys[0] >= band[1]
        else None
        for t in page.tables
    ]
    always = [_always_furniture(ln, key is not None) for ln, key in zip(page.lines, line_keys, strict=True)]
    flat = re.sub(r"\s+", " ", page.text.replace(HYPHEN + "\r\n", "-").replace(HYPHEN, "-"))
    return Marks(line_keys, table_keys, always, [m.group(1) for m in ACTES_ID.finditer(flat)])


def actes_facts(pages: list[Page]) -> list[str]:
    """« Identifiant ACTES : … » for each distinct identifier stamped by the préfecture."""
    found: dict[str, None] = {}
    for page in pages:
        for identifier in (page.marks or page_marks(page)).actes:
            found.setdefault(identifier)
    return [f"Identifiant ACTES : {i}" for i in found]


def remove_furniture(pages: list[Page]) -> None:
    """Take out running headers and footers, page numbers and préfecture stamps.

    A line (or a table: headers are often laid out in one) in the top or bottom margin is
    furniture when its text, digits aside, comes back on most pages.
    """
    marks = [page.marks or page_marks(page) for page in pages]
    seen: Counter = Counter()
    for mark in marks:
        seen.update({k for k in mark.line_keys + mark.table_keys if k})
    repeated = {k for k, n in seen.items() if len(pages) >= 3 and n >= REPEATED * len(pages)}
    for page, mark in zip(pages, marks, strict=True):
        kept = [
            line
            for line, key, always in zip(page.lines, mark.line_keys, mark.always, strict=True)
            if key not in repeated and not always
        ]
        page.lines = rejoin_soft(kept)
        page.tables = [t for t, key in zip(page.tables, mark.table_keys, strict=True) if key not in repeated]
        page.marks = None  # of the lines as they were


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", normalise(text))


def _in_margin(line: Line, page: Page) -> bool:
    return (
        line.bottom <= MARGIN * page.height
        or line.top >= (1 - MARGIN) * page.height
        or line.x1 <= 0.1 * page.width
        or line.x0 >= 0.9 * page.width
    )


def _always_furniture(line: Line, in_margin: bool) -> bool:
    text = normalise(line.text)
    if PAGE_NUMBER.match(text) or (in_margin and FRACTION.match(text)):
        return True
    return len(text) <= 80 and bool(STAMP.match(text))
