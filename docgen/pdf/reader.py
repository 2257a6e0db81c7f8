"""Reading a PDF draft into a flat block stream: paragraphs and ruled tables, in reading order.

The only module that touches pypdfium2. Text comes from pdfium's text page (characters in
content order, with the spaces and line breaks pdfium infers); position and font are queried
once per word rather than once per character, which keeps a 50-page draft well under a second.
Ruling lines come from the page's path objects. Everything is turned into reading coordinates
(points, origin top-left, y downwards, the page turned the way its text reads) and handed to
`tables` and `layout`.
"""

from __future__ import annotations

import ctypes
import io
import math
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any, cast

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from docgen.inputs import MB, PDF_CHAR_LIMIT, PDF_PAGE_CHAR_LIMIT, PDF_PAGE_LIMIT, PDF_STREAM_LIMIT, PDF_TIME_LIMIT
from docgen.model.errors import DocgenError
from docgen.model.rawblocks import RawDocument
from docgen.pdf.lines import HYPHEN, SOFT_HYPHENS, Line, Page, PagePicture, Word, lines_of, outside_tables
from docgen.pdf.prepare import prepare
from docgen.pdf.tables import find_tables
from docgen.pdf.twocores import Shared

_BREAKS = " \t\r\n\f\v" + HYPHEN + "".join(SOFT_HYPHENS)
# Words are runs of characters between whitespace; a hyphen pdfium found at a line end or a soft
# hyphen also ends a word, since what follows it is on the next line.
_WORD = re.compile(rf"[^{_BREAKS}]*[{HYPHEN}{''.join(SOFT_HYPHENS)}]|[^{_BREAKS}]+")
_BOLD_NAME = re.compile(rb"bold|black|heavy|demi|semibold", re.I)
_FORCE_BOLD = 1 << 18  # font descriptor flag
_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_FORMAT: "structure invalide ou fichier tronqué",
    pdfium_c.FPDF_ERR_FILE: "fichier introuvable ou illisible",
    pdfium_c.FPDF_ERR_PAGE: "pages illisibles",
}
_NO_TEXT = (
    "le PDF ne contient pas de texte (document scanné\u00a0?)\u00a0: une reconnaissance de caractères est nécessaire"
)


TWO_CORES_PAGES = 8  # below, a fork costs about what it saves

_STREAM = re.compile(rb"stream\r?\n")


def _check_streams(data: bytes, name: str) -> None:
    """Refuse a PDF whose compressed streams expand beyond the limit, before pdfium inflates them
    (a 1 MB file can hold a 400 MB content stream). Each stream is inflated piece by piece and
    only counted, never kept."""
    for match in _STREAM.finditer(data):
        if b"/FlateDecode" not in data[max(0, match.start() - 300) : match.start()]:
            continue
        inflater = zlib.decompressobj()
        size, position = 0, match.end()
        try:
            while not inflater.eof and position < len(data):
                pending = data[position : position + _PIECE]
                position += len(pending)
                while pending and not inflater.eof:
                    size += len(inflater.decompress(pending, _PIECE))
                    if size > PDF_STREAM_LIMIT:
                        raise DocgenError(
                            f"le PDF contient un flux qui se décompresse au-delà de {PDF_STREAM_LIMIT // MB}\u00a0Mo"
                            "\u00a0: fichier piégé ou hors de proportion avec une convention",
                            name,
                        )
                    pending = inflater.unconsumed_tail
        except zlib.error:
            continue  # not a stream zlib reads: pdfium will judge it


_PIECE = 1 << 20


def page_texts(data: bytes, name: str) -> list[str]:
    """The plain text of each page of a PDF that docgen had LibreOffice make (no layout)."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise DocgenError("le fichier n'est pas un PDF lisible", name) from None
    try:
        texts = []
        for index in range(min(len(pdf), PDF_PAGE_LIMIT)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


def read_pdf(data: bytes, name: str, pictures: bool = False) -> RawDocument:
    """The blocks of a PDF draft, in reading order, with the facts noticed (ACTES identifiers…);
    with `pictures`, the bytes of its figures' pictures too (an import writes them)."""
    return PdfReading(data, name, pictures).result()


class PdfReading:
    """A PDF being read: opened and checked at once, its pages read on the other core from then
    on (see `twocores`), and by this process too once it calls `result()`, which lays them out."""

    def __init__(self, data: bytes, name: str, pictures: bool = False) -> None:
        if b"%PDF-" not in data[:1024]:
            raise DocgenError("le fichier n'est pas un PDF lisible (en-tête %PDF absent)", name)
        _check_streams(data, name)
        self.data, self.name, self.with_pictures = data, name, pictures
        self.pdf = _open(data, name)
        try:
            self.keywords = self.pdf.get_metadata_value("Keywords") or ""
            self.count = len(self.pdf)
            if self.count > PDF_PAGE_LIMIT:
                raise DocgenError(
                    f"le PDF compte {self.count} pages, plus que les {PDF_PAGE_LIMIT} d'une convention", name
                )
            self.started = time.monotonic()
            self.budget = [PDF_CHAR_LIMIT]  # characters left to read (each process counts its own pages)
            self.pages = Shared(list(range(self.count)), self._read, fork=self.count >= TWO_CORES_PAGES)
        except BaseException:
            self.pdf.close()
            raise

    def _read(self, i: int) -> Page | None:
        if time.monotonic() - self.started > PDF_TIME_LIMIT:
            raise DocgenError(
                f"lecture du PDF interrompue après {PDF_TIME_LIMIT:.0f} secondes (page {i + 1})", self.name
            )
        try:
            return _read_page(self.pdf, i, self.budget, self.name, self.with_pictures)
        except pdfium.PdfiumError:  # a damaged page: read the others, as pypdf's strict=False
            return None

    def result(self) -> RawDocument:
        try:
            pages = [page for page in self.pages.result() if page is not None]
        finally:
            self.pdf.close()
        from docgen.model.tree import FINGERPRINT_RE, MODEL_HINT_RE  # after the fork: the child has no use
        from docgen.pdf.layout import layout  # for them, and starts the sooner

        _count_all_chars(pages, self.name)
        if not pages:
            raise DocgenError("le fichier n'est pas un PDF lisible (aucune page lisible)", self.name)
        blocks, facts, media = layout(pages)
        if not blocks:
            raise DocgenError(_NO_TEXT, self.name)
        found = FINGERPRINT_RE.search(self.keywords)
        hint = MODEL_HINT_RE.search(self.keywords)
        return RawDocument(
            blocks=tuple(blocks),
            source="pdf",
            pages=self.count,
            facts=tuple(facts),
            fingerprint=found.group(1) if found else None,
            model_hint=hint.group(0) if hint else None,
            media=media,
        )

    def cancel(self) -> None:
        """Not wanted after all: stop the other core's reading, close the document."""
        self.pages.cancel()
        self.pdf.close()


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise DocgenError("le PDF est protégé par un mot de passe", name) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise DocgenError("le PDF est protégé par un chiffrement non pris en charge", name) from None
        detail = _LOAD_ERRORS.get(code, "erreur de lecture")
        raise DocgenError(f"le fichier n'est pas un PDF lisible ({detail})", name) from None


def _read_page(pdf: pdfium.PdfDocument, index: int, budget: list[int], name: str, with_bytes: bool = False) -> Page:
    page = pdf[index]
    try:
        left, bottom, right, top = page.get_cropbox()
        textpage = page.get_textpage()
        try:
            _count_chars(textpage.raw, index, budget, name)
            text, raw = _raw_words(textpage.raw)
            frame = _Frame(_reading_rotation(raw, page.get_rotation()), left, bottom, right, top)
            words, rotated = _place_words(textpage.raw, text, raw, frame)
        finally:
            textpage.close()
        hrules, vrules, images = _rulings(page.raw, frame)
        found = (_picture(image, frame, pdf, page, with_bytes) for image in images)
        pictures = [p for p in found if p is not None]
    finally:
        page.close()
    tables = find_tables(hrules, vrules)
    lines = lines_of(outside_tables(words, tables)) + rotated
    page = Page(index + 1, frame.width, frame.height, lines, tables, text, pictures=pictures)
    prepare(page)
    return page


def _count_chars(tp, index: int, budget: list[int], name: str) -> None:
    """Refuse a page, or a file, with more characters than text pages hold, before reading them."""
    count = pdfium_c.FPDFText_CountChars(tp)
    if count > PDF_PAGE_CHAR_LIMIT:
        raise DocgenError(
            f"la page {index + 1} du PDF compte {count:_} caractères, plus que les {PDF_PAGE_CHAR_LIMIT:_} "
            "d'une page de texte\u00a0: fichier piégé ou hors de proportion avec une convention".replace("_", "\u00a0"),
            name,
        )
    budget[0] -= max(count, 0)
    if budget[0] < 0:
        raise _too_many_chars(index, name)


def _count_all_chars(pages: list[Page], name: str) -> None:
    """The same limit over the whole file, when its pages were read by two processes."""
    total = 0
    for page in pages:
        total += len(page.text)
        if total > PDF_CHAR_LIMIT:
            raise _too_many_chars(page.number - 1, name)


def _too_many_chars(index: int, name: str) -> DocgenError:
    return DocgenError(
        f"le PDF compte plus de {PDF_CHAR_LIMIT:_} caractères (page {index + 1})".replace("_", "\u00a0")
        + "\u00a0: fichier hors de proportion avec une convention",
        name,
    )


# --- words -------------------------------------------------------------------------------------


def _raw_words(tp) -> tuple[str, list[tuple]]:
    """Page text and, per word: start, end, origin, last character's box, size, angle, bold.

    Size, angle and boldness belong to the text object a word's first character comes from,
    so they are queried once per text object rather than once per word."""
    count = pdfium_c.FPDFText_CountChars(tp)
    if count <= 0:
        return "", []
    text = _text_of(tp, count)
    ox, oy, left, right, bottom, top = (ctypes.c_double() for _ in range(6))
    styles: dict[int | None, tuple[float, float, bool]] = {}  # text object → size, angle, bold
    bold_fonts: dict[bytes, bool] = {}
    out = []
    for m in _WORD.finditer(text):
        i, j = m.start(), m.end() - 1
        pdfium_c.FPDFText_GetCharOrigin(tp, i, ox, oy)
        pdfium_c.FPDFText_GetCharBox(tp, j, left, right, bottom, top)
        source = _text_object(tp, i)
        style = styles.get(source) if source else None
        if style is None:
            style = styles[source] = _style(tp, i, bold_fonts)
        out.append((i, j + 1, ox.value, oy.value, (left.value, right.value, bottom.value, top.value), *style))
    return text, out


# the text object of a character, as an address (pypdfium2's binding gives a pointer object,
# slower to compare): the same C function, declared with an integer result
_text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    cast(int, ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value)
)


def _style(tp, i: int, bold_fonts: dict[bytes, bool]) -> tuple[float, float, bool]:
    """Size (with the text's and the page's scaling), angle and boldness of character `i`."""
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(tp, i, matrix)  # text and page transformations, without the size
    size = pdfium_c.FPDFText_GetFontSize(tp, i) * (math.hypot(matrix.c, matrix.d) or 1.0)
    angle = math.degrees(math.atan2(matrix.b, matrix.a)) % 360
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(tp, i, name, 128, flags)
    font = name.value + flags.value.to_bytes(4, "little", signed=True)
    bold = bold_fonts.get(font)
    if bold is None:
        bold = bool(_BOLD_NAME.search(name.value) or flags.value & _FORCE_BOLD)
        bold = bold_fonts[font] = bold or pdfium_c.FPDFText_GetFontWeight(tp, i) >= 600
    return size, angle, bold


def _text_of(tp, count: int) -> str:
    """The text page's characters, one string index per character index."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(tp, 0, count, buffer)
    text = bytes(buffer)[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # characters outside the BMP, or left out by pdfium: one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp, k) or 32) for k in range(count))
    return text


def _reading_rotation(raw: list[tuple], page_rotation: int) -> int:
    """The direction most of the text is written in: how a reader turns the page."""
    angles: Counter = Counter()
    for i, j, *_, angle, _bold in raw:
        angles[round(angle / 90) % 4 * 90] += j - i
    return angles.most_common(1)[0][0] if angles else page_rotation


class _Frame:
    """Page space → reading coordinates (top-left origin, y down) of a page turned by `rotation`."""

    def __init__(self, rotation: int, left: float, bottom: float, right: float, top: float) -> None:
        self.rotation = rotation
        # X = ax*x + bx*y + cx ; Y = ay*x + by*y + cy
        self.coef = {
            0: (1, 0, -left, 0, -1, top),
            90: (0, 1, -bottom, 1, 0, -left),
            180: (-1, 0, right, 0, 1, -bottom),
            270: (0, -1, top, -1, 0, right),
        }[rotation]
        width, height = right - left, top - bottom
        self.width, self.height = (height, width) if rotation in (90, 270) else (width, height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        ax, bx, cx, ay, by, cy = self.coef
        return ax * x + bx * y + cx, ay * x + by * y + cy

    def rect(self, x0: float, x1: float, y0: float, y1: float) -> tuple[float, float, float, float]:
        """Reading-frame box (left, top, right, bottom) of a page-space rectangle."""
        a, b = self.point(x0, y0), self.point(x1, y1)
        return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


def _place_words(tp, text: str, raw: list[tuple], frame: _Frame) -> tuple[list[Word], list[Line]]:
    """Upright words in reading coordinates, and lines of text written at another angle."""
    words: list[Word] = []
    rotated: list[Line] = []
    previous_end, previous_angle = 0, None
    ax, bx, cx, ay, by, cy = frame.coef
    for i, j, ox, oy, (x0, x1, y0, y1), size, angle, bold in raw:
        chars = text[i:j]
        if abs((angle - frame.rotation + 180) % 360 - 180) < 10:  # upright
            x, base = ax * ox + bx * oy + cx, ay * ox + by * oy + cy
            right = max(ax * x0 + bx * y0, ax * x1 + bx * y1) + cx  # of the last character
            centre = (ay * (x0 + x1) + by * (y0 + y1)) / 2 + cy
            if j - i == 1 or (base - size <= centre <= base + 0.35 * size and right >= x - 0.5 * size):
                words.append(Word(chars, x, max(right, x), base, size, bold))
            else:  # the word runs over two lines (or is drawn oddly): split where the baseline moves
                words.extend(_split_by_line(tp, text, i, j, frame, size, bold))
            continue
        box = _union(frame.rect(x0, x1, y0, y1), _char_rect(tp, i, frame))
        word = Word(chars, box[0], box[2], box[3], size, bold)
        if rotated and previous_angle == angle and "\n" not in text[previous_end:i]:
            rotated[-1].words.append(word)
            rotated[-1].box = _union(rotated[-1].box, box)
        else:
            rotated.append(Line([word], rotated=True, box=box))
        previous_end, previous_angle = j, angle
    return words, rotated


def _char_rect(tp, k: int, frame: _Frame) -> tuple[float, float, float, float]:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(tp, k, left, right, bottom, top)
    return frame.rect(left.value, right.value, bottom.value, top.value)


def _split_by_line(tp, text: str, i: int, j: int, frame: _Frame, size: float, bold: bool) -> list[Word]:
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pieces: list[Word] = []
    for k in range(i, j):
        pdfium_c.FPDFText_GetCharOrigin(tp, k, ox, oy)
        x, base = frame.point(ox.value, oy.value)
        right = max(_char_rect(tp, k, frame)[2], x)
        last = pieces[-1] if pieces else None
        if last and abs(base - last.base) <= 0.35 * size and x >= last.x1 - 0.5 * size:
            last.text += text[k]
            last.x1 = max(last.x1, right)
        else:
            pieces.append(Word(text[k], x, right, base, size, bold))
    return pieces


def _union(a, b):
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


# --- ruling lines --------------------------------------------------------------------------------


def _rulings(page, frame: _Frame) -> tuple[list[tuple], list[tuple], list]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) ruling lines of a page, and its image
    objects (directly on the page)."""
    hs: list[tuple] = []
    vs: list[tuple] = []
    images: list = []
    # (object count, object getter, matrix of the enclosing form XObject or None for the page)
    stack: list[tuple[int, Callable[[int], Any], tuple[float, ...] | None]] = [
        (pdfium_c.FPDFPage_CountObjects(page), lambda k: pdfium_c.FPDFPage_GetObject(page, k), None)
    ]
    while stack:
        count, get, parent = stack.pop()
        for k in range(count):
            obj = get(k)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                _path_rulings(obj, parent, frame, hs, vs)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and parent is None:
                images.append(obj)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:  # objects of a form XObject: in its own space
                matrix = _compose(_matrix(obj), parent) if parent else _matrix(obj)
                count_in = pdfium_c.FPDFFormObj_CountObjects(obj)
                stack.append((count_in, partial(pdfium_c.FPDFFormObj_GetObject, obj), matrix))
    return hs, vs, images


PICTURE_MIN_SIDE = 40.0  # points: smaller images are bullets, rules and ornaments, not figures
PICTURE_PIXEL_LIMIT = 25_000_000  # a picture beyond is not brought back by an import


def _picture(raw, frame: _Frame, pdf: pdfium.PdfDocument, page, with_bytes: bool) -> PagePicture | None:
    """A figure-sized image of the page, where it lies, with its bytes (PNG) if asked for."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(raw, left, bottom, right, top):
        return None
    x0, y0, x1, y1 = frame.rect(left.value, right.value, bottom.value, top.value)
    if x1 - x0 < PICTURE_MIN_SIDE or y1 - y0 < PICTURE_MIN_SIDE:
        return None
    data = None
    if with_bytes:
        image = pdfium.PdfImage(raw, page=page, pdf=pdf)
        width, height = image.get_px_size()
        if 0 < width * height <= PICTURE_PIXEL_LIMIT:
            out = io.BytesIO()
            image.get_bitmap().to_pil().save(out, "PNG")
            data = out.getvalue()
    return PagePicture(y0, x0, data)


def _matrix(obj) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    return m.a, m.b, m.c, m.d, m.e, m.f


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying `inner`, then `outer`."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    linear = (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2)
    return (*linear, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: tuple[float, ...] | None, x: float, y: float) -> tuple[float, float]:
    if m is None:
        return x, y
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _path_rulings(obj, parent, frame: _Frame, hs: list, vs: list) -> None:
    """Rulings drawn by a path: a thin line or rectangle, or the straight edges of a stroked shape."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
    if not stroke.value and not fill.value:
        return  # a clipping path
    bounds = [ctypes.c_float() for _ in range(4)]
    pdfium_c.FPDFPageObj_GetBounds(obj, *bounds)
    x0, y0 = _apply(parent, bounds[0].value, bounds[1].value)
    x1, y1 = _apply(parent, bounds[2].value, bounds[3].value)
    left, top, right, bottom = frame.rect(min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1))
    if right - left <= 3 or bottom - top <= 3:
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


def _add_segment(p: tuple[float, float], q: tuple[float, float], hs: list, vs: list) -> None:
    if abs(p[1] - q[1]) < 1 and abs(p[0] - q[0]) > 1:
        hs.append(((p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])))
    elif abs(p[0] - q[0]) < 1 and abs(p[1] - q[1]) > 1:
        vs.append(((p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))
