"""Light Markdown (paragraphs, bullets, bold, italics, ### headings, pipe tables, figures) → tree blocks.

A figure is an image on its own: `![caption](path/in/the/territory/folder.png "source")`; it
becomes a `Figure`, numbered and given its picture at assembly (`docgen.build.figures`).

Parsing is done by markdown-it-py (CommonMark + tables); this module only maps its tokens.
Cross-references arrive as sentinels `\\ue000kind:payload\\ue001` (see `ref_sentinel`) and are
resolved into `AnnexRef`/`ArticleRef` by the caller's resolver.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from docgen.model.frenchtext import typography
from docgen.model.tree import Block, BulletList, Cell, Figure, Heading, Inline, ListItem, Paragraph, Table, Text

_MD = (
    MarkdownIt("commonmark", {"html": False, "linkify": False})
    .enable("table")
    .disable(["code", "fence", "html_block", "html_inline", "link", "autolink", "reference", "lheading"])
)

_SENTINEL = re.compile("\ue000([a-z]+):([^\ue001]*)\ue001")

Resolver = Callable[[str, str], Inline]


def ref_sentinel(kind: str, payload: str) -> str:
    """The marker a clause template emits for a cross-reference, resolved at parse time."""
    return f"\ue000{kind}:{payload}\ue001"


def parse_blocks(text: str, resolve: Resolver | None = None) -> tuple[Block, ...]:
    """Parse markup `text` into blocks, applying French typography to every run."""
    tokens = _MD.parse(text)
    return tuple(_Builder(tokens, resolve).blocks())


class _Builder:
    def __init__(self, tokens: list[Token], resolve: Resolver | None) -> None:
        self.tokens = tokens
        self.pos = 0
        self.resolve = resolve

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if tok.type == "paragraph_open":
                children = self.tokens[self.pos + 1].children or []
                if any(child.type == "image" for child in children):
                    out.extend(self._figures(children))
                else:
                    out.append(Paragraph(self._inline_at(self.pos + 1)))
                self.pos += 3
            elif tok.type == "heading_open":
                level = 2 if tok.tag in ("h1", "h2", "h3") else 3
                out.append(Heading("".join(r.text for r in self._inline_at(self.pos + 1)), level))
                self.pos += 3
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                items: list[ListItem] = []
                self._list(items, 0)
                out.append(BulletList(tuple(items)))
            elif tok.type == "table_open":
                out.append(self._table())
            elif tok.type == "blockquote_open" or tok.type == "blockquote_close":
                self.pos += 1
            elif tok.type == "hr":
                self.pos += 1
            else:
                self.pos += 1
        return out

    def _figures(self, children: list[Token]) -> list[Block]:
        """A paragraph holding images: its text around them, each image a figure of its own."""
        out: list[Block] = []
        text: list[Token] = []
        for child in [*children, None]:
            if child is not None and child.type != "image":
                text.append(child)
                continue
            runs = _runs(text, self.resolve)
            if "".join(r.text for r in runs).strip():
                out.append(Paragraph(runs))
            text = []
            if child is not None:
                caption = typography(child.content.strip())
                source = typography(str(child.attrs.get("title") or "").strip())
                out.append(Figure(unquote(str(child.attrs["src"])), caption, source))
        return out

    def _inline_at(self, index: int) -> tuple[Inline, ...]:
        return _runs(self.tokens[index].children or [], self.resolve)

    def _list(self, items: list[ListItem], level: int) -> None:
        self.pos += 1  # list open
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if tok.type in ("bullet_list_close", "ordered_list_close"):
                self.pos += 1
                return
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                self._list(items, level + 1)
            elif tok.type == "inline":
                items.append(ListItem(self._inline_at(self.pos), level))
                self.pos += 1
            else:
                self.pos += 1

    def _table(self) -> Table:
        header: list[tuple[Cell, ...]] = []
        rows: list[tuple[Cell, ...]] = []
        current: list[Cell] = []
        in_head = False
        while True:
            tok = self.tokens[self.pos]
            self.pos += 1
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                current = []
            elif tok.type == "tr_close":
                (header if in_head else rows).append(tuple(current))
            elif tok.type == "inline":
                runs = _runs(tok.children or [], self.resolve)
                current.append(Cell((Paragraph(runs, "cell"),), shade=in_head))
            elif tok.type == "table_close":
                break
        width = max((len(r) for r in [*header, *rows]), default=1)
        return Table(tuple(header), tuple(rows), (1.0,) * width, "data")


def _runs(children: list[Token], resolve: Resolver | None) -> tuple[Inline, ...]:
    out: list[Inline] = []
    bold = italic = False
    for child in children:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("softbreak", "hardbreak"):
            _append(out, " ", bold, italic)
        elif child.type in ("text", "code_inline"):
            _split_refs(out, child.content, bold, italic, resolve)
    return tuple(_typeset(out))


def _split_refs(out: list[Inline], content: str, bold: bool, italic: bool, resolve: Resolver | None) -> None:
    pos = 0
    for match in _SENTINEL.finditer(content):
        _append(out, content[pos : match.start()], bold, italic)
        if resolve is None:
            raise ValueError("référence croisée sans résolveur")
        out.append(resolve(match.group(1), match.group(2)))
        pos = match.end()
    _append(out, content[pos:], bold, italic)


def _append(out: list[Inline], text: str, bold: bool, italic: bool) -> None:
    if not text:
        return
    last = out[-1] if out else None
    if isinstance(last, Text) and last.bold == bold and last.italic == italic:
        out[-1] = Text(last.text + text, bold, italic)
    else:
        out.append(Text(text, bold, italic))


def _typeset(runs: list[Inline]) -> list[Inline]:
    return [Text(typography(r.text), r.bold, r.italic) if isinstance(r, Text) else r for r in runs]
