"""Document tree blocks → the light Markdown of territory data: the inverse of `build/markup`.

What a draft says is kept word for word; only what Markdown would read as markup is escaped,
and the typography docgen applies at build (’ apostrophes, non-breaking spaces) is folded back
so that the data read as a person types them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from docgen.model.tree import Block, BulletList, Cell, Figure, Heading, Paragraph, Table, Tracked, block_text

_INLINE = re.compile(r"([\\`*_\[\]<&])")
_BLOCK_START = re.compile(r"^([#>+=*-]|\d+[.)])")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_BULLET_GLYPH = re.compile(r"^[\uf0b7\uf0a7\uf0d8•▪●◦·➤✓-]\s+")


def plain(text: str) -> str:
    """A draft's text as data holds it: straight apostrophes, plain spaces, folded runs of spaces."""
    return _SPACES.sub(" ", text.replace("\u2019", "'").replace("\n", " ")).strip()


def unlabelled(text: str, above: str) -> str:
    """A merged cell's text, `above` when it says it again followed by « (suite) » (the top of a
    page of docgen's PDFs, see `build.paging`)."""
    return above if above and text in (above, f"{above} (suite)") else text


def item_text(text: str) -> str:
    """A list item's text without the « ; », « . » or « , et » that running lists take at build."""
    return re.sub(r"\s*(?:[;.,]|;\s*et|,\s*et)\s*$", "", plain(_BULLET_GLYPH.sub("", text.strip())))


def _inline(text: str) -> str:
    return _INLINE.sub(r"\\\1", plain(text))


def _escaped(text: str) -> str:
    return _BLOCK_START.sub(r"\\\1", _inline(text))


def _paragraph(block: Paragraph) -> str:
    text = _escaped(block.text)
    if text and all(getattr(i, "bold", False) for i in block.inlines):
        return f"**{text}**"
    return text


def _cell(cell: Cell) -> str:
    return " ".join(_inline(line) for line in cell.text.split("\n") if line.strip()).replace("|", "\\|")


def _table(table: Table) -> str:
    rows = [*table.header, *table.rows]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    lines = []
    for k, row in enumerate(rows):
        cells = [_cell(c) for c in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if k == 0:
            lines.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)


FIGURES_DIR = "figures"  # in the territory's folder: the pictures an import brings back


def figure_path(figure: Figure) -> str:
    """Where an imported figure's picture is written, relative to the territory's folder."""
    assert figure.picture is not None
    suffix = "." + (figure.picture.name.rsplit(".", 1)[-1].lower() if "." in figure.picture.name else "png")
    stem = (
        f"figure-{figure.number}" if figure.number else "image-" + hashlib.sha256(figure.picture.data).hexdigest()[:12]
    )
    return f"{FIGURES_DIR}/{stem}{suffix}"


def _figure(figure: Figure) -> str:
    if figure.picture is None:  # linked, not in the file: nothing to bring back
        return ""
    caption = _inline(figure.caption)
    source = plain(figure.source).replace('"', "'")
    return f"![{caption}]({figure_path(figure)}" + (f' "{source}")' if source else ")")


def to_markup(blocks: Iterable[Block]) -> str:
    """Blocks as territory markup: paragraphs, `- ` lists (nested by two spaces), `###` headings, tables."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Tracked):
            block = block.block
        if isinstance(block, Paragraph):
            text = _paragraph(block)
        elif isinstance(block, BulletList):
            text = "\n".join(
                "  " * min(item.level, 3) + "- " + _escaped(_BULLET_GLYPH.sub("", item.text.strip()))
                for item in block.items
                if item.text.strip()
            )
        elif isinstance(block, Heading):
            text = ("### " if block.level <= 2 else "#### ") + _escaped(block.text)
        elif isinstance(block, Table):
            text = _table(block)
        elif isinstance(block, Figure):
            text = _figure(block)
        else:
            text = _escaped(block_text(block))
        if text.strip():
            out.append(text)
    return "\n\n".join(out) + ("\n" if out else "")
