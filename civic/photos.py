"""Pure: a citizen's photo made safe to keep — a real image within the limits, turned upright, re-encoded
without any metadata (EXIF, GPS, camera serials), and a small thumbnail for the console."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from civic.settings import MAX_PHOTO_BYTES

FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
MAX_PIXELS = 40_000_000
"""More pixels than any phone camera takes: refused before decoding (a decompression bomb)."""
KEPT_SIDE = 2048
THUMB_SIDE = 320


class PhotoError(ValueError):
    """Not kept; the message is for staff (the console shows it next to the report)."""


def clean(data: bytes) -> tuple[bytes, bytes]:
    """(the photo as JPEG, its thumbnail), both without metadata."""
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(f"画像が大きすぎます ({len(data) / 1_048_576:.1f} MB、上限 10 MB)")
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in FORMATS:
            raise PhotoError(f"写真として読めない形式です ({image.format})")
        if image.width * image.height > MAX_PIXELS:
            raise PhotoError("画素数が多すぎる画像です")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise PhotoError("画像ではないか、壊れたファイルです") from error
    upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((KEPT_SIDE, KEPT_SIDE))
    thumb = upright.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    return _jpeg(upright, 85), _jpeg(thumb, 80)


def _jpeg(image: Image.Image, quality: int) -> bytes:
    """A fresh JPEG: Pillow writes no EXIF, ICC or XMP unless asked, so nothing of the original travels."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()
