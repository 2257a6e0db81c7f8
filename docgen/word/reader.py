"""Reading a Word draft into a flat block stream (paragraphs and tables, in body order)."""

from __future__ import annotations

import io
import re
import zipfile

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
from docgen.model.rawblocks import RawBlock, RawDocument
from docgen.model.tree import FINGERPRINT_RE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
_HEADING_NAME = re.compile(r"^(heading|titre)\s*(\d)$", re.IGNORECASE)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


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
        if body_xml.count(b"<w:p>") + body_xml.count(b"<w:p ") + body_xml.count(b"<w:p/>") > DOCX_BLOCK_LIMIT:
            raise DocgenError(
                f"le document Word compte plus de {DOCX_BLOCK_LIMIT:_} paragraphes".replace("_", "\u00a0")
                + "\u00a0: ce n'est pas une convention (document fabriqué\u00a0?)",
                name,
            )
        document = etree.fromstring(body_xml, _PARSER)
        styles_xml = _part(archive, "word/styles.xml", name)
        core_xml = _part(archive, "docProps/core.xml", name)
    except DocgenError:
        raise
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, EOFError, ValueError, OSError) as exc:
        raise DocgenError(f"le fichier n'est pas un document Word lisible ({_why(exc)})", name) from None
    styles = _Styles(etree.fromstring(styles_xml, _PARSER) if styles_xml else None)
    body = document.find(_w("body"))
    if body is None:
        raise DocgenError("le document Word n'a pas de corps de texte", name)
    blocks: list[RawBlock] = []
    for element in _body_elements(body):
        if element.tag == _w("p"):
            blocks.append(_paragraph(element, len(blocks), styles))
        else:
            blocks.append(_table(element, len(blocks)))
    return RawDocument(tuple(blocks), "docx", model_hint=_model_hint(core_xml), fingerprint=_fingerprint(core_xml))


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


def _text(element: etree._Element) -> str:
    parts: list[str] = []
    for node in element.iter(_w("t"), _w("tab"), _w("br"), _w("cr")):
        if node.tag == _w("t"):
            parts.append(node.text or "")
        elif node.tag == _w("tab"):
            # a tab inside w:pPr/w:tabs is a tab stop definition, not content
            parent = node.getparent()
            if parent is not None and parent.tag == _w("r"):
                parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _paragraph(p: etree._Element, index: int, styles: _Styles) -> RawBlock:
    ppr = p.find(_w("pPr"))
    style_id = ""
    level = None
    numbered = False
    if ppr is not None:
        pstyle = ppr.find(_w("pStyle"))
        style_id = pstyle.get(_w("val"), "") if pstyle is not None else ""
        outline = ppr.find(_w("outlineLvl"))
        if outline is not None:
            level = _outline(outline)
        numbered = ppr.find(_w("numPr")) is not None
    style_name = styles.name(style_id)
    if level is None:
        level = styles.heading_level(style_id)
    anchors = tuple(b.get(_w("name"), "") for b in p.iter(_w("bookmarkStart")))
    return RawBlock(
        index=index,
        kind="paragraph",
        text=_text(p),
        heading=level,
        bold=_all_bold(p, styles.bold(style_id)),
        style=style_name,
        anchors=anchors,
        list_item=numbered or style_name.lower().startswith(("list", "liste")),
    )


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


def _table(tbl: etree._Element, index: int) -> RawBlock:
    rows: list[tuple[str, ...]] = []
    above: dict[int, str] = {}
    for tr in tbl.iter(_w("tr")):
        if tr.getparent() is not tbl:
            continue  # rows of nested tables are read as text of their outer cell
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
                text = "\n".join(_text(p) for p in tc.iter(_w("p")))
            for offset in range(span):
                above[column + offset] = text
                row.append(text)
        rows.append(tuple(row))
    return RawBlock(index=index, kind="table", rows=tuple(rows))


class _Styles:
    """Style names, heading levels and bold flags, following `basedOn` inheritance."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        if root is not None:
            for style in root.iter(_w("style")):
                self.by_id[style.get(_w("styleId"), "")] = style

    def _chain(self, style_id: str):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(_w("basedOn"))
            style_id = based.get(_w("val"), "") if based is not None else ""

    def name(self, style_id: str) -> str:
        style = self.by_id.get(style_id)
        node = style.find(_w("name")) if style is not None else None
        return node.get(_w("val"), style_id) if node is not None else style_id

    def heading_level(self, style_id: str) -> int | None:
        match = _HEADING_NAME.match(self.name(style_id).strip())
        if match:
            return int(match.group(2))
        if self.name(style_id).lower() == "title":
            return 1
        for style in self._chain(style_id):
            outline = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
            if outline is not None:
                return _outline(outline)
        return None

    def bold(self, style_id: str) -> bool:
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
