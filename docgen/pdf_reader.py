"""Reading a PDF draft into a flat block stream: paragraphs and ruled tables, in reading order.

Only this module touches pypdfium2. Text comes from pdfium's text page (characters in content
order, with the spaces and line breaks pdfium infers); position and font are queried once per
word rather than once per character, which keeps a 50-page draft well under a second. Tables
are rebuilt from the ruling lines drawn on the page, paragraphs from line spacing and fonts.
"""

from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from docgen.errors import DocgenError
from docgen.frenchtext import normalise
from docgen.rawblocks import RawBlock, RawDocument

# Words are runs of characters between whitespace; a hyphen pdfium found at a line end (U+FFFE)
# or a soft hyphen also ends a word, since what follows it is on the next line.
_WORD = re.compile(r"[^ \t\r\n\f\v\ufffe\u00ad\x02]*[\ufffe\u00ad\x02]|[^ \t\r\n\f\v\ufffe\u00ad\x02]+")
_HYPHEN, _SOFT = "\ufffe", ("\u00ad", "\x02")
_BULLET_WORDS = set("•▪◦➤✓‣●○■□►➢❖✔∙·*-–—o")
_BULLET_PREFIXES = "•▪◦➤✓‣●○■□►➢❖✔"
_LEADERS = re.compile(r"(\.{4,}|…{2,}|(\. ){4,})\s*\d+$")
_PAGE_NUMBER = re.compile(r"^(page|p\.)\s*\d+\s*(/|sur|de)\s*\d+$", re.I)
_FRACTION = re.compile(r"^\d+\s*(/|sur)\s*\d+$")
_STAMP = re.compile(r"^(envoye en prefecture le|recu en prefecture le|publie le|affiche le|id\s*:\s*\d{3}-\d)")
_ACTES_ID = re.compile(r"\b(?i:id)\s*:\s*(\d{3}-\d{6,9}-\d{8}-[A-Z0-9_]+-[A-Z]{2})\b")
_BOLD_NAME = re.compile(rb"bold|black|heavy|demi|semibold", re.I)
_FORCE_BOLD = 1 << 18
_TOL = 2.5  # points: ruling lines closer than this are the same grid line
_BAND = 0.15  # share of the page height where running headers and footers live


@dataclass(slots=True)
class _Word:
    """A word in reading coordinates (points, origin top-left, y downwards), with its font."""

    text: str
    x0: float
    x1: float
    base: float
    size: float
    bold: bool

    @property
    def top(self) -> float:
        return self.base - 0.8 * self.size

    @property
    def bottom(self) -> float:
        return self.base + 0.25 * self.size


@dataclass(slots=True)
class _Line:
    """Words on one baseline, consecutive in the content stream."""

    words: list[_Word]
    soft: bool = False  # continues the previous line after a wide gap (tab stop)
    rotated: bool = False
    box: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom for rotated text

    @property
    def x0(self) -> float:
        return self.box[0] if self.box else self.words[0].x0

    @property
    def x1(self) -> float:
        return self.box[2] if self.box else self.words[-1].x1

    @property
    def top(self) -> float:
        return self.box[1] if self.box else min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return self.box[3] if self.box else max(w.bottom for w in self.words)

    @property
    def base(self) -> float:
        return self.words[0].base

    @property
    def size(self) -> float:
        sizes = Counter()
        for w in self.words:
            sizes[w.size] += len(w.text)
        return sizes.most_common(1)[0][0]

    @property
    def text(self) -> str:
        return _join_words(self.words)

    @property
    def bullet(self) -> bool:
        first = self.words[0].text
        return first in _BULLET_WORDS or _is_symbol(first) or (len(first) > 1 and first[0] in _BULLET_PREFIXES)

    def content(self) -> list[_Word]:
        """Words after the bullet, if any."""
        if not self.bullet:
            return self.words
        first = self.words[0]
        if len(first.text) > 1 and first.text not in _BULLET_WORDS and not _is_symbol(first.text):
            return [_Word(first.text[1:].lstrip(), first.x0, first.x1, first.base, first.size, first.bold)]
        return self.words[1:]

    @property
    def bold(self) -> bool:
        words = [w for w in self.content() if any(c.isalnum() for c in w.text)]
        return bool(words) and all(w.bold for w in words)


@dataclass(slots=True)
class _Para:
    """Lines joined into one paragraph (or one list item)."""

    lines: list[_Line]
    list_item: bool
    page: int = 0
    heading: int | None = None

    @property
    def text(self) -> str:
        out = ""
        for i, line in enumerate(self.lines):
            words = line.content() if i == 0 and self.list_item else line.words
            piece = _join_words(words)
            if out and piece:
                out = _join_across(out, piece)
            else:
                out += piece
        return _clean(out)

    @property
    def size(self) -> float:
        return self.lines[0].size

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].top


@dataclass(slots=True)
class _Table:
    """A grid rebuilt from ruling lines: column and row boundaries, and the cell of each slot."""

    xs: list[float]
    ys: list[float]
    cell_of: list[list[int]]  # [row][column] → cell id (merged slots share one id)
    words: dict[int, list[_Word]] = field(default_factory=dict)

    def cell_at(self, x: float, y: float) -> int | None:
        if not (self.xs[0] - 1 <= x <= self.xs[-1] + 1 and self.ys[0] - 1 <= y <= self.ys[-1] + 1):
            return None
        c = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        r = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.cell_of[r][c]


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    tables: list[_Table]
    text: str
    has_text: bool
    has_images: bool = False


def read_pdf(data: bytes, name: str) -> RawDocument:
    """The blocks of a PDF draft, in reading order, with the facts noticed (ACTES identifiers…)."""
    if not data[:1024].lstrip().startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise DocgenError("le fichier n'est pas un PDF lisible (en-tête %PDF absent)", name)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise DocgenError("le PDF est protégé par un mot de passe", name) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise DocgenError("le PDF est protégé par un chiffrement non pris en charge", name) from None
        raise DocgenError(f"le fichier n'est pas un PDF lisible ({error})", name) from None
    facts: list[str] = []
    try:
        pages = []
        for i in range(len(pdf)):
            try:
                pages.append(_read_page(pdf, i))
            except pdfium.PdfiumError:
                facts.append(f"Page {i + 1} illisible\u00a0: ignorée")
        count = len(pdf)
    finally:
        pdf.close()
    if not pages:
        raise DocgenError("le fichier n'est pas un PDF lisible (aucune page)", name)
    facts[:0] = _actes_facts(pages)
    _remove_furniture(pages)
    paras_by_page = _paragraphs_of(pages)
    blank = [p.number for p in pages if not p.has_text and p.has_images]
    if blank and len(blank) < len(pages):
        facts.append("Pages sans texte (numérisées\u00a0?)\u00a0: " + ", ".join(map(str, blank)))
    blocks = _blocks(pages, paras_by_page)
    if not blocks:
        raise DocgenError(
            "le PDF ne contient pas de texte (document scanné\u00a0?)\u00a0: "
            "une reconnaissance de caractères est nécessaire",
            name,
        )
    return RawDocument(blocks=tuple(blocks), source="pdf", pages=count, facts=tuple(facts))


# --- one page through pdfium -------------------------------------------------------------------


def _read_page(pdf: pdfium.PdfDocument, index: int) -> _Page:
    page = pdf[index]
    try:
        left, bottom, right, top = page.get_cropbox()
        textpage = page.get_textpage()
        try:
            text, raw = _raw_words(textpage.raw)
            rotation = _reading_rotation(raw, page.get_rotation())
            frame = _Frame(rotation, left, bottom, right, top)
            words, rotated = _place_words(textpage.raw, text, raw, frame)
        finally:
            textpage.close()
        hrules, vrules, images = _rulings(page.raw, frame)
    finally:
        page.close()
    tables = _find_tables(hrules, vrules)
    body = [w for w in words if not _assign_to_table(w, tables)]
    lines = _lines(body) + rotated
    return _Page(index + 1, frame.width, frame.height, lines, tables, text, bool(words or rotated), images)


def _raw_words(tp) -> tuple[str, list[tuple]]:
    """Page text and, per word: start, end, origin, last-char box, size, angle, bold."""
    count = pdfium_c.FPDFText_CountChars(tp)
    if count <= 0:
        return "", []
    text = _text_of(tp, count)
    ox, oy, l, r, b, t = (ctypes.c_double() for _ in range(6))
    matrix = pdfium_c.FS_MATRIX()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    out = []
    for m in _WORD.finditer(text):
        i, j = m.start(), m.end() - 1
        pdfium_c.FPDFText_GetCharOrigin(tp, i, ox, oy)
        pdfium_c.FPDFText_GetCharBox(tp, j, l, r, b, t)
        pdfium_c.FPDFText_GetMatrix(tp, i, matrix)
        scale = math.hypot(matrix.c, matrix.d) or 1.0
        size = pdfium_c.FPDFText_GetFontSize(tp, i) * scale
        angle = math.degrees(math.atan2(matrix.b, matrix.a)) % 360
        pdfium_c.FPDFText_GetFontInfo(tp, i, name, 128, flags)
        bold = bool(_BOLD_NAME.search(name.value)) or bool(flags.value & _FORCE_BOLD)
        if not bold:
            bold = pdfium_c.FPDFText_GetFontWeight(tp, i) >= 600
        out.append((i, j + 1, ox.value, oy.value, (l.value, r.value, b.value, t.value), size, angle, bold))
    return text, out


def _text_of(tp, count: int) -> str:
    """The text page's characters, one string index per character index."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(tp, 0, count, buffer)
    text = bytes(buffer)[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # characters outside the BMP, or chars pdfium left out: one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp, k) or 32) for k in range(count))
    return text


def _reading_rotation(raw: list[tuple], page_rotation: int) -> int:
    """The orientation most of the text is written in (what a reader turns the page to)."""
    angles = Counter()
    for i, j, *_, angle, _bold in raw:
        angles[round(angle / 90) % 4 * 90] += j - i
    return angles.most_common(1)[0][0] if angles else page_rotation


class _Frame:
    """Page coordinates → reading coordinates (top-left origin, y down) for a page turned by `rotation`."""

    def __init__(self, rotation: int, left: float, bottom: float, right: float, top: float) -> None:
        self.rotation = rotation
        w, h = right - left, top - bottom
        # X = ax*x + bx*y + cx ; Y = ay*x + by*y + cy
        self.coef = {
            0: (1, 0, -left, 0, -1, top),
            90: (0, 1, -bottom, 1, 0, -left),
            180: (-1, 0, right, 0, 1, -bottom),
            270: (0, -1, top, -1, 0, right),
        }[rotation]
        self.width, self.height = (h, w) if rotation in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        ax, bx, cx, ay, by, cy = self.coef
        return ax * x + bx * y + cx, ay * x + by * y + cy

    def rect(self, x0: float, x1: float, y0: float, y1: float) -> tuple[float, float, float, float]:
        """Reading-frame box (left, top, right, bottom) of a page-space rectangle."""
        a, b = self.point(x0, y0), self.point(x1, y1)
        return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


def _place_words(tp, text: str, raw: list[tuple], frame: _Frame) -> tuple[list[_Word], list[_Line]]:
    """Upright words in reading coordinates, and lines of text written at another angle."""
    words: list[_Word] = []
    rotated: list[_Line] = []
    previous_end, previous_angle = 0, None
    for i, j, ox, oy, (l, r, b, t), size, angle, bold in raw:
        upright = abs((angle - frame.rotation + 180) % 360 - 180) < 10
        chars = text[i:j]
        if not upright:
            box = _merge_boxes(frame.rect(l, r, b, t), _char_rect(tp, i, frame))
            same = rotated and previous_angle == angle and "\n" not in text[previous_end:i]
            if same:
                last = rotated[-1]
                last.words.append(_Word(chars, box[0], box[2], box[3], size, bold))
                last.box = _merge_boxes(last.box, box)
            else:
                rotated.append(_Line([_Word(chars, box[0], box[2], box[3], size, bold)], rotated=True, box=box))
            previous_end, previous_angle = j, angle
            continue
        x, base = frame.point(ox, oy)
        bx0, btop, bx1, bbottom = frame.rect(l, r, b, t)
        centre = (btop + bbottom) / 2
        if j - i == 1 or (base - size <= centre <= base + 0.35 * size and bx1 >= x - 0.5 * size):
            words.append(_Word(chars, x, max(bx1, x), base, size, bold))
        else:  # the word runs over two lines (or is drawn oddly): split it where the baseline moves
            words.extend(_split_by_line(tp, text, i, j, frame, size, bold))
    return words, rotated


def _char_rect(tp, k: int, frame: _Frame) -> tuple[float, float, float, float]:
    l, r, b, t = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(tp, k, l, r, b, t)
    return frame.rect(l.value, r.value, b.value, t.value)


def _chars(tp, text: str, i: int, j: int, frame: _Frame) -> list[tuple[str, float, float, float]]:
    """Each character of text[i:j]: (char, left, right, baseline) in reading coordinates."""
    ox, oy = ctypes.c_double(), ctypes.c_double()
    out = []
    for k in range(i, j):
        pdfium_c.FPDFText_GetCharOrigin(tp, k, ox, oy)
        x, base = frame.point(ox.value, oy.value)
        x0, _, x1, _ = _char_rect(tp, k, frame)
        out.append((text[k], x, max(x1, x), base))
    return out


def _split_by_line(tp, text: str, i: int, j: int, frame: _Frame, size: float, bold: bool) -> list[_Word]:
    pieces: list[_Word] = []
    for char, x0, x1, base in _chars(tp, text, i, j, frame):
        last = pieces[-1] if pieces else None
        if last and abs(base - last.base) <= 0.35 * size and x0 >= last.x1 - 0.5 * size:
            last.text += char
            last.x1 = max(last.x1, x1)
        else:
            pieces.append(_Word(char, x0, x1, base, size, bold))
    return pieces


def _merge_boxes(a, b):
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


# --- ruling lines and tables ---------------------------------------------------------------------


def _rulings(page, frame: _Frame) -> tuple[list[tuple], list[tuple], bool]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) ruling lines; whether the page has images."""
    hs: list[tuple] = []
    vs: list[tuple] = []
    images = False
    stack = [(pdfium_c.FPDFPage_CountObjects(page), lambda k: pdfium_c.FPDFPage_GetObject(page, k), None)]
    while stack:
        count, get, parent = stack.pop()
        for k in range(count):
            obj = get(k)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                _path_rulings(obj, parent, frame, hs, vs)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images = True
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                matrix = _matrix(obj)
                form_matrix = _compose(matrix, parent) if parent else matrix
                stack.append(
                    (pdfium_c.FPDFFormObj_CountObjects(obj), lambda n, o=obj: pdfium_c.FPDFFormObj_GetObject(o, n),
                     form_matrix)
                )
    return hs, vs, images


def _matrix(obj) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    return m.a, m.b, m.c, m.d, m.e, m.f


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """Matrix applying `inner`, then `outer`."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F


def _apply(m: tuple[float, ...] | None, x: float, y: float) -> tuple[float, float]:
    if m is None:
        return x, y
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _path_rulings(obj, parent, frame: _Frame, hs: list, vs: list) -> None:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
    if not stroke.value and not fill.value:
        return
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t)
    x0, y0 = _apply(parent, l.value, b.value)
    x1, y1 = _apply(parent, r.value, t.value)
    left, top, right, bottom = frame.rect(min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1))
    if right - left <= 3 or bottom - top <= 3:  # a thin line or a thin filled rectangle
        if right - left > bottom - top:
            hs.append(((top + bottom) / 2, left, right))
        elif bottom - top > 0:
            vs.append(((left + right) / 2, top, bottom))
        return
    if not stroke.value:
        return  # a filled area (cell shading), not a border
    matrix = _compose(_matrix(obj), parent) if parent else _matrix(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    start = current = None
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return  # curves: a drawing, not a table
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = frame.point(*_apply(matrix, x.value, y.value))
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and current:
            _add_segment(current, point, hs, vs)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start:
            _add_segment(current, start, hs, vs)
            current = start


def _add_segment(p, q, hs: list, vs: list) -> None:
    if abs(p[1] - q[1]) < 1 and abs(p[0] - q[0]) > 1:
        hs.append(((p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])))
    elif abs(p[0] - q[0]) < 1 and abs(p[1] - q[1]) > 1:
        vs.append(((p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))


def _find_tables(hs: list[tuple], vs: list[tuple]) -> list[_Table]:
    """Grids formed by connected horizontal and vertical rulings (at least two cells)."""
    if len(hs) < 2 or len(vs) < 2:
        return []
    hs, vs = _merge_collinear(hs), _merge_collinear(vs)
    parent = list(range(len(hs) + len(vs)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, (y, hx0, hx1) in enumerate(hs):
        for b, (x, vy0, vy1) in enumerate(vs):
            if hx0 - _TOL <= x <= hx1 + _TOL and vy0 - _TOL <= y <= vy1 + _TOL:
                parent[find(a)] = find(len(hs) + b)
    groups: dict[int, tuple[list, list]] = {}
    for a, h in enumerate(hs):
        groups.setdefault(find(a), ([], []))[0].append(h)
    for b, v in enumerate(vs):
        groups.setdefault(find(len(hs) + b), ([], []))[1].append(v)
    tables = [_grid(gh, gv) for gh, gv in groups.values() if len(gh) >= 2 and len(gv) >= 2]
    return sorted((t for t in tables if t), key=lambda t: t.ys[0])


def _merge_collinear(lines: list[tuple]) -> list[tuple]:
    merged: list[list[float]] = []
    for pos, a, b in sorted(lines):
        last = merged[-1] if merged else None
        if last and abs(pos - last[0]) <= 1.0 and a <= last[2] + _TOL:
            last[2] = max(last[2], b)
        else:
            merged.append([pos, a, b])
    return [tuple(m) for m in merged]


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _grid(hs: list[tuple], vs: list[tuple]) -> _Table | None:
    xs = [v[0] for v in vs]
    ys = [h[0] for h in hs]
    # rulings that overshoot the outermost perpendicular lines bound a column or row themselves
    if min(h[1] for h in hs) < min(xs) - 6:
        xs.append(min(h[1] for h in hs))
    if max(h[2] for h in hs) > max(xs) + 6:
        xs.append(max(h[2] for h in hs))
    if min(v[1] for v in vs) < min(ys) - 6:
        ys.append(min(v[1] for v in vs))
    if max(v[2] for v in vs) > max(ys) + 6:
        ys.append(max(v[2] for v in vs))
    xs, ys = _cluster(xs), _cluster(ys)
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1:
        return None
    slot = list(range(rows * cols))

    def find(k: int) -> int:
        while slot[k] != k:
            slot[k] = slot[slot[k]]
            k = slot[k]
        return k

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _covered(vs, xs[c + 1], ys[r], ys[r + 1]):
                slot[find(r * cols + c)] = find(r * cols + c + 1)
            if r + 1 < rows and not _covered(hs, ys[r + 1], xs[c], xs[c + 1]):
                slot[find(r * cols + c)] = find((r + 1) * cols + c)
    cell_of = [[find(r * cols + c) for c in range(cols)] for r in range(rows)]
    if len({k for row in cell_of for k in row}) < 2:
        return None  # a framed box, not a table
    return _Table(xs, ys, cell_of)


def _covered(rulings: list[tuple], pos: float, a: float, b: float) -> bool:
    """Whether rulings at `pos` draw at least half of the border from a to b."""
    length = sum(max(0.0, min(b, r1) - max(a, r0)) for p, r0, r1 in rulings if abs(p - pos) <= _TOL)
    return length >= 0.5 * (b - a)


def _assign_to_table(word: _Word, tables: list[_Table]) -> bool:
    y = (word.top + word.bottom) / 2
    for table in tables:
        cell = table.cell_at((word.x0 + word.x1) / 2, y)
        if cell is not None:
            table.words.setdefault(cell, []).append(word)
            return True
    return False


# --- lines, paragraphs, cells --------------------------------------------------------------------


def _lines(words: list[_Word]) -> list[_Line]:
    """Upright words grouped into lines, in content-stream order."""
    lines: list[_Line] = []
    for w in words:
        last = lines[-1].words[-1] if lines else None
        if last is not None and _same_baseline(last, w) and w.x0 >= last.x1 - 0.3 * max(w.size, last.size):
            if w.x0 - last.x1 <= 3 * max(w.size, last.size):
                lines[-1].words.append(w)
            else:
                lines.append(_Line([w], soft=True))
            continue
        lines.append(_Line([w]))
    return lines


def _same_baseline(a: _Word, b: _Word) -> bool:
    if abs(a.base - b.base) <= 0.3 * max(a.size, b.size):
        return True
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.6 * min(a.bottom - a.top, b.bottom - b.top)  # superscripts, mixed sizes


def _rejoin_soft(lines: list[_Line]) -> list[_Line]:
    """Lines split at a tab stop joined back (once furniture has been taken out of them)."""
    out: list[_Line] = []
    for line in lines:
        if line.soft and out and not out[-1].rotated and _same_baseline(out[-1].words[-1], line.words[0]):
            out[-1] = _Line(out[-1].words + line.words, out[-1].soft)
        else:
            out.append(line)
    return out


def _build_paragraphs(lines: list[_Line], limits: dict[float, float]) -> list[_Para]:
    """Lines joined into paragraphs: same font, close below, overlapping horizontally."""
    paras: list[_Para] = []
    for line in sorted(lines, key=lambda ln: (round(ln.top, 0), ln.x0)):
        if line.rotated:
            paras.append(_Para([line], False))
            continue
        target = None
        if not line.bullet:
            for para in reversed(paras[-8:]):
                if _continues(para, line, limits):
                    target = para
                    break
        if target:
            target.lines.append(line)
        else:
            paras.append(_Para([line], line.bullet))
    return paras


def _continues(para: _Para, line: _Line, limits: dict[float, float]) -> bool:
    last = para.lines[-1]
    if last.rotated or _LEADERS.search(last.text):
        return False
    size = last.size
    if abs(line.size - size) > 0.6 or line.bold != last.bold:
        return False
    gap = line.base - last.base
    if not 0.5 * size < gap <= limits.get(round(size * 2) / 2, 1.5 * size):
        return False
    left = min(ln.x0 for ln in para.lines)
    right = max(ln.x1 for ln in para.lines)
    if line.x0 >= right or line.x1 <= left:
        return False
    if para.list_item:
        content = para.lines[0].content()
        if content and line.x0 < content[0].x0 - 0.5 * size:
            return False
    # a line ending short of the paragraph's right edge, although the next word would fit: the end
    first = line.words[0]
    centred = abs((last.x0 - left) - (right - last.x1)) <= size and last.x0 > left + size
    return centred or last.x1 + 0.3 * size + (first.x1 - first.x0) >= right - 0.5 * size


def _pitch_limits(pages: list[_Page]) -> dict[float, float]:
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
            if abs(a.size - b.size) < 0.3 and a.x1 >= right - 2 * a.size and 0.8 * size < gap < 3 * size:
                pitches.setdefault(size, Counter())[round(gap * 2) / 2] += 1
    limits = {}
    for size, counter in pitches.items():
        modal = counter.most_common(1)[0][0]
        limits[size] = min(max(1.15 * modal, 1.3 * size), 2.6 * size)
    return limits


def _cell_text(words: list[_Word], limits: dict[float, float]) -> str:
    """A cell's text: its lines joined with spaces, paragraphs and list items on their own lines."""
    paras = _build_paragraphs(_lines(words), limits)
    return "\n".join(t for t in (p.text for p in paras) if t)


def _join_words(words: list[_Word]) -> str:
    out = ""
    for w in words:
        if out and not out.endswith((_HYPHEN, *_SOFT)):
            out += " "
        out += w.text
    return out


def _join_across(before: str, after: str) -> str:
    """Two lines of one paragraph: a hyphen at the line end keeps the word whole."""
    if before.endswith(_SOFT):
        return before[:-1] + after
    if before.endswith(_HYPHEN) or (before.endswith("-") and before[-2:-1].isalpha() and after[:1].isalpha()):
        return before.rstrip(_HYPHEN + "-") + "-" + after
    return before + " " + after


def _clean(text: str) -> str:
    text = text.replace(_HYPHEN, "-").replace("\u00ad", "").replace("\x02", "")
    return re.sub(r"[ \t]+", " ", text).strip()


def _is_symbol(text: str) -> bool:
    """A lone character from a symbol font (Symbol, Wingdings): a bullet."""
    return len(text) == 1 and 0xF020 <= ord(text) <= 0xF0FF


# --- the whole document --------------------------------------------------------------------------


def _actes_facts(pages: list[_Page]) -> list[str]:
    found: dict[str, None] = {}
    for page in pages:
        flat = re.sub(r"\s+", " ", page.text.replace(_HYPHEN + "\r\n", "-").replace(_HYPHEN, "-"))
        for match in _ACTES_ID.finditer(flat):
            found.setdefault(match.group(1))
    return [f"Identifiant ACTES\u00a0: {i}" for i in found]


def _remove_furniture(pages: list[_Page]) -> None:
    """Take out running headers and footers, page numbers and préfecture stamps."""
    keys: list[list[str | None]] = []
    seen: Counter = Counter()
    for page in pages:
        page_keys = []
        for line in page.lines:
            key = None
            if _in_margin(line, page):
                key = re.sub(r"\d+", "#", normalise(line.text))
            page_keys.append(key)
        keys.append(page_keys)
        seen.update({k for k in page_keys if k})
    repeated = {k for k, n in seen.items() if len(pages) >= 3 and n >= 0.6 * len(pages)}
    for page, page_keys in zip(pages, keys, strict=True):
        kept = [
            line
            for line, key in zip(page.lines, page_keys, strict=True)
            if key not in repeated and not _always_furniture(line, page, key is not None)
        ]
        page.lines = _rejoin_soft(kept)


def _in_margin(line: _Line, page: _Page) -> bool:
    return (
        line.bottom <= _BAND * page.height
        or line.top >= (1 - _BAND) * page.height
        or line.x1 <= 0.1 * page.width
        or line.x0 >= 0.9 * page.width
    )


def _always_furniture(line: _Line, page: _Page, in_margin: bool) -> bool:
    text = normalise(line.text)
    if _PAGE_NUMBER.match(text):
        return True
    if in_margin and _FRACTION.match(text):
        return True
    return len(text) <= 80 and bool(_STAMP.match(text))


def _paragraphs_of(pages: list[_Page]) -> list[list[_Para]]:
    limits = _pitch_limits(pages)
    by_page = []
    for page in pages:
        paras = [p for p in _build_paragraphs(page.lines, limits) if p.text]
        for p in paras:
            p.page = page.number
        by_page.append(paras)
    _heading_hints(by_page)
    return by_page


def _heading_hints(by_page: list[list[_Para]]) -> None:
    """Heading levels from font sizes clearly above the body size, ranked over the document."""
    doc_sizes: Counter = Counter()
    page_body = []
    for paras in by_page:
        sizes: Counter = Counter()
        for p in paras:
            for line in p.lines:
                sizes[round(line.size * 2) / 2] += len(line.text)
        doc_sizes.update(sizes)
        page_body.append(sizes.most_common(1)[0][0] if sizes else None)
    if not doc_sizes:
        return
    body = doc_sizes.most_common(1)[0][0]
    candidates: list[tuple[_Para, float]] = []
    for paras, local in zip(by_page, page_body, strict=True):
        reference = max(body, local or body)
        for p in paras:
            size = round(p.size * 2) / 2
            if (
                size >= 1.08 * reference
                and size - reference >= 0.75
                and not p.list_item
                and not p.lines[0].rotated
                and len(p.lines) <= 3
                and len(p.text) <= 200
            ):
                candidates.append((p, size))
    pages_of: dict[float, set[int]] = {}
    for p, size in candidates:
        pages_of.setdefault(size, set()).add(p.page)
    recurring = sorted((s for s, pages in pages_of.items() if len(pages) >= 2), reverse=True) or sorted(
        pages_of, reverse=True
    )
    for p, size in candidates:
        p.heading = min(1 + sum(1 for r in recurring if r > size), 3)


def _blocks(pages: list[_Page], by_page: list[list[_Para]]) -> list[RawBlock]:
    limits = _pitch_limits(pages)
    items: list[tuple[str, int, object]] = []  # kind, page, paragraph or rows
    for page, paras in zip(pages, by_page, strict=True):
        placed: list[tuple[float, float, str, object]] = [(p.top, p.lines[0].x0, "paragraph", p) for p in paras]
        for table in page.tables:
            rows = _table_rows(table, limits)
            if rows:
                placed.append((table.ys[0], table.xs[0], "table", rows))
        placed.sort(key=lambda item: (item[0], item[1]))
        for position, (*_, kind, content) in enumerate(placed):
            if kind == "paragraph" and position == 0 and items and _continues_page(items[-1], content):
                items[-1][2].lines.extend(content.lines)  # a paragraph running over the page break
                continue
            items.append((kind, page.number, content))
    blocks = []
    for index, (kind, page_number, content) in enumerate(items):
        if kind == "table":
            blocks.append(RawBlock(index=index, kind="table", page=page_number, rows=content))
        else:
            blocks.append(
                RawBlock(
                    index=index,
                    kind="paragraph",
                    text=content.text,
                    page=page_number,
                    heading=content.heading,
                    bold=content.bold,
                    list_item=content.list_item,
                )
            )
    return blocks


def _table_rows(table: _Table, limits: dict[float, float]) -> tuple[tuple[str, ...], ...]:
    texts = {cell: _cell_text(words, limits) for cell, words in table.words.items()}
    if not any(texts.values()):
        return ()
    return tuple(tuple(texts.get(cell, "") for cell in row) for row in table.cell_of)


def _continues_page(previous: tuple[str, int, object], para: _Para) -> bool:
    """Whether `para`, first on its page, continues the previous page's last paragraph."""
    kind, _, before = previous
    if kind != "paragraph" or before.heading or para.heading or para.list_item:
        return False
    text, first = before.text, para.text
    return (
        bool(text)
        and text[-1] not in ".:;!?»)"
        and not _LEADERS.search(text)
        and first[:1].islower()
        and abs(before.lines[-1].size - para.size) <= 0.6
        and before.lines[-1].bold == para.bold
    )
