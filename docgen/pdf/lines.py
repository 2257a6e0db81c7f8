"""PDF words grouped into lines, and the joining rules of words and lines.

Reading coordinates: points, origin top-left, y downwards. A line is words on one baseline,
consecutive in the content stream; a wide gap on a line is a tab stop, kept as « \\t ».
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from docgen.pdf.tables import Table

if TYPE_CHECKING:
    once = cached_property
else:

    class once:  # noqa: N801 - used as a decorator, like the property it stands for
        """`functools.cached_property` without the lock Python 3.11 takes on every first access
        (a tenth of the layout of a long PDF, where each of thousands of lines computes its text,
        size and boldness once)."""

        def __init__(self, func):
            self.func, self.name = func, func.__name__

        def __set_name__(self, owner, name):
            self.name = name

        def __get__(self, obj, cls=None):
            if obj is None:
                return self
            value = obj.__dict__[self.name] = self.func(obj)
            return value


HYPHEN = "\ufffe"  # pdfium's mark for a hyphen at the end of a line
SOFT_HYPHENS = ("\u00ad", "\x02")
BULLET_WORDS = set("•▪◦➤✓‣●○■□►➢❖✔∙·*-–—o")
BULLET_PREFIXES = "•▪◦➤✓‣●○■□►➢❖✔"
LEADERS = re.compile(r"(\.{4,}|…{2,}|(\. ){4,})\s*\d+$")  # a sommaire line: « Article 1 …… 6 »


@dataclass(slots=True)
class Word:
    """A word: its text, left and right edges, baseline, font size and boldness."""

    text: str
    x0: float
    x1: float
    base: float
    size: float
    bold: bool
    top: float = 0.0
    bottom: float = 0.0
    tab: bool = False  # after a wide gap on its line (a tab stop): joined with « \t »

    def __post_init__(self) -> None:
        self.top = self.base - 0.8 * self.size
        self.bottom = self.base + 0.25 * self.size

    def __reduce__(self):  # a plain tuple: pages read by another process come back three times faster
        return Word, (self.text, self.x0, self.x1, self.base, self.size, self.bold, self.top, self.bottom, self.tab)


@dataclass(eq=False)
class Line:
    """Words on one baseline, consecutive in the content stream (its properties are cached)."""

    words: list[Word]
    soft: bool = False  # continues the previous line after a wide gap (tab stop)
    broken: bool = False  # ends with a word cut at a narrow column's edge, continued below
    rotated: bool = False  # text written at an angle to the page (a stamp in the margin)
    box: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom of rotated text

    @property
    def x0(self) -> float:
        return self.box[0] if self.box else self.words[0].x0

    @property
    def x1(self) -> float:
        return self.box[2] if self.box else self.words[-1].x1

    @once
    def top(self) -> float:
        return self.box[1] if self.box else min(w.top for w in self.words)

    @once
    def bottom(self) -> float:
        return self.box[3] if self.box else max(w.bottom for w in self.words)

    @property
    def base(self) -> float:
        return self.words[0].base

    @once
    def size(self) -> float:
        sizes: Counter = Counter()
        for w in self.words:
            sizes[w.size] += len(w.text)
        return sizes.most_common(1)[0][0]

    @once
    def text(self) -> str:
        return join_words(self.words)

    @once
    def leaders(self) -> bool:
        """A sommaire line: dot leaders, then a page number."""
        return bool(LEADERS.search(self.text))

    @once
    def bullet(self) -> bool:
        first = self.words[0].text
        if len(first) > 1:
            return first[0] in BULLET_PREFIXES
        if len(self.words) < 2 or not (first in BULLET_WORDS or is_symbol(first)):
            return False
        # a dash before a number is a minus sign (« – 0,55 % »), not a bullet
        return first not in "-–—o" or self.words[1].text[:1].isalpha()

    def content(self) -> list[Word]:
        """Words after the bullet, if any."""
        if not self.bullet:
            return self.words
        first = self.words[0]
        if len(first.text) > 1 and first.text[0] in BULLET_PREFIXES:
            return [Word(first.text[1:], first.x0, first.x1, first.base, first.size, first.bold), *self.words[1:]]
        return self.words[1:]

    @once
    def bold(self) -> bool:
        words = [w for w in self.content() if any(c.isalnum() for c in w.text)]
        return bool(words) and all(w.bold for w in words)


@dataclass(eq=False)
class Page:
    """What the reader found on a page: lines outside tables, tables with their words, raw text."""

    number: int
    width: float
    height: float
    lines: list[Line]
    tables: list[Table]
    text: str
    marks: Any = None  # its `furniture.Marks`, made as it is read
    pictures: list[PagePicture] = field(default_factory=list)


@dataclass
class PagePicture:
    """A picture of a page (a chart, a map), where it lies; its bytes (PNG or JPEG) when asked for."""

    top: float
    x0: float
    data: bytes | None = None


def lines_of(words: list[Word]) -> list[Line]:
    """Upright words grouped into lines, in content-stream order."""
    lines: list[Line] = []
    for w in words:
        last = lines[-1].words[-1] if lines else None
        if last is not None and same_baseline(last, w) and w.x0 >= last.x1 - 0.3 * max(w.size, last.size):
            w.tab = w.x0 - last.x1 > 3 * max(w.size, last.size)
            if w.tab:
                lines.append(Line([w], soft=True))
            else:
                lines[-1].words.append(w)
            continue
        lines.append(Line([w]))
    return lines


def same_baseline(a: Word, b: Word) -> bool:
    if abs(a.base - b.base) <= 0.3 * max(a.size, b.size):
        return True
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.6 * min(a.bottom - a.top, b.bottom - b.top)  # superscripts, mixed sizes


def outside_tables(words: list[Word], tables: list[Table]) -> list[Word]:
    """The words not in a table; the others are added to their table cell."""
    if not tables:
        return words
    body = []
    for w in words:
        x, y = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        for table in tables:
            cell = table.cell_at(x, y)
            if cell is not None:
                table.words.setdefault(cell, []).append(w)
                break
        else:
            body.append(w)
    return body


def rejoin_soft(lines: list[Line]) -> list[Line]:
    """Lines split at a tab stop joined back, once the furniture has been taken out of them."""
    out: list[Line] = []
    for line in lines:
        if line.soft and out and not out[-1].rotated and same_baseline(out[-1].words[-1], line.words[0]):
            out[-1] = Line(out[-1].words + line.words, out[-1].soft)
        else:
            out.append(line)
    return out


def join_words(words: list[Word]) -> str:
    out = ""
    for w in words:
        if out and not out.endswith((HYPHEN, *SOFT_HYPHENS)):
            out += "\t" if w.tab else " "
        out += w.text
    return out


def join_lines(before: str, after: str) -> tuple[str, str]:
    """How two lines of one paragraph meet: `before` as it ends, and what goes between them
    (a hyphen at the line end keeps the word whole)."""
    if before.endswith(SOFT_HYPHENS):
        return before[:-1], ""
    if before.endswith(HYPHEN) or (before.endswith("-") and before[-2:-1].isalnum() and after[:1].isalnum()):
        return before.rstrip(HYPHEN + "-"), "-"
    return before, " "


def clean(text: str) -> str:
    text = text.replace(HYPHEN, "-").replace("\u00ad", "").replace("\x02", "")
    return re.sub(r" +", " ", text).strip()


def is_symbol(text: str) -> bool:
    """A lone character from a symbol font (Symbol, Wingdings): a bullet."""
    return len(text) == 1 and 0xF020 <= ord(text) <= 0xF0FF
