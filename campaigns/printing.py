"""Pure: a campaign's QR code (PNG, SVG) and its printable A4 poster (PDF, vector QR, Japanese type).

QR codes are made by segno with error correction level M (15 %): a poster keeps scanning with a crease or
some dirt. The poster's QR is drawn as vector squares, so it stays sharp at any print size.
"""

from __future__ import annotations

import io

import segno
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import FigureCanvasPdf
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from campaigns.model import Campaign, prefill_text
from reports.charts import japanese_font

A4_INCHES = (8.27, 11.69)
QR_BORDER = 4
"""The quiet zone QR readers need around the code, in modules."""
INK = "#1a1a1a"
ACCENT = "#00703c"
"""A dark green, so the white title keeps a 4.5:1 contrast (LINE's own green is too light for it)."""


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_png(url: str, scale: int = 12) -> bytes:
    out = io.BytesIO()
    _qr(url).save(out, kind="png", scale=scale, border=QR_BORDER)
    return out.getvalue()


def qr_svg(url: str) -> bytes:
    out = io.BytesIO()
    _qr(url).save(out, kind="svg", scale=10, border=QR_BORDER, title="LINE 友だち追加", xmldecl=True,
                  svgclass=None, lineclass=None)
    return out.getvalue()


PREVIEW_DPI = 60


def poster(city_name: str, campaign: Campaign, url: str, topics: list[str], kind: str = "pdf") -> bytes:
    """An A4 portrait poster: what the account offers, the QR, and the code for those who type it.
    `kind` "pdf" is for printing; "png" is the console's small preview of the same page."""
    figure = Figure(figsize=A4_INCHES)
    (FigureCanvasPdf if kind == "pdf" else FigureCanvasAgg)(figure)
    with japanese_font():
        _header(figure, city_name, topics)
        _code_block(figure, url, campaign.code)
        figure.text(0.5, 0.06, f"{city_name}  ・  {campaign.name}", ha="center", fontsize=10, color="#555555")
        out = io.BytesIO()
        if kind == "pdf":
            figure.savefig(out, format="pdf", metadata={"Title": f"{city_name} LINE 友だち追加 ({campaign.name})",
                                                        "Creator": "citybot"})
        else:
            figure.savefig(out, format="png", dpi=PREVIEW_DPI)
    return out.getvalue()


def _header(figure: Figure, city_name: str, topics: list[str]) -> None:
    figure.patches.append(Rectangle((0, 0.84), 1, 0.16, transform=figure.transFigure, color=ACCENT))
    figure.text(0.5, 0.935, f"{city_name} LINE 公式アカウント", ha="center", va="center", fontsize=30,
                color="white")
    figure.text(0.5, 0.875, "友だち追加で、市のお知らせがスマホに届きます", ha="center", va="center",
                fontsize=18, color="white")
    if topics:
        figure.text(0.5, 0.79, "  ・  ".join(topics), ha="center", va="center", fontsize=16, color=INK,
                    wrap=True)
    figure.text(0.5, 0.745, "お住まいの地区や関心に合わせて、必要な情報だけをお届けします", ha="center",
                va="center", fontsize=13, color="#333333")


def _code_block(figure: Figure, url: str, code: str) -> None:
    matrix = _qr(url).matrix
    size = len(matrix) + 2 * QR_BORDER
    axes = figure.add_axes((0.2, 0.3, 0.6, 0.6 * A4_INCHES[0] / A4_INCHES[1]))
    axes.set_xlim(0, size)
    axes.set_ylim(size, 0)
    axes.set_aspect("equal")
    axes.axis("off")
    squares = [Rectangle((x + QR_BORDER, y + QR_BORDER), 1, 1)
               for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark]
    axes.add_collection(PatchCollection(squares, facecolor=INK, edgecolor=INK, linewidth=0.2))
    figure.text(0.5, 0.27, "スマートフォンのカメラで読み取ってください", ha="center", fontsize=18, color=INK)
    figure.text(0.5, 0.225, "トーク画面が開いたら、入力欄の", ha="center", fontsize=13, color=INK)
    figure.text(0.5, 0.19, f"「{prefill_text(code)}」", ha="center", fontsize=20, color=INK)
    figure.text(0.5, 0.155, "をそのまま送信してください (どこで知ったかを数えるためだけに使います)", ha="center",
                fontsize=11, color="#333333")
    figure.text(0.5, 0.11, url, ha="center", fontsize=11, color="#555555", family="monospace")
