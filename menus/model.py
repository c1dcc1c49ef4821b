"""Pure: a rich menu as data (layout, tap areas, actions), every check LINE makes on it, and its LINE form.

LINE refuses a bad rich menu only after the call (400), and some mistakes (an area outside the image, a
switch to an alias that does not exist) would show citizens a menu that does nothing. So every rule LINE
documents for the rich menu object is checked here first, with a Japanese message staff can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SIZES: dict[str, tuple[int, int]] = {"full": (2500, 1686), "half": (2500, 843)}
"""LINE's two template sizes (width × height in pixels); every citybot menu uses one of them."""

SIZE_LABELS = {"full": "大 (2500×1686)", "half": "小 (2500×843)"}

MAX_AREAS = 20
NAME_CHARS = 300
CHAT_BAR_CHARS = 14
ACTION_LABEL_CHARS = 20
MESSAGE_TEXT_CHARS = 300
POSTBACK_DATA_CHARS = 300
URI_CHARS = 1000
"""LINE's limits for the rich menu object and its actions (Messaging API reference, "Rich menu object")."""

KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
"""Our name for a menu, also its rich menu alias ID (LINE: 1–32 characters of A–Z a–z 0–9 _ -)."""

ACTION_TYPES = {"message": "メッセージを送る", "uri": "リンクを開く", "postback": "ボタンの操作を送る",
                "richmenuswitch": "別のメニューに切り替える"}


class MenuError(ValueError):
    """A menu that LINE would refuse or that would not work; `problems` are Japanese sentences."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Area:
    """One tap area: its bounds in the image's pixels, LINE's action object, and the label drawn on it."""

    x: int
    y: int
    width: int
    height: int
    action: dict
    label: str = ""


@dataclass(frozen=True)
class Menu:
    key: str
    name: str
    chat_bar_text: str
    size: str
    areas: tuple[Area, ...]
    selected: bool = True
    """Shown open when the chat opens: most citizens tap rather than type."""
    colors: tuple[str, ...] = field(default_factory=tuple)
    """Background per area for a generated image (empty: the palette's order)."""

    @property
    def pixels(self) -> tuple[int, int]:
        return SIZES[self.size]


def problems(menu: Menu, known_keys: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Everything LINE would refuse, and switches to menus that do not exist, as Japanese sentences."""
    found = []
    if not KEY.fullmatch(menu.key):
        found.append("メニューの ID は半角英小文字・数字・「-」「_」で 32 文字以内にしてください。")
    if not menu.name.strip() or len(menu.name) > NAME_CHARS:
        found.append(f"メニューの名前は 1〜{NAME_CHARS} 文字で入力してください。")
    if not menu.chat_bar_text.strip() or len(menu.chat_bar_text) > CHAT_BAR_CHARS:
        found.append(f"トーク画面の下に出る文字 (メニューを開く文字) は 1〜{CHAT_BAR_CHARS} 文字にしてください。"
                     f" (今は {len(menu.chat_bar_text)} 文字)")
    if menu.size not in SIZES:
        found.append("大きさは「大」か「小」を選んでください。")
        return found
    if not 1 <= len(menu.areas) <= MAX_AREAS:
        found.append(f"タップできる範囲は 1〜{MAX_AREAS} 個にしてください。")
    width, height = menu.pixels
    for number, area in enumerate(menu.areas, start=1):
        found.extend(f"範囲 {number}: {problem}" for problem in _area_problems(area, width, height, known_keys))
    return found


def _area_problems(area: Area, width: int, height: int, known_keys) -> list[str]:
    found = []
    if area.x < 0 or area.y < 0 or area.width <= 0 or area.height <= 0 \
            or area.x + area.width > width or area.y + area.height > height:
        found.append(f"画像 ({width}×{height}) の外にはみ出しています (x={area.x}, y={area.y}, "
                     f"幅={area.width}, 高さ={area.height})。")
    return found + action_problems(area.action, known_keys)


def action_problems(action: dict, known_keys) -> list[str]:
    """What is wrong with one action object (LINE's limits; a switch must name one of our menus)."""
    kind = action.get("type")
    if kind not in ACTION_TYPES:
        return [f"操作の種類「{kind}」は使えません (使えるもの: {'、'.join(ACTION_TYPES.values())})。"]
    found = []
    if len(action.get("label") or "") > ACTION_LABEL_CHARS:
        found.append(f"読み上げ用の名前は {ACTION_LABEL_CHARS} 文字以内にしてください。")
    if kind == "message":
        text = action.get("text") or ""
        if not text.strip() or len(text) > MESSAGE_TEXT_CHARS:
            found.append(f"送るメッセージは 1〜{MESSAGE_TEXT_CHARS} 文字にしてください。")
    elif kind == "uri":
        uri = action.get("uri") or ""
        if not uri.startswith(("https://", "http://", "tel:")) or len(uri) > URI_CHARS:
            found.append(f"リンクは https:// (または tel:) で始まる {URI_CHARS} 文字以内の URL にしてください。")
    elif kind == "postback":
        if not action.get("data") or len(action["data"]) > POSTBACK_DATA_CHARS:
            found.append(f"ボタンの操作のデータは 1〜{POSTBACK_DATA_CHARS} 文字にしてください。")
    else:
        alias = action.get("richMenuAliasId") or ""
        if alias not in known_keys:
            found.append(f"切り替え先のメニュー「{alias}」がありません。")
        if not action.get("data") or len(action["data"]) > POSTBACK_DATA_CHARS:
            found.append("切り替えの操作にはデータ (300 文字以内) が必要です。")
    return found


def check(menu: Menu, known_keys: set[str] | frozenset[str] = frozenset()) -> Menu:
    """The menu, or MenuError with every problem at once."""
    found = problems(menu, known_keys)
    if found:
        raise MenuError(found)
    return menu


def to_line(menu: Menu) -> dict:
    """The rich menu object LINE takes (our key is the alias; the name tells staff in LINE's tools what it is)."""
    width, height = menu.pixels
    return {
        "size": {"width": width, "height": height},
        "selected": menu.selected,
        "name": menu.name,
        "chatBarText": menu.chat_bar_text,
        "areas": [{"bounds": {"x": area.x, "y": area.y, "width": area.width, "height": area.height},
                   "action": area.action} for area in menu.areas],
    }


def to_dict(menu: Menu) -> dict:
    """Our stored form (JSON), read back by `from_dict`."""
    return {"key": menu.key, "name": menu.name, "chat_bar_text": menu.chat_bar_text, "size": menu.size,
            "selected": menu.selected, "colors": list(menu.colors),
            "areas": [{"x": a.x, "y": a.y, "width": a.width, "height": a.height, "action": a.action,
                       "label": a.label} for a in menu.areas]}


def from_dict(raw: dict) -> Menu:
    return Menu(key=raw["key"], name=raw["name"], chat_bar_text=raw["chat_bar_text"], size=raw["size"],
                selected=bool(raw.get("selected", True)), colors=tuple(raw.get("colors", ())),
                areas=tuple(Area(int(a["x"]), int(a["y"]), int(a["width"]), int(a["height"]), dict(a["action"]),
                                 a.get("label", "")) for a in raw["areas"]))


def grid(size: str, rows: int, columns: int) -> list[tuple[int, int, int, int]]:
    """Bounds (x, y, width, height) of a rows × columns layout filling the image, row by row; the last row and
    column take the pixels left over so the areas cover the image exactly."""
    width, height = SIZES[size]
    bounds = []
    for row in range(rows):
        top, bottom = row * height // rows, (row + 1) * height // rows
        for column in range(columns):
            left, right = column * width // columns, (column + 1) * width // columns
            bounds.append((left, top, right - left, bottom - top))
    return bounds


LAYOUTS = {"full-6": ("full", 2, 3), "full-4": ("full", 2, 2), "full-3": ("full", 1, 3),
           "half-3": ("half", 1, 3), "half-2": ("half", 1, 2), "half-1": ("half", 1, 1)}
"""The grids staff choose from in the console (LINE's own templates)."""


def from_layout(*, key: str, name: str, chat_bar_text: str, layout: str, areas: list[tuple[str, dict]],
                colors: tuple[str, ...] = ()) -> Menu:
    """A menu on one of LAYOUTS, its areas in reading order; (label, action) pairs beyond the grid are refused."""
    if layout not in LAYOUTS:
        raise MenuError([f"レイアウト「{layout}」はありません (使えるもの: {'、'.join(LAYOUTS)})。"])
    size, rows, columns = LAYOUTS[layout]
    bounds = grid(size, rows, columns)
    if len(areas) != len(bounds):
        raise MenuError([f"このレイアウトには {len(bounds)} 個のボタンがあります (指定は {len(areas)} 個)。"])
    return Menu(key=key, name=name, chat_bar_text=chat_bar_text, size=size, colors=tuple(colors),
                areas=tuple(Area(*box, action=action, label=label) for box, (label, action) in zip(bounds, areas)))


def read_definitions(raw: dict) -> list[Menu]:
    """Menus as the city's menu file writes them (layout + labelled actions), e.g. cities/demo_menus.json."""
    return [from_layout(key=item["key"], name=item["name"], chat_bar_text=item["chat_bar_text"],
                        layout=item["layout"], colors=tuple(item.get("colors", ())),
                        areas=[(area["label"], area["action"]) for area in item["areas"]])
            for item in raw["menus"]]
