"""Reading a Word draft into a flat block stream (paragraphs and tables, in body order)."""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace

from lxml import etree

from docgen.inputs import (
    DOCX_BLOCK_LIMIT,
    DOCX_NODE_LIMIT,
    DOCX_PART_LIMIT,
    DOCX_RATIO_LIMIT,
    DOCX_TOTAL_LIMIT,
    MB,
)
from docgen.model.errors import DocgenError
from docgen.model.rawblocks import Comment, RawBlock, RawDocument, Revision
from docgen.model.tree import FINGERPRINT_RE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
_HEADING_NAME = re.compile(r"^(heading|titre)\s*(\d)$", re.IGNORECASE)


@functools.cache
def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# tags met in the tracked-change and comment paths, built once
_DEL = _w("del")
_INS = _w("ins")
_RPR = _w("rPr")
_PPR = _w("pPr")
_TRPR = _w("trPr")
_T = _w("t")
_DEL_TEXT = _w("delText")
_TAB = _w("tab")
_R = _w("r")
_AUTHOR = _w("author")
_DATE = _w("date")
_TR = _w("tr")
_TC = _w("tc")
_P = _w("p")
_BR = _w("br")
_CR = _w("cr")
_NO_BREAK_HYPHEN = _w("noBreakHyphen")
_TEXT_TAGS = (_T, _TAB, _BR, _CR, _NO_BREAK_HYPHEN)
_CHANGE_TAGS = (_INS, _DEL, _w("moveTo"), _w("moveFrom"))
_REMOVED_TAGS = (_DEL, _w("moveFrom"))  # gone once every change is accepted
_ANCHOR_TAGS = (_w("commentRangeStart"), _w("commentReference"))
_MARK_DELETED = f"{_PPR}/{_RPR}/{_DEL}"
_ROW_DELETED = f"{_TRPR}/{_DEL}"
# Markup between two runs that does not separate two tracked changes
_TRANSPARENT = {_w(t) for t in ("bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart", "commentRangeEnd")}
COMMENTS_PART = "word/comments.xml"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
MEDIA_LIMIT = 10 * MB  # a picture beyond is not brought back by an import (see docgen.data.images)


def read_docx(data: bytes, name: str) -> RawDocument:
    """The blocks of a .docx draft; a French DocgenError if the file cannot be read."""
    if data[:4] == OLE_MAGIC:
        raise DocgenError(
            "le document Word est protégé par un mot de passe ou enregistré dans l'ancien format .doc\u00a0: "
            "l'enregistrer au format .docx sans mot de passe",
            name,
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > DOCX_TOTAL_LIMIT:
            raise DocgenError(_too_big("l'ensemble du document décompressé", DOCX_TOTAL_LIMIT), name)
        body_xml = _part(archive, "word/document.xml", name)
        if body_xml is None:
            raise KeyError("word/document.xml")
        if len(body_xml) > len(b"<w:p/>") * DOCX_BLOCK_LIMIT and _paragraphs(body_xml) > DOCX_BLOCK_LIMIT:
            raise DocgenError(
                f"le document Word compte plus de {DOCX_BLOCK_LIMIT:_} paragraphes".replace("_", "\u00a0")
                + "\u00a0: ce n'est pas une convention (document fabriqué\u00a0?)",
                name,
            )
        document = etree.fromstring(body_xml, _PARSER)
        styles_xml = _part(archive, "word/styles.xml", name)
        core_xml = _part(archive, "docProps/core.xml", name)
        parts = _media(archive, name) if b"<w:drawing" in body_xml or b"<w:pict" in body_xml else {}
    except DocgenError:
        raise
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, EOFError, ValueError, OSError) as exc:
        raise DocgenError(f"le fichier n'est pas un document Word lisible ({_why(exc)})", name) from None
    styles = _Styles(etree.fromstring(styles_xml, _PARSER) if styles_xml else None)
    body = document.find(_w("body"))
    if body is None:
        raise DocgenError("le document Word n'a pas de corps de texte", name)
    comments_xml, damaged = _comments_part(archive, name)
    # Drafts without tracked changes (every generated file) keep the plain, faster path.
    changes = _Changes() if next(body.iter(*_CHANGE_TAGS), None) is not None else None
    anchors: dict[str, int] | None = {} if comments_xml is not None else None
    blocks: list[RawBlock] = []
    merge = False  # the previous paragraph's mark is deleted: it joins this paragraph
    for element in _body_elements(body):
        index = len(blocks)
        if anchors is not None:
            for node in element.iter(*_ANCHOR_TAGS):
                anchors.setdefault(node.get(_w("id"), ""), index)
        if element.tag == _w("p"):
            block = _paragraph(element, index, styles, changes, parts)
            if merge:
                block = _joined(blocks, block)
            merge = changes is not None and _mark_deleted(element)
            if changes is not None:
                changes.paragraph(element, index)
        else:
            block = _table(element, index, changes)
            merge = False
            if changes is not None:
                changes.table(element, index)
        blocks.append(block)
    comments, unreadable = _comments(comments_xml, anchors or {})
    unreadable = unreadable or damaged
    return RawDocument(
        tuple(blocks),
        "docx",
        media=_media_bytes(archive, blocks),
        model_hint=_model_hint(core_xml),
        fingerprint=_fingerprint(core_xml),
        revisions=changes.revisions if changes is not None else (),
        comments=comments,
        comments_unreadable=unreadable,
    )


def _joined(blocks: list[RawBlock], block: RawBlock) -> RawBlock:
    """`block` with the text of the previous paragraph, whose mark is deleted, put in front of it.

    The previous block stays, empty, so that block indexes keep matching body paragraphs.
    """
    previous = blocks[-1]
    blocks[-1] = replace(previous, text="", heading=None, bold=False, anchors=(), list_item=False)
    bold = block.bold and (previous.bold or not previous.text.strip())
    return replace(block, text=previous.text + block.text, bold=bold, anchors=previous.anchors + block.anchors)


def _mark_deleted(p: etree._Element) -> bool:
    """Whether the paragraph mark is a pending deletion (the paragraph merges with the next)."""
    return p.find(_MARK_DELETED) is not None


def _paragraphs(body_xml: bytes) -> int:
    """How many paragraphs the XML of a body has (each takes six bytes at least: « <w:p/> »)."""
    return body_xml.count(b"<w:p>") + body_xml.count(b"<w:p ") + body_xml.count(b"<w:p/>")


def _part(archive: zipfile.ZipFile, member: str, name: str) -> bytes | None:
    """A part of the package, within the size and compression-ratio limits; None if absent."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > DOCX_PART_LIMIT:
        raise DocgenError(_too_big(f"la partie {member} décompressée", DOCX_PART_LIMIT), name)
    if info.file_size > MB and info.file_size > DOCX_RATIO_LIMIT * max(info.compress_size, 1):
        raise DocgenError(
            f"la partie {member} se décompresse plus de {DOCX_RATIO_LIMIT} fois\u00a0: archive piégée\u00a0?", name
        )
    data = archive.read(member)
    if _nodes(data) > DOCX_NODE_LIMIT:
        raise DocgenError(
            f"la partie {member} compte plus de {DOCX_NODE_LIMIT:_} éléments et attributs XML".replace("_", "\u00a0")
            + "\u00a0: ce n'est pas une convention (document fabriqué\u00a0?)",
            name,
        )
    return data


def _nodes(xml: bytes) -> int:
    """An upper bound of the elements and attributes in `xml`, counted without parsing it."""
    tags = xml.count(b"<") - xml.count(b"</") - xml.count(b"<?") - xml.count(b"<!")
    return tags + xml.count(b'="') + xml.count(b"='")


def _too_big(what: str, limit: int) -> str:
    return f"le document Word est anormalement volumineux\u00a0: {what} dépasse {limit // MB}\u00a0Mo"


def _why(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile):
        return "archive endommagée ou tronquée"
    if isinstance(exc, KeyError):
        return "partie word/document.xml absente"
    if isinstance(exc, etree.XMLSyntaxError):
        return "XML invalide"
    return "contenu illisible"


def _body_elements(container: etree._Element):
    """Body paragraphs and tables in order, looking inside content controls."""
    for child in container:
        if child.tag in (_w("p"), _w("tbl")):
            yield child
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _body_elements(content)


def _text(element: etree._Element, accepted: bool = False) -> str:
    """The text of `element`; with `accepted`, as if its pending changes were accepted."""
    parts: list[str] = []
    for node in element.iter(*_TEXT_TAGS):
        if accepted and _removed(node):
            continue
        if node.tag == _w("t"):
            parts.append(node.text or "")
        elif node.tag == _NO_BREAK_HYPHEN:  # Word's non-breaking hyphen (« Saint‑Jean »): a hyphen
            parts.append("-")
        elif node.tag == _w("tab"):
            # a tab inside w:pPr/w:tabs is a tab stop definition, not content
            parent = node.getparent()
            if parent is not None and parent.tag == _w("r"):
                parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _removed(node: etree._Element) -> bool:
    """Whether `node` lies in a pending deletion or in the origin of a move."""
    return next(node.iterancestors(*_REMOVED_TAGS), None) is not None


def _paragraph(
    p: etree._Element, index: int, styles: _Styles, changes: _Changes | None = None, parts: Mapping[str, str] = {}
) -> RawBlock:
    ppr = p.find(_w("pPr"))
    style_id = ""
    level = None
    numbered = False
    nesting = 0
    if ppr is not None:
        pstyle = ppr.find(_w("pStyle"))
        style_id = pstyle.get(_w("val"), "") if pstyle is not None else ""
        outline = ppr.find(_w("outlineLvl"))
        if outline is not None:
            level = _outline(outline)
        numbering = ppr.find(_w("numPr"))
        numbered = numbering is not None
        ilvl = numbering.find(_w("ilvl")) if numbering is not None else None
        if ilvl is not None and (ilvl.get(_w("val")) or "").isdigit():
            nesting = min(int(ilvl.get(_w("val")) or 0), 8)
    style = styles.of(style_id)
    style_name = style.name
    if not nesting and style_name[-1:] in "23456789" and style_name.lower().startswith(("list", "liste")):
        nesting = int(style_name[-1]) - 1
    if level is None:
        level = style.heading
    anchors = tuple(b.get(_w("name"), "") for b in p.iter(_w("bookmarkStart")))
    return RawBlock(
        index=index,
        kind="paragraph",
        text=_text(p, changes is not None),
        heading=level,
        bold=_all_bold(p, style.bold),
        style=style_name,
        anchors=anchors,
        list_item=numbered or style_name.lower().startswith(("list", "liste")),
        level=nesting,
        highlighted=_highlighted(p),
        pictures=_pictures(p, parts),
    )


def _pictures(p: etree._Element, parts: Mapping[str, str]) -> tuple[str, ...]:
    """The part names of the pictures in a paragraph (« word/media/image1.png »); « ? » for a
    picture whose bytes are not in the package (a linked or a VML picture)."""
    if next(p.iter(_w("drawing"), _w("pict")), None) is None:
        return ()
    out = []
    for drawing in p.iter(_w("drawing"), _w("pict")):
        blip = next(drawing.iter(_BLIP), None)
        out.append(parts.get(blip.get(_EMBED, "") if blip is not None else "", "?"))
    return tuple(out)


def _media(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    """The document's picture relationships: id → part name, for the pictures it embeds."""
    rels = _part(archive, "word/_rels/document.xml.rels", name)
    if rels is None:
        return {}
    out = {}
    for rel in etree.fromstring(rels, _PARSER):
        target = rel.get("Target", "")
        if rel.get("Type", "").endswith("/image") and rel.get("TargetMode") != "External":
            located = target.lstrip("/") if target.startswith("/") else posixpath.join("word", target)
            out[rel.get("Id", "")] = posixpath.normpath(located)
    return out


def _media_bytes(archive: zipfile.ZipFile, blocks: list[RawBlock]) -> dict[str, bytes]:
    """The bytes of the pictures the blocks show, each within the limit of a picture."""
    out = {}
    for part in {p for b in blocks for p in b.pictures if p != "?"}:
        try:
            info = archive.getinfo(part)
        except KeyError:
            continue
        if info.file_size <= MEDIA_LIMIT:
            out[part] = archive.read(part)
    return out


def _highlighted(p: etree._Element) -> tuple[str, ...]:
    """The pieces of highlighted text of a paragraph (consecutive runs joined), usually none."""
    if next(p.iter(_w("highlight")), None) is None:
        return ()
    pieces: list[str] = []
    previous = False
    for run in p.iter(_w("r")):
        mark = run.find(f"{_w('rPr')}/{_w('highlight')}")
        lit = mark is not None and mark.get(_w("val"), "none") != "none"
        text = "".join(t.text or "" for t in run.iter(_w("t")))
        if lit and text:
            if previous:
                pieces[-1] += text
            else:
                pieces.append(text)
        previous = lit if text else previous
    return tuple(p for p in (piece.strip() for piece in pieces) if p)


def _outline(element: etree._Element) -> int | None:
    try:
        value = int(element.get(_w("val"), "9"))
    except ValueError:
        return None
    return value + 1 if value < 9 else None


def _all_bold(p: etree._Element, style_bold: bool) -> bool:
    seen = False
    for run in p.iter(_w("r")):
        text = "".join(t.text or "" for t in run.iter(_w("t")))
        if not text.strip():
            continue
        seen = True
        rpr = run.find(_w("rPr"))
        b = rpr.find(_w("b")) if rpr is not None else None
        bold = style_bold if b is None else b.get(_w("val"), "true") not in ("0", "false", "off")
        if not bold:
            return False
    return seen


def _table(tbl: etree._Element, index: int, changes: _Changes | None = None) -> RawBlock:
    rows: list[tuple[str, ...]] = []
    above: dict[int, str] = {}
    for tr in tbl.iter(_w("tr")):
        if tr.getparent() is not tbl:
            continue  # rows of nested tables are read as text of their outer cell
        if changes is not None and _row_deleted(tr):
            continue
        row: list[str] = []
        for tc in tr.findall(_w("tc")):
            tcpr = tc.find(_w("tcPr"))
            span = 1
            merge = None
            if tcpr is not None:
                grid_span = tcpr.find(_w("gridSpan"))
                if grid_span is not None:
                    span = max(1, int(grid_span.get(_w("val"), "1") or 1))
                vmerge = tcpr.find(_w("vMerge"))
                if vmerge is not None:
                    merge = vmerge.get(_w("val"), "continue")
            column = len(row)
            if merge == "continue":
                text = above.get(column, "")
            else:
                text = _cell_text(tc) if changes is not None else "\n".join(_text(p) for p in tc.iter(_w("p")))
            for offset in range(span):
                above[column + offset] = text
                row.append(text)
        rows.append(tuple(row))
    return RawBlock(index=index, kind="table", rows=tuple(rows))


def _row_deleted(tr: etree._Element) -> bool:
    return tr.find(_ROW_DELETED) is not None


def _cell_text(tc: etree._Element) -> str:
    """A cell's text as if its changes were accepted (a deleted paragraph mark joins two paragraphs)."""
    parts: list[str] = []
    for p in tc.iter(_P):
        parts.append(_text(p, True))
        parts.append("" if _mark_deleted(p) else "\n")
    return "".join(parts[:-1])


class _Changes:
    """The pending tracked changes met while reading the body, in document order.

    Consecutive changes of one kind, author and date in a block make one change (Word splits a
    change at every formatting boundary); so does a deletion running over a paragraph mark into
    the next paragraph.
    """

    def __init__(self) -> None:
        # (kind, author, date, block), pieces of text (joined at the end: a change may have
        # thousands), and whether it is a paragraph mark alone so far
        self._changes: list[tuple[tuple[str, str, str, int], list[str], list[bool]]] = []
        self._last: etree._Element | None = None  # element of the last change recorded
        self._block = -1  # block of that element
        self._over_mark = False  # the last change took its paragraph mark along

    def paragraph(self, p: etree._Element, index: int) -> None:
        marks = []
        for element in p.iter(*_CHANGE_TAGS):
            parent = element.getparent()
            if parent is not None and _properties(parent):
                grand = parent.getparent()
                if parent.tag == _RPR and grand is not None and grand.tag == _PPR:
                    marks.append(element)  # paragraph mark inserted or deleted
                continue  # other property-level marks (numbering…) carry no text
            self._add(element, index)
        for element in marks:
            self._add(element, index, mark=True)

    def table(self, tbl: etree._Element, index: int) -> None:
        for element in tbl.iter(*_CHANGE_TAGS):
            parent = element.getparent()
            if parent is not None and parent.tag == _TRPR:
                row = parent.getparent()
                if element.tag in (_DEL, _INS) and row is not None:
                    self._add(element, index, text=_row_text(row, element.tag == _DEL))
                continue
            if _properties(parent):
                continue  # paragraph marks inside cells (the cell's text change says it all), numbering…
            if not _in_deleted_row(element):
                self._add(element, index)

    def _add(self, element: etree._Element, index: int, text: str | None = None, mark: bool = False) -> None:
        kind = "deletion" if element.tag in _REMOVED_TAGS else "insertion"
        if text is None:
            if mark:
                text = ""
            elif kind == "deletion":
                text = _deleted_text(element)
            else:
                text = _text(element, True)
                if not text and next(element.iter(*_REMOVED_TAGS), None) is not None:
                    return  # inserted, then deleted by someone else: the deletion is the change
        author = element.get(_AUTHOR, "").strip()
        date = element.get(_DATE, "").strip()
        last = self._changes[-1] if self._changes else None
        if last is not None and last[0][:3] == (kind, author, date):
            _, pieces, mark_only = last
            if self._block == index:
                if text:
                    pieces.extend(("" if _adjacent(self._last, element) else " … ", text))
                mark_only[0] = mark_only[0] and mark
                self._last, self._over_mark = element, self._over_mark or mark
                return
            if self._over_mark and self._block == index - 1 and not mark:
                pieces.extend(("\n", text))
                mark_only[0] = False
                self._last, self._block, self._over_mark = element, index, False
                return
        self._changes.append(((kind, author, date, index), [text], [mark]))
        self._last, self._block, self._over_mark = element, index, mark

    @property
    def revisions(self) -> tuple[Revision, ...]:
        """The changes found, in document order."""
        return tuple(
            Revision(kind, author, date, "".join(pieces).strip("\n"), block, mark_only[0])
            for (kind, author, date, block), pieces, mark_only in self._changes
        )


def _properties(element: etree._Element | None) -> bool:
    """Whether `element` is a properties element (w:rPr, w:pPr, w:numPr, w:trPr…)."""
    return element is not None and isinstance(element.tag, str) and element.tag.endswith("Pr")


def _deleted_text(element: etree._Element) -> str:
    """The text a deletion removes (`w:delText`, and `w:t` of hand-made files)."""
    parts: list[str] = []
    for node in element.iter(_T, _DEL_TEXT, _TAB, _BR, _CR, _NO_BREAK_HYPHEN):
        if node.tag in (_T, _DEL_TEXT):
            parts.append(node.text or "")
        elif node.tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif node.tag != _TAB or getattr(node.getparent(), "tag", None) == _R:
            parts.append(" ")
    return "".join(parts)


def _row_text(row: etree._Element, deleted: bool) -> str:
    cells = row.findall(_TC)
    if deleted:
        return " ".join("\n".join(_deleted_text(p) for p in tc.iter(_P)) for tc in cells)
    return " ".join(_cell_text(tc) for tc in cells)


def _in_deleted_row(element: etree._Element) -> bool:
    row = next(element.iterancestors(_TR), None)
    return row is not None and _row_deleted(row)


def _adjacent(previous: etree._Element | None, element: etree._Element) -> bool:
    """Whether `element` follows `previous` with nothing but bookmarks and the like in between."""
    if previous is None:
        return False
    for sibling in previous.itersiblings():
        if sibling is element:
            return True
        if sibling.tag not in _TRANSPARENT:
            return False
    return False


def _comments_part(archive: zipfile.ZipFile, name: str) -> tuple[bytes | None, bool]:
    """The comments part (None if absent), and whether it is damaged: its damage spares the text."""
    try:
        return _part(archive, COMMENTS_PART, name), False
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
        return None, True


def _comments(xml: bytes | None, anchors: dict[str, int]) -> tuple[tuple[Comment, ...], bool]:
    """The comments of the comments part, and whether that part is damaged (then none is read)."""
    if xml is None:
        return (), False
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        return (), True
    out = []
    for comment in root.iter(_w("comment")):
        text = "\n".join(_text(p, True) for p in comment.iter(_P)).strip()
        out.append(
            Comment(
                author=comment.get(_w("author"), "").strip(),
                date=comment.get(_w("date"), "").strip(),
                text=text,
                block=anchors.get(comment.get(_w("id"), "")),
            )
        )
    return tuple(out), False


@dataclass(frozen=True)
class _Style:
    name: str
    heading: int | None  # its heading level
    bold: bool


class _Styles:
    """Style names, heading levels and bold flags, following `basedOn` inheritance."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        if root is not None:
            for style in root.iter(_w("style")):
                self.by_id[style.get(_w("styleId"), "")] = style
        self.of = functools.cache(self._style)  # asked for every paragraph, of a few styles

    def _style(self, style_id: str) -> _Style:
        return _Style(self._name(style_id), self._heading_level(style_id), self._bold(style_id))

    def _chain(self, style_id: str):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(_w("basedOn"))
            style_id = based.get(_w("val"), "") if based is not None else ""

    def _name(self, style_id: str) -> str:
        style = self.by_id.get(style_id)
        node = style.find(_w("name")) if style is not None else None
        return node.get(_w("val"), style_id) if node is not None else style_id

    def _heading_level(self, style_id: str) -> int | None:
        name = self._name(style_id)
        match = _HEADING_NAME.match(name.strip())
        if match:
            return int(match.group(2))
        if name.lower() == "title":
            return 1
        for style in self._chain(style_id):
            outline = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
            if outline is not None:
                return _outline(outline)
        return None

    def _bold(self, style_id: str) -> bool:
        for style in self._chain(style_id):
            b = style.find(f"{_w('rPr')}/{_w('b')}")
            if b is not None:
                return b.get(_w("val"), "true") not in ("0", "false", "off")
        return False


def _keywords(core_xml: bytes | None) -> str:
    if not core_xml:
        return ""
    try:
        root = etree.fromstring(core_xml, _PARSER)
    except etree.XMLSyntaxError:
        return ""
    keywords = root.find(f"{{{CP}}}keywords")
    return keywords.text or "" if keywords is not None else ""


def _fingerprint(core_xml: bytes | None) -> str | None:
    match = FINGERPRINT_RE.search(_keywords(core_xml))
    return match.group(1) if match else None


def _model_hint(core_xml: bytes | None) -> str | None:
    match = re.search(r"\bctg-[0-9a-z-]+", _keywords(core_xml))
    return match.group(0) if match else None
