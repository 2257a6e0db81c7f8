"""Lines joined into paragraphs and list items, and the text of table cells.

Paragraphs come from line spacing (learnt per font size from wrapped lines), alignment, fonts
and bullets; a word cut at a narrow column's edge is joined back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from docgen.pdf.lines import Line, Page, Word, clean, join_lines, join_words, lines_of, once, rejoin_soft


@dataclass(eq=False)
class Paragraph:
    """Lines joined into one paragraph or list item; `text` is cached once it is complete."""

    lines: list[Line]
    list_item: bool
    page: int = 0
    heading: int | None = None
    left: float = 0.0  # the leftmost and rightmost edges of its upright lines, kept as they grow
    right: float = 0.0

    def __post_init__(self) -> None:
        self.left = min(ln.x0 for ln in self.lines)
        self.right = max(ln.x1 for ln in self.lines)

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.left, self.right = min(self.left, line.x0), max(self.right, line.x1)
        self.__dict__.pop("text", None)

    def extend(self, other: Paragraph) -> None:
        self.lines.extend(other.lines)
        self.left, self.right = min(self.left, other.left), max(self.right, other.right)
        self.__dict__.pop("text", None)

    @once
    def text(self) -> str:
        pieces: list[str] = []  # joined once at the end: a paragraph of many lines stays linear
        for i, line in enumerate(self.lines):
            piece = join_words(line.content()) if i == 0 and self.list_item else line.text
            if pieces and pieces[-1] and piece and not self.lines[i - 1].broken:
                pieces[-1], between = join_lines(pieces[-1], piece)
                pieces.append(between)
            pieces.append(piece)
        return clean("".join(pieces))

    @property
    def size(self) -> float:
        return self.lines[0].size

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].top


def paragraphs(lines: list[Line], limits: dict[float, float], edge: float = 0.0) -> list[Paragraph]:
    """Lines joined into paragraphs: same font, close below, overlapping horizontally. `edge` is
    the right edge text can reach when it is known (a table cell's): a line ending well short of
    it ends its paragraph even when it is the paragraph's first."""
    paras: list[Paragraph] = []
    for line in sorted(lines, key=lambda ln: (round(ln.top, 0), ln.x0)):
        if line.rotated:
            paras.append(Paragraph([line], False))
            continue
        target = None
        if not line.bullet:
            # the last few paragraphs: side-by-side columns (signatures) are open at once
            target = next((p for p in reversed(paras[-8:]) if _continues(p, line, limits, edge)), None)
        if target:
            target.add(line)
        else:
            paras.append(Paragraph([line], line.bullet))
    return paras


def _continues(para: Paragraph, line: Line, limits: dict[float, float], edge: float = 0.0) -> bool:
    last = para.lines[-1]
    if last.rotated or last.leaders:
        return False
    size = last.size
    if abs(line.size - size) > 0.6 or line.bold != last.bold:
        return False
    gap = line.base - last.base
    if not 0.5 * size < gap <= limits.get(round(size * 2) / 2, 1.5 * size):
        return False
    left, right = para.left, para.right
    if line.x0 >= right or line.x1 <= left:
        return False
    right = max(right, edge)
    if para.list_item:
        content = para.lines[0].content()
        if content and line.x0 < content[0].x0 - 0.5 * size:
            return False  # back at the bullet's margin: a paragraph after the list
    # a line ending short of the paragraph's right edge although the next word would fit: the end
    first = line.words[0]
    centred = abs((last.x0 - left) - (right - last.x1)) <= size and last.x0 > left + size
    return centred or last.x1 + 0.3 * size + (first.x1 - first.x0) >= right - 0.5 * size


def pitch_limits(pages: list[Page]) -> dict[float, float]:
    """Largest baseline distance inside a paragraph, per font size, learnt from wrapped lines."""
    pitches: dict[float, Counter] = {}
    for page in pages:
        upright = [ln for ln in page.lines if not ln.rotated]
        if not upright:
            continue
        right = max(ln.x1 for ln in upright)
        for a, b in zip(upright, upright[1:], strict=False):
            size = round(a.size * 2) / 2
            gap = b.base - a.base
            # a line reaching the right margin wraps: the next one belongs to the same paragraph
            if abs(a.size - b.size) < 0.3 and a.x1 >= right - 2 * a.size and 0.8 * size < gap < 3 * size:
                pitches.setdefault(size, Counter())[round(gap * 2) / 2] += 1
    limits = {}
    for size, counter in pitches.items():
        modal = counter.most_common(1)[0][0]
        limits[size] = min(max(1.15 * modal, 1.3 * size), 2.6 * size)
    return limits


@dataclass(frozen=True)
class CellLines:
    """What a table cell's text is made of, known from its page alone: its lines (a word cut at
    the column's edge marked), and the right edge its text can reach."""

    lines: list[Line]
    inner_right: float


def cell_lines(words: list[Word], left: float, right: float) -> CellLines:
    """The lines of a cell whose borders are `left` and `right`: a word too long for a narrow
    column is cut at its edge (« Calend|rier », « 1.1|0 »), to be joined back by `cell_text`."""
    lines = rejoin_soft(lines_of(words))
    if not lines:
        return CellLines(lines, right)
    inner_right = right - max(min(ln.x0 for ln in lines) - left, 0.0)  # same padding both sides
    for line, below in zip(lines, lines[1:], strict=False):
        words = line.content() if line.bullet else line.words  # « • Augment|er »: the bullet aside
        at_edge = len(words) == 1 and line.x1 >= inner_right - 0.65 * line.size
        line.broken = at_edge and word_end(words[0].text, below.words[0].text)
    return CellLines(lines, inner_right)


def cell_text(cell: CellLines, limits: dict[float, float], bounded: bool = True) -> str:
    """A cell's text: its lines joined with spaces, paragraphs and list items on their own lines.

    In a `bounded` cell (drawn borders), a line ending well short of the border ends its
    paragraph; a table found without borders knows only where its columns start."""
    if not cell.lines:
        return ""
    edge = cell.inner_right if bounded else 0.0  # a ruled cell's border is where its lines could reach
    return "\n".join(t for t in (p.text for p in paragraphs(cell.lines, limits, edge)) if t)


# Short words that start a line on their own, rather than end the word cut above them.
_SHORT_WORDS = set(
    "a à afin aide ans au aux bien caf cas ce ces de des dès du en et ici il la le les leur lieu lors ne ni "
    "on or ou où par pas peu plus pour qu que qui sa se ses si son sur ta tous tout un une vie vos nos y".split()
)


def word_end(cut: str, piece: str) -> bool:
    """Whether `piece`, first on its line, ends the word `cut` broken at a column's edge.

    Only a word wider than its column is cut; what is left of it is short: « Calend|rier »,
    « opérationnel|s », « 1.1|0 ». Short French words that often start a line are not taken.
    """
    bare = piece.rstrip(".,;:)»")
    if not 0 < len(bare) <= 4 or any(c in bare for c in "'’"):
        return False
    if bare[0].isdigit():
        return cut[-1:].isdigit()
    return cut[-1:].isalpha() and bare[0].islower() and bare.lower() not in _SHORT_WORDS
