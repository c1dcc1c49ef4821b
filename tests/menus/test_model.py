"""Menus as data: every check LINE makes, made before any call, with Japanese messages; generated images."""

from __future__ import annotations

import io
import random
import json
from pathlib import Path

import pytest
from PIL import Image

from menus import images
from menus.model import LAYOUTS, Area, Menu, MenuError, check, from_layout, grid, problems, read_definitions, to_line

DEMO = json.loads((Path(__file__).resolve().parents[2] / "cities" / "demo_menus.json").read_text(encoding="utf-8"))
SAY = {"type": "message", "label": "ごみ", "text": "ごみの出し方"}


def menu(**changes) -> Menu:
    fields = dict(key="main", name="平常時", chat_bar_text="メニュー", size="full",
                  areas=(Area(0, 0, 1250, 1686, SAY), Area(1250, 0, 1250, 1686, SAY)))
    fields.update(changes)
    return Menu(**fields)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_grids_cover_the_image_exactly_without_overlap(layout):
    size, rows, columns = LAYOUTS[layout]
    width, height = {"full": (2500, 1686), "half": (2500, 843)}[size]
    bounds = grid(size, rows, columns)
    assert len(bounds) == rows * columns
    assert sum(w * h for _, _, w, h in bounds) == width * height
    assert all(x + w <= width and y + h <= height for x, y, w, h in bounds)


def test_a_good_menu_has_no_problems_and_becomes_lines_object():
    good = check(menu())
    line = to_line(good)
    assert line["size"] == {"width": 2500, "height": 1686} and line["chatBarText"] == "メニュー"
    assert line["areas"][1]["bounds"] == {"x": 1250, "y": 0, "width": 1250, "height": 1686}


@pytest.mark.parametrize(("changes", "words"), [
    ({"chat_bar_text": "とても長いトーク画面の下の文字です"}, "14 文字"),
    ({"chat_bar_text": " "}, "14 文字"),
    ({"key": "Main Menu"}, "ID"),
    ({"name": ""}, "名前"),
    ({"areas": ()}, "1〜20 個"),
    ({"areas": (Area(0, 0, 100, 100, SAY),) * 21}, "1〜20 個"),
    ({"areas": (Area(2000, 0, 600, 100, SAY),)}, "はみ出して"),
    ({"areas": (Area(0, 0, 0, 100, SAY),)}, "はみ出して"),
    ({"areas": (Area(0, 0, 100, 100, {"type": "message", "text": ""}),)}, "メッセージ"),
    ({"areas": (Area(0, 0, 100, 100, {"type": "message", "text": "あ" * 301}),)}, "メッセージ"),
    ({"areas": (Area(0, 0, 100, 100, {"type": "uri", "uri": "javascript:alert(1)"}),)}, "https://"),
    ({"areas": (Area(0, 0, 100, 100, {"type": "camera"}),)}, "使えません"),
    ({"areas": (Area(0, 0, 100, 100, {"type": "richmenuswitch", "richMenuAliasId": "nowhere", "data": "x"}),)},
     "nowhere"),
    ({"areas": (Area(0, 0, 100, 100, {**SAY, "label": "あ" * 21}),)}, "20 文字"),
])
def test_what_line_would_refuse_is_named_in_japanese(changes, words):
    found = problems(menu(**changes))
    assert found and any(words in problem for problem in found), found
    with pytest.raises(MenuError):
        check(menu(**changes))


def test_a_switch_to_a_known_menu_is_fine():
    switch = {"type": "richmenuswitch", "richMenuAliasId": "more", "data": "menu:more"}
    assert problems(menu(areas=(Area(0, 0, 100, 100, switch),)), {"main", "more"}) == []


def test_a_layout_takes_exactly_its_number_of_buttons():
    with pytest.raises(MenuError, match="6 個"):
        from_layout(key="x", name="x", chat_bar_text="x", layout="full-6", areas=[("a", SAY)])


def test_the_demo_menus_are_valid_and_their_switches_point_at_each_other():
    menus = read_definitions(DEMO)
    keys = {m.key for m in menus}
    assert {"register", "main", "more", "easy", "en", "disaster"} <= keys
    for each in menus:
        assert problems(each, keys) == [], each.key


def png(size, colour="#ffffff", kind="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, kind)
    return out.getvalue()


def test_image_checks():
    assert images.image_problems(png((2500, 1686)), (2500, 1686)) == []
    assert images.image_problems(png((2500, 1686), kind="JPEG"), (2500, 1686)) == []
    assert "2500×843" in images.image_problems(png((2500, 1686)), (2500, 843))[0]
    assert "JPEG か PNG" in images.image_problems(b"GIF89a....", (2500, 843))[0]
    assert "空" in images.image_problems(b"", (2500, 843))[0]
    assert "壊れて" in images.image_problems(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, (2500, 843))[-1]
    noisy = Image.frombytes("RGB", (2500, 1686), random.Random(1).randbytes(2500 * 1686 * 3))
    out = io.BytesIO()
    noisy.save(out, "PNG")
    assert any("1 MB" in p for p in images.image_problems(out.getvalue(), (2500, 1686)))


def test_generated_images_fit_lines_rules_and_keep_contrast():
    for each in read_definitions(DEMO):
        data = images.draw(each)
        assert images.image_problems(data, each.pixels) == [], each.key
        for colour in each.colors or images.PALETTE:
            assert images.contrast(images.text_colour(colour), colour) >= images.MIN_CONTRAST, colour
    assert images.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
