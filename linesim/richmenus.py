"""Pure: the account's rich menus as LINE keeps them — objects, images, aliases, the default menu, per-user
links — with LINE's validation of the rich menu object and its limits.

What a user sees is, in LINE's order of priority: the menu they switched to with a rich menu switch action
(until their link changes), the menu linked to them, the default menu. Every change of what a user sees is
time-stamped, so a benchmark can tell when the last friend's menu changed.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from linesim.errors import LineError, detail, invalid_body

MAX_MENUS = 1000
MAX_ALIASES = 1000
MAX_AREAS = 20
MAX_IMAGE_BYTES = 1024 * 1024
BULK_USERS = 500
ALIAS_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
IMAGE_TYPES = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
ACTION_TYPES = {"postback", "message", "uri", "datetimepicker", "camera", "cameraRoll", "location",
                "richmenuswitch", "clipboard"}

NO_IMAGE = "must upload richmenu image before applying it to user"
IMAGE_ALREADY = "An image has already been uploaded to the richmenu"
TOO_MANY_MENUS = "The number of rich menus exceeds the limit (1000)"  # our wording
ALIAS_CONFLICT = "conflict richmenu alias id"


@dataclass
class RichMenu:
    rich_menu_id: str
    body: dict
    image: bytes | None = None
    image_type: str | None = None

    def to_dict(self) -> dict:
        return {"richMenuId": self.rich_menu_id, **self.body}


@dataclass
class RichMenus:
    menus: dict[str, RichMenu] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    default: str | None = None
    default_changed_ms: int = 0
    links: dict[str, str] = field(default_factory=dict)
    switched: dict[str, str] = field(default_factory=dict)
    """user → the menu a rich menu switch action shows them, until their link changes."""
    changed_ms: dict[str, int] = field(default_factory=dict)
    """user → when their per-user menu last changed."""

    # --- menus ---
    def create(self, body: object) -> RichMenu:
        validate(body)
        if len(self.menus) >= MAX_MENUS:
            raise LineError(400, TOO_MANY_MENUS)
        menu = RichMenu("richmenu-" + uuid.uuid4().hex, body)
        self.menus[menu.rich_menu_id] = menu
        return menu

    def get(self, rich_menu_id: str) -> RichMenu:
        menu = self.menus.get(rich_menu_id)
        if menu is None:
            raise LineError(404, "richmenu not found")
        return menu

    def delete(self, rich_menu_id: str, now_ms: int) -> None:
        """Deleting a menu unlinks it from everyone and stops it being the default (aliases stay, broken)."""
        self.get(rich_menu_id)
        del self.menus[rich_menu_id]
        if self.default == rich_menu_id:
            self.set_default(None, now_ms)
        for user_id in [user for user, linked in self.links.items() if linked == rich_menu_id]:
            self.unlink(user_id, now_ms)

    def upload_image(self, rich_menu_id: str, data: bytes, content_type: str) -> None:
        menu = self.get(rich_menu_id)
        if menu.image is not None:
            raise LineError(400, IMAGE_ALREADY)
        magic = IMAGE_TYPES.get(content_type)
        if magic is None:
            raise LineError(415, f"The content type, {content_type or 'none'}, is not supported")
        if len(data) > MAX_IMAGE_BYTES:
            raise LineError(413, "The image is too large (1 MB at most)")  # our wording
        if not data.startswith(magic):
            raise LineError(400, "The image is not a valid " + content_type.split("/")[1].upper())  # our wording
        size = image_size(data, content_type)
        wanted = (menu.body["size"]["width"], menu.body["size"]["height"])
        if size != wanted:
            raise LineError(400, f"The image size {size} must match the rich menu size {wanted}")  # our wording
        menu.image, menu.image_type = data, content_type

    def _with_image(self, rich_menu_id: str) -> RichMenu:
        menu = self.get(rich_menu_id)
        if menu.image is None:
            raise LineError(400, NO_IMAGE)
        return menu

    # --- default and per-user links ---
    def set_default(self, rich_menu_id: str | None, now_ms: int) -> None:
        if rich_menu_id is not None:
            self._with_image(rich_menu_id)
        if rich_menu_id != self.default:
            self.default, self.default_changed_ms = rich_menu_id, now_ms

    def link(self, user_id: str, rich_menu_id: str, now_ms: int) -> None:
        self._with_image(rich_menu_id)
        self.switched.pop(user_id, None)
        if self.links.get(user_id) != rich_menu_id:
            self.links[user_id] = rich_menu_id
            self.changed_ms[user_id] = now_ms

    def unlink(self, user_id: str, now_ms: int) -> None:
        self.switched.pop(user_id, None)
        if self.links.pop(user_id, None) is not None:
            self.changed_ms[user_id] = now_ms

    def switch(self, user_id: str, alias_id: str) -> str:
        """A tap on a richmenuswitch action: LINE's postback `status` for it."""
        rich_menu_id = self.aliases.get(alias_id)
        if rich_menu_id is None:
            return "RICHMENU_ALIAS_ID_NOTFOUND"
        if rich_menu_id not in self.menus or self.menus[rich_menu_id].image is None:
            return "RICHMENU_NOTFOUND"
        self.switched[user_id] = rich_menu_id
        return "SUCCESS"

    def shown(self, user_id: str) -> tuple[str | None, str | None]:
        """(rich menu ID, why: "switched" | "user" | "default") the user sees now, or (None, None)."""
        for source, rich_menu_id in (("switched", self.switched.get(user_id)), ("user", self.links.get(user_id)),
                                     ("default", self.default)):
            if rich_menu_id is not None and rich_menu_id in self.menus:
                return rich_menu_id, source
        return None, None

    def last_change_ms(self, user_id: str) -> int:
        """When what the user sees last changed because of the account (a link, an unlink or the default)."""
        if user_id in self.links:
            return self.changed_ms.get(user_id, 0)
        return max(self.changed_ms.get(user_id, 0), self.default_changed_ms)

    # --- aliases ---
    def create_alias(self, alias_id: object, rich_menu_id: object) -> None:
        if not isinstance(alias_id, str) or not ALIAS_ID.fullmatch(alias_id):
            raise invalid_body([detail("must be 1-32 characters of [A-Za-z0-9_-]", "richMenuAliasId")])
        if alias_id in self.aliases:
            raise LineError(400, ALIAS_CONFLICT)
        if len(self.aliases) >= MAX_ALIASES:
            raise LineError(400, "The number of rich menu aliases exceeds the limit (1000)")  # our wording
        self._with_image(_menu_id(rich_menu_id))
        self.aliases[alias_id] = rich_menu_id

    def update_alias(self, alias_id: str, rich_menu_id: object) -> None:
        if alias_id not in self.aliases:
            raise LineError(404, "richmenu alias not found")
        self._with_image(_menu_id(rich_menu_id))
        self.aliases[alias_id] = rich_menu_id

    def delete_alias(self, alias_id: str) -> None:
        if self.aliases.pop(alias_id, None) is None:
            raise LineError(404, "richmenu alias not found")


def _menu_id(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise invalid_body([detail("must be specified", "richMenuId")])
    return value


def bulk_user_ids(body: object) -> list[str]:
    """The `userIds` of a bulk link or unlink: 1 to 500 of them."""
    user_ids = body.get("userIds") if isinstance(body, dict) else None
    if not isinstance(user_ids, list) or not all(isinstance(user_id, str) for user_id in user_ids):
        raise invalid_body([detail("must be specified", "userIds")])
    if not 1 <= len(user_ids) <= BULK_USERS:
        raise invalid_body([detail(f"size must be between 1 and {BULK_USERS}", "userIds")])
    return user_ids


def validate(body: object) -> None:
    """LINE's checks of a rich menu object; 400 with one detail per problem."""
    if not isinstance(body, dict):
        raise invalid_body([detail("must be an object", "body")])
    problems = []
    size = body.get("size")
    width = height = None
    if not isinstance(size, dict) or not isinstance(size.get("width"), int) or not isinstance(size.get("height"), int):
        problems.append(detail("must be specified", "size"))
    else:
        width, height = size["width"], size["height"]
        if not 800 <= width <= 2500:
            problems.append(detail("must be between 800 and 2500", "size.width"))
        if height < 250:
            problems.append(detail("must be at least 250", "size.height"))
        if height and width / height < 1.45:
            problems.append(detail("aspect ratio (width / height) must be at least 1.45", "size"))
    if not isinstance(body.get("selected"), bool):
        problems.append(detail("must be specified", "selected"))
    problems += _text(body, "name", 300) + _text(body, "chatBarText", 14)
    areas = body.get("areas")
    if not isinstance(areas, list):
        problems.append(detail("must be specified", "areas"))
    elif len(areas) > MAX_AREAS:
        problems.append(detail(f"size must be between 0 and {MAX_AREAS}", "areas"))
    else:
        for number, area in enumerate(areas):
            problems += _area(area, f"areas[{number}]", width, height)
    if problems:
        raise invalid_body(problems)


def _text(body: dict, name: str, limit: int, prefix: str = "") -> list[dict]:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        return [detail("must be specified", prefix + name)]
    if len(value) > limit:
        return [detail(f"size must be between 0 and {limit}", prefix + name)]
    return []


def _area(area: object, where: str, width: int | None, height: int | None) -> list[dict]:
    if not isinstance(area, dict):
        return [detail("must be an object", where)]
    problems = []
    bounds = area.get("bounds")
    values = [bounds.get(name) for name in ("x", "y", "width", "height")] if isinstance(bounds, dict) else []
    if len(values) != 4 or not all(isinstance(value, int) and value >= 0 for value in values):
        problems.append(detail("must be specified", f"{where}.bounds"))
    elif width is not None and (values[0] + values[2] > width or values[1] + values[3] > height):
        problems.append(detail("must be inside the rich menu image", f"{where}.bounds"))
    action = area.get("action")
    if not isinstance(action, dict) or action.get("type") not in ACTION_TYPES:
        return problems + [detail("must be a valid action", f"{where}.action")]
    prefix = f"{where}.action."
    kind = action["type"]
    if kind == "message":
        problems += _text(action, "text", 300, prefix)
    elif kind == "uri":
        problems += _text(action, "uri", 1000, prefix)
    elif kind in ("postback", "richmenuswitch", "datetimepicker"):
        problems += _text(action, "data", 300, prefix)
    if kind == "richmenuswitch":
        problems += _text(action, "richMenuAliasId", 32, prefix)
    if len(action.get("label") or "") > 20:
        problems.append(detail("size must be between 0 and 20", prefix + "label"))
    return problems


def image_size(data: bytes, content_type: str) -> tuple[int, int]:
    """(width, height) read from a PNG's IHDR or a JPEG's SOF marker; (0, 0) when it cannot be read."""
    if content_type == "image/png":
        return (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) if len(data) >= 24 else (0, 0)
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            return 0, 0
        marker, length = data[position + 1], int.from_bytes(data[position + 2:position + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return int.from_bytes(data[position + 7:position + 9], "big"), int.from_bytes(
                data[position + 5:position + 7], "big")
        position += 2 + length
    return 0, 0
