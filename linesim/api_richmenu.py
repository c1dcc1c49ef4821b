"""HTTP I/O: LINE's rich-menu endpoints (objects, images, default, per-user and bulk links, aliases), and the
control endpoints the chat page and benchmarks use to see and tap each simulated user's menu."""

from __future__ import annotations

from aiohttp import web

from linesim import events
from linesim.bodies import answer, read_body, read_json
from linesim.control_io import control_error, field, json_body, reply
from linesim.errors import LineError, detail, invalid_body
from linesim.richmenus import RichMenus, bulk_user_ids, validate
from linesim.simulator import SIM
from linesim.tokens import ReplyWindow
from linesim.users import USER_ID
from linesim.webhooks import Outgoing


def _menus(request: web.Request) -> RichMenus:
    return request.app[SIM].state.richmenus


def _now(request: web.Request) -> int:
    return request.app[SIM].state.clock.now_ms()


def _user_id(request: web.Request) -> str:
    user_id = request.match_info["user_id"]
    if not USER_ID.fullmatch(user_id):
        raise LineError(400, f"The value for the 'userId' parameter is invalid: {user_id}")
    return user_id


async def create(request: web.Request) -> web.Response:
    return answer({"richMenuId": _menus(request).create(await read_json(request)).rich_menu_id})


async def validate_object(request: web.Request) -> web.Response:
    validate(await read_json(request))
    return answer({})


async def get_menu(request: web.Request) -> web.Response:
    return answer(_menus(request).get(request.match_info["rich_menu_id"]).to_dict())


async def list_menus(request: web.Request) -> web.Response:
    return answer({"richmenus": [menu.to_dict() for menu in _menus(request).menus.values()]})


async def delete_menu(request: web.Request) -> web.Response:
    _menus(request).delete(request.match_info["rich_menu_id"], _now(request))
    return answer({})


async def upload_image(request: web.Request) -> web.Response:
    data = await read_body(request)
    _menus(request).upload_image(request.match_info["rich_menu_id"], data, request.content_type)
    return answer({})


async def download_image(request: web.Request) -> web.Response:
    menu = _menus(request).get(request.match_info["rich_menu_id"])
    if menu.image is None:
        raise LineError(404, "Not found")
    return web.Response(body=menu.image, content_type=menu.image_type)


async def set_default(request: web.Request) -> web.Response:
    _menus(request).set_default(request.match_info["rich_menu_id"], _now(request))
    return answer({})


async def get_default(request: web.Request) -> web.Response:
    default = _menus(request).default
    if default is None:
        raise LineError(404, "no default richmenu")
    return answer({"richMenuId": default})


async def cancel_default(request: web.Request) -> web.Response:
    _menus(request).set_default(None, _now(request))
    return answer({})


async def link_user(request: web.Request) -> web.Response:
    _menus(request).link(_user_id(request), request.match_info["rich_menu_id"], _now(request))
    return answer({})


async def unlink_user(request: web.Request) -> web.Response:
    _menus(request).unlink(_user_id(request), _now(request))
    return answer({})


async def get_user_menu(request: web.Request) -> web.Response:
    linked = _menus(request).links.get(_user_id(request))
    if linked is None:
        raise LineError(404, "the user has no richmenu")
    return answer({"richMenuId": linked})


async def bulk_link(request: web.Request) -> web.Response:
    """202: LINE links asynchronously; linesim has linked them all by the time it answers."""
    body = await read_json(request)
    user_ids = bulk_user_ids(body)
    rich_menu_id = body.get("richMenuId")
    if not isinstance(rich_menu_id, str) or not rich_menu_id:
        raise invalid_body([detail("must be specified", "richMenuId")])
    menus, now = _menus(request), _now(request)
    for user_id in user_ids:
        menus.link(user_id, rich_menu_id, now)
    return answer({}, status=202)


async def bulk_unlink(request: web.Request) -> web.Response:
    menus, now = _menus(request), _now(request)
    for user_id in bulk_user_ids(await read_json(request)):
        menus.unlink(user_id, now)
    return answer({}, status=202)


async def create_alias(request: web.Request) -> web.Response:
    body = await read_json(request)
    body = body if isinstance(body, dict) else {}
    _menus(request).create_alias(body.get("richMenuAliasId"), body.get("richMenuId"))
    return answer({})


async def update_alias(request: web.Request) -> web.Response:
    body = await read_json(request)
    _menus(request).update_alias(request.match_info["alias_id"], (body or {}).get("richMenuId"))
    return answer({})


async def get_alias(request: web.Request) -> web.Response:
    alias_id = request.match_info["alias_id"]
    rich_menu_id = _menus(request).aliases.get(alias_id)
    if rich_menu_id is None:
        raise LineError(404, "richmenu alias not found")
    return answer({"richMenuAliasId": alias_id, "richMenuId": rich_menu_id})


async def list_aliases(request: web.Request) -> web.Response:
    return answer({"aliases": [{"richMenuAliasId": alias_id, "richMenuId": rich_menu_id}
                               for alias_id, rich_menu_id in _menus(request).aliases.items()]})


async def delete_alias(request: web.Request) -> web.Response:
    _menus(request).delete_alias(request.match_info["alias_id"])
    return answer({})


# --- control API: what each simulated user sees, and tapping a switch ---
async def user_menu(request: web.Request) -> web.Response:
    """The menu the user sees now (object, where it comes from, the image's URL), or `richMenu: null`."""
    menus = _menus(request)
    rich_menu_id, source = menus.shown(request.match_info["user_id"])
    if rich_menu_id is None:
        return reply({"richMenu": None, "source": None})
    return reply({"richMenu": menus.menus[rich_menu_id].to_dict(), "source": source,
                  "imageUrl": f"/_sim/richmenus/{rich_menu_id}/image"})


async def menu_image(request: web.Request) -> web.Response:
    menu = _menus(request).menus.get(request.match_info["rich_menu_id"])
    if menu is None or menu.image is None:
        raise control_error(404, "no such rich menu image")
    return web.Response(body=menu.image, content_type=menu.image_type, headers={"Cache-Control": "max-age=3600"})


async def summary(request: web.Request) -> web.Response:
    """Per rich menu, how many friends see it now, and when the last friend's menu last changed."""
    state = request.app[SIM].state
    menus = state.richmenus
    seen: dict[str, int] = {}
    last_change = 0
    for user in state.users.friends():
        rich_menu_id, _ = menus.shown(user.user_id)
        seen[rich_menu_id or ""] = seen.get(rich_menu_id or "", 0) + 1
        last_change = max(last_change, menus.last_change_ms(user.user_id))
    return reply({"default": menus.default, "menus": len(menus.menus), "aliases": dict(menus.aliases),
                  "friendsSeeing": seen, "lastChangeMs": last_change})


async def switch(request: web.Request) -> web.Response:
    """A tap on a richmenuswitch area: the user's menu changes on their phone and the bot gets a postback."""
    body = await json_body(request)
    alias_id = field(body, "richMenuAliasId", str, required=True)
    data = field(body, "data", str, required=True)
    state = request.app[SIM].state
    user = state.users.get(request.match_info["user_id"])
    if user is None or not user.is_friend:
        raise control_error(409, "the user is not a friend of the account (follow first)")
    status = state.richmenus.switch(user.user_id, alias_id)
    now = state.clock.now_ms()
    params = {"newRichMenuAliasId": alias_id, "status": status}
    event = events.postback(user.user_id, now, data, params)
    state.ledger.record_action(user.user_id, now, "postback", {"data": data, "params": params})
    return reply(await request.app[SIM].webhooks.send([Outgoing(event, user.user_id, ReplyWindow(now))]))


ROUTES = (
    ("POST", "/v2/bot/richmenu", create, "richmenu_create"),
    ("POST", "/v2/bot/richmenu/validate", validate_object, "richmenu_validate"),
    ("GET", "/v2/bot/richmenu/list", list_menus, "richmenu_list"),
    ("POST", "/v2/bot/richmenu/bulk/link", bulk_link, "richmenu_bulk_link"),
    ("POST", "/v2/bot/richmenu/bulk/unlink", bulk_unlink, "richmenu_bulk_unlink"),
    ("POST", "/v2/bot/richmenu/alias", create_alias, "richmenu_alias_create"),
    ("GET", "/v2/bot/richmenu/alias/list", list_aliases, "richmenu_alias_list"),
    ("GET", "/v2/bot/richmenu/alias/{alias_id}", get_alias, "richmenu_alias_get"),
    ("POST", "/v2/bot/richmenu/alias/{alias_id}", update_alias, "richmenu_alias_update"),
    ("DELETE", "/v2/bot/richmenu/alias/{alias_id}", delete_alias, "richmenu_alias_delete"),
    ("GET", "/v2/bot/richmenu/{rich_menu_id}", get_menu, "richmenu_get"),
    ("DELETE", "/v2/bot/richmenu/{rich_menu_id}", delete_menu, "richmenu_delete"),
    ("POST", "/v2/bot/richmenu/{rich_menu_id}/content", upload_image, "richmenu_image_upload"),
    ("GET", "/v2/bot/richmenu/{rich_menu_id}/content", download_image, "richmenu_image_download"),
    ("POST", "/v2/bot/user/all/richmenu/{rich_menu_id}", set_default, "richmenu_default_set"),
    ("GET", "/v2/bot/user/all/richmenu", get_default, "richmenu_default_get"),
    ("DELETE", "/v2/bot/user/all/richmenu", cancel_default, "richmenu_default_cancel"),
    ("POST", "/v2/bot/user/{user_id}/richmenu/{rich_menu_id}", link_user, "richmenu_link"),
    ("GET", "/v2/bot/user/{user_id}/richmenu", get_user_menu, "richmenu_user_get"),
    ("DELETE", "/v2/bot/user/{user_id}/richmenu", unlink_user, "richmenu_unlink"),
)

CONTROL_ROUTES = (
    ("GET", "/_sim/users/{user_id}/richmenu", user_menu),
    ("POST", "/_sim/users/{user_id}/richmenu/switch", switch),
    ("GET", "/_sim/richmenus", summary),
    ("GET", "/_sim/richmenus/{rich_menu_id}/image", menu_image),
)
