"""Pure (Pillow, no I/O): the checks LINE makes on a rich menu image, and a clear generated image.

LINE takes a JPEG or PNG of exactly the menu's size, at most 1 MB. A generated image has one tile per tap
area with its label in large Japanese type (IPAexGothic, from the matplotlib-fontja wheel the charts use),
on the Okabe–Ito palette, which stays distinguishable with the common colour-vision deficiencies; the text is
black or white, whichever contrasts more, and never below WCAG's 4.5 : 1.
"""

from __future__ import annotations

import io
from functools import cache

import matplotlib_fontja
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from menus.model import Menu

MAX_IMAGE_BYTES = 1024 * 1024
"""LINE: a rich menu image is at most 1 MB."""

TYPES = {b"\x89PNG\r\n\x1a\n": ("image/png", "PNG"), b"\xff\xd8\xff": ("image/jpeg", "JPEG")}

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
"""Okabe & Ito (2008), colour-universal-design colours."""

MIN_CONTRAST = 4.5
GAP = 10
"""White pixels between tiles, so neighbouring areas read as separate buttons."""


def content_type(data: bytes) -> str | None:
    """image/png or image/jpeg from the file's first bytes (never from its name), or None."""
    return next((kind for magic, (kind, _) in TYPES.items() if data.startswith(magic)), None)


def image_problems(data: bytes, size: tuple[int, int]) -> list[str]:
    """Why LINE would refuse this image for a menu of `size`, in Japanese; [] when it is fine."""
    if not data:
        return ["画像ファイルが空です。"]
    kind = content_type(data)
    if kind is None:
        return ["画像は JPEG か PNG のファイルにしてください。"]
    found = []
    if len(data) > MAX_IMAGE_BYTES:
        found.append(f"画像のファイルサイズは 1 MB 以下にしてください (今は {len(data) / 1024 / 1024:.1f} MB)。")
    try:
        with Image.open(io.BytesIO(data)) as image:
            actual = image.size
    except (UnidentifiedImageError, OSError):
        return [*found, "画像ファイルが壊れているため読めません。"]
    if actual != size:
        found.append(f"画像の大きさは {size[0]}×{size[1]} ピクセルにしてください (今は {actual[0]}×{actual[1]})。")
    return found


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour(background: str) -> str:
    return max(("#000000", "#FFFFFF"), key=lambda colour: contrast(colour, background))


def draw(menu: Menu) -> bytes:
    """A PNG of the menu: one tile per area with its label centred, as large as fits."""
    image = Image.new("RGB", menu.pixels, "#FFFFFF")
    canvas = ImageDraw.Draw(image)
    colours = menu.colors or PALETTE
    for number, area in enumerate(menu.areas):
        background = colours[number % len(colours)]
        box = (area.x + GAP, area.y + GAP, area.x + area.width - GAP, area.y + area.height - GAP)
        canvas.rounded_rectangle(box, radius=36, fill=background)
        label = area.label or area.action.get("label") or ""
        font = _fitting_font(canvas, label, box[2] - box[0], box[3] - box[1])
        canvas.multiline_text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), label, font=font,
                              fill=text_colour(background), anchor="mm", align="center", spacing=18)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _fitting_font(canvas: ImageDraw.ImageDraw, label: str, width: int, height: int) -> ImageFont.FreeTypeFont:
    """The largest type (at most 170 px, at least 40 px) whose text fills no more than 85 % of the tile."""
    for points in range(170, 39, -6):
        font = _font(points)
        left, top, right, bottom = canvas.multiline_textbbox((0, 0), label, font=font, spacing=18)
        if right - left <= width * 0.85 and bottom - top <= height * 0.85:
            return font
    return _font(40)


@cache
def _font(points: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(matplotlib_fontja.get_font_ttf_path(), points)


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[index:index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
