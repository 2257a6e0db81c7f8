"""The one guarded way in for every file read: regular files only, within a size limit.

A FIFO would block for ever, a device such as /dev/zero (or a link to it) would be read until
memory runs out, a directory cannot be read: each gets a French error at once. The size is
checked before reading and again while reading (a file that grows is cut short and refused).
The limits live here, each with the reason it exists.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from docgen.model.errors import DocgenError, os_reason

MB = 1_000_000
# A territory file is text typed by people: the largest bundled one is 0.1 MB.
YAML_LIMIT = 5 * MB
# A draft convention with its scanned annexes; beyond this it is an archive, not a document.
DRAFT_LIMIT = 100 * MB
# Inside a .docx: the text of a 100-page convention is a few MB of XML, its pictures a few tens.
DOCX_TOTAL_LIMIT = 200 * MB  # all parts, decompressed
DOCX_PART_LIMIT = 40 * MB  # word/document.xml and the other XML parts read, decompressed
DOCX_RATIO_LIMIT = 200  # decompressed / compressed size of a large part: beyond, a « zip bomb »
DOCX_BLOCK_LIMIT = 200_000  # paragraphs in the body: a 100-page convention has a few thousand
# XML elements and attributes in one part: a 100-page convention written in Word has some
# 100 000; 40 MB of tiny elements would hold 7 million and take more than 1 GB once parsed.
DOCX_NODE_LIMIT = 1_500_000


def read_input(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file `path`, refused in French when it is not one or exceeds `limit`."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DocgenError("fichier introuvable", path) from None
    except OSError as exc:
        raise DocgenError(f"lecture impossible ({os_reason(exc)})", path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "un dossier" if stat.S_ISDIR(info.st_mode) else "un tube, un périphérique ou un fichier spécial"
            raise DocgenError(f"ce n'est pas un fichier ordinaire mais {kind}", path)
        if info.st_size > limit:
            raise DocgenError(_too_big(what, limit), path)
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:
                raise DocgenError(_too_big(what, limit), path)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise DocgenError(f"lecture impossible ({os_reason(exc)})", path) from None
    finally:
        os.close(fd)


def fingerprint(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as the register records it and documents carry it."""
    return hashlib.sha256(data).hexdigest()


def _too_big(what: str, limit: int) -> str:
    return f"fichier trop volumineux pour {what} (au plus {limit // MB}\u00a0Mo)"


# Inside a PDF: a 100-page convention has 100 pages and content streams of a few hundred KB.
PDF_PAGE_LIMIT = 1_000
PDF_STREAM_LIMIT = 50 * MB  # one content or image stream, decompressed
# A dense A4 page of text holds some 6 000 characters; pages may share one content stream, so
# that a 16 KB file can hold 100 pages of 100 000 characters (a minute and 1.2 GB to read).
PDF_PAGE_CHAR_LIMIT = 30_000
PDF_CHAR_LIMIT = 2_000_000  # in all pages: 300 dense pages; a 100-page convention has 300 000
PDF_TIME_LIMIT = 20.0  # seconds to read all pages of one file: checking it must end within 30 s
