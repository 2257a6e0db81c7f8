"""Pictures named by territory data (logos, figures of the état des lieux), read and checked.

A picture is a PNG or JPEG file inside the territory's folder (or, for a cover's logos, inside
the folder of the cover template), of at most 10 MB. Pillow reads its header and verifies its
data, so that a truncated or disguised file is refused here rather than shown broken in Word.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from docgen.inputs import MB, read_input
from docgen.model.errors import DocgenError
from docgen.model.tree import Picture

PICTURE_LIMIT = 10 * MB  # a chart or a map exported for print; a photograph of a scan is less
FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # MPO: a JPEG from a camera
# 10 000 × 10 000 pixels: a map at 300 dpi over 80 cm; beyond, the file is a decompression bomb.
PIXEL_LIMIT = 100_000_000


def picture(relative: str, folder: Path, key: str, source: Path | None) -> Picture:
    """The picture at `relative` in `folder`, as data `key` of `source` names it; a French error
    naming the key if it is outside the folder, missing, too large or not a PNG or JPEG image."""

    def refuse(reason: str) -> DocgenError:
        return DocgenError(f"image «\u00a0{relative}\u00a0» {reason}", source, key=key)

    path = Path(relative)
    root = folder.resolve()
    if path.is_absolute() or not (root / path).resolve().is_relative_to(root):
        raise refuse(f"hors du dossier {folder.name or root.name}\u00a0: donnez un chemin à l'intérieur de ce dossier")
    located = (root / path).resolve()
    if not located.exists():
        raise refuse(f"introuvable dans le dossier {folder.name or root.name}")
    try:
        data = read_input(located, PICTURE_LIMIT, "une image")
    except DocgenError as exc:
        raise refuse(f"refusée\u00a0: {exc.message}") from None
    width, height = _checked(data, refuse)
    return Picture(data, relative, width, height)


def _checked(data: bytes, refuse) -> tuple[int, int]:
    """The pixel size of a PNG or JPEG image, verified by Pillow."""
    from PIL import Image  # only for data that holds pictures

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = image.format, image.size
                if kind not in FORMATS:
                    raise refuse(f"au format {kind}\u00a0: seuls les formats PNG et JPEG sont acceptés")
                if width * height > PIXEL_LIMIT:
                    raise refuse(
                        f"de {width}\u00a0×\u00a0{height}\u00a0pixels, trop grande (100\u00a0mégapixels au plus)"
                    )
                image.verify()
    except DocgenError:
        raise
    except Exception:  # Pillow raises many types for what is not a readable image
        raise refuse("illisible\u00a0: ce n'est pas une image PNG ou JPEG valide") from None
    return width, height
