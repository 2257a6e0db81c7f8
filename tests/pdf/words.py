"""PDF words written inline for the layout tests: a line of text at a position and size."""

from __future__ import annotations

from docgen.pdf.lines import Word


def text_at(text: str, x: float, base: float, size: float = 10, bold: bool = False, width: float = 0) -> list[Word]:
    """Words of a line starting at x, each letter 0.5 em wide (or spread over `width`)."""
    words, chars = [], len(text)
    em = width / chars if width else 0.5 * size
    for part in text.split(" "):
        words.append(Word(part, x, x + em * len(part), base, size, bold))
        x += em * (len(part) + 1)
    return words
