"""HTTP I/O: the control API for simulated users: create them and act as them (each action sends a webhook)."""

from __future__ import annotations

import gc

import aiohttp
from aiohttp import web

from linesim import events, lineurls
from linesim.control_io import control_error, field, json_body, reply, time_field
from linesim.simulator import SIM
from linesim.state import SimState
from linesim.tokens import ReplyWindow
from linesim.users import BLOCKED, UserError, User
from linesim.webhooks import Outgoing

BULK_MAX = 100_000


def _user(request: web.Request) -> tuple[SimState, User]:
    state = request.app[SIM].state
    user = state.users.get(request.match_info["user_id"])
    if user is None:
        raise control_error(404, f"no simulated user {request.match_info['user_id']}")
    return state, user


async def create_user(request: web.Request) -> web.Response:
    body = await json_body(request)
    state = request.app[SIM].state
    try:
        user = state.users.create(field(body, "displayName", str, "テスト太郎"), field(body, "language", str, "ja"),
                                  state.clock.now_ms(), field(body, "userId", str))
    except UserError as error:
        raise control_error(400, str(error)) from None
    return reply(user.to_dict(), status=201)


async def create_users(request: web.Request) -> web.Response:
    """Many users at once, without webhooks: `{"count", "follow": true, "followedAt": ISO time}` (benchmarks)."""
    body = await json_body(request)
    state = request.app[SIM].state
    count = field(body, "count", int, required=True)
    if not 1 <= count <= BULK_MAX:
        raise control_error(400, f"count must be between 1 and {BULK_MAX}")
    at_ms = time_field(body, "followedAt") or state.clock.now_ms()
    prefix = field(body, "displayName", str, "利用者")
    created = [state.users.create(f"{prefix}{n}", "ja", at_ms) for n in range(1, count + 1)]
    if body.get("follow", True):
        for user in created:
            state.users.follow(user, at_ms)
    gc.freeze()   # they live as long as the simulator: later full collections need not walk millions of them
    return reply({"userIds": [user.user_id for user in created]}, status=201)


async def list_users(request: web.Request) -> web.Response:
    users = request.app[SIM].state.users.all()
    return reply([user.to_dict() for user in users])


async def get_user(request: web.Request) -> web.Response:
    return reply(_user(request)[1].to_dict())


async def _send(request: web.Request, state: SimState, user: User, action: str, detail: dict,
                outgoing: Outgoing) -> web.Response:
    state.ledger.record_action(user.user_id, outgoing.event["timestamp"], action, detail)
    result = await request.app[SIM].webhooks.send([outgoing])
    return reply(result)


async def follow(request: web.Request) -> web.Response:
    """Add as a friend; a blocked user following again is an unblock (`follow.isUnblocked: true`)."""
    state, user = _user(request)
    return await _befriend(request, state, user)


async def unblock(request: web.Request) -> web.Response:
    state, user = _user(request)
    if user.status != BLOCKED:
        raise control_error(409, "only a user who blocked the account can unblock it")
    return await _befriend(request, state, user)


async def _befriend(request: web.Request, state: SimState, user: User) -> web.Response:
    now = state.clock.now_ms()
    try:
        unblocked = state.users.follow(user, now)
    except UserError as error:
        raise control_error(409, str(error)) from None
    event = events.follow(user.user_id, now, unblocked=unblocked)
    return await _send(request, state, user, "unblock" if unblocked else "follow", {},
                       Outgoing(event, user.user_id, ReplyWindow(now)))


async def block(request: web.Request) -> web.Response:
    state, user = _user(request)
    now = state.clock.now_ms()
    try:
        state.users.block(user, now)
    except UserError as error:
        raise control_error(409, str(error)) from None
    return await _send(request, state, user, "block", {}, Outgoing(events.unfollow(user.user_id, now), user.user_id))


def _friend(request: web.Request) -> tuple[SimState, User, int]:
    """Only friends talk to the bot in linesim (a blocked user cannot)."""
    state, user = _user(request)
    if not user.is_friend:
        raise control_error(409, "the user is not a friend of the account (follow first)")
    return state, user, state.clock.now_ms()


async def text(request: web.Request) -> web.Response:
    body = await json_body(request)
    message = field(body, "text", str, required=True)
    if not message:
        raise control_error(400, "text must not be empty")
    state, user, now = _friend(request)
    event = events.text_message(user.user_id, now, message)
    return await _send(request, state, user, "text", {"text": message}, Outgoing(event, user.user_id, ReplyWindow(now)))


async def postback(request: web.Request) -> web.Response:
    """A tapped postback button; `displayText` is what the chat shows as the user's message."""
    body = await json_body(request)
    data = field(body, "data", str, required=True)
    params, shown = field(body, "params", dict), field(body, "displayText", str)
    state, user, now = _friend(request)
    event = events.postback(user.user_id, now, data, params)
    detail = {"data": data, **({"displayText": shown} if shown else {}), **({"params": params} if params else {})}
    return await _send(request, state, user, "postback", detail, Outgoing(event, user.user_id, ReplyWindow(now)))


async def location(request: web.Request) -> web.Response:
    body = await json_body(request)
    place = {"title": field(body, "title", str), "address": field(body, "address", str),
             "latitude": float(field(body, "latitude", (int, float), required=True)),
             "longitude": float(field(body, "longitude", (int, float), required=True))}
    state, user, now = _friend(request)
    event = events.location_message(user.user_id, now, **place)
    return await _send(request, state, user, "location", place, Outgoing(event, user.user_id, ReplyWindow(now)))


async def sticker(request: web.Request) -> web.Response:
    body = await json_body(request)
    ids = {"package_id": field(body, "packageId", str, "446"), "sticker_id": field(body, "stickerId", str, "1988")}
    state, user, now = _friend(request)
    event = events.sticker_message(user.user_id, now, **ids)
    detail = {"packageId": ids["package_id"], "stickerId": ids["sticker_id"]}
    return await _send(request, state, user, "sticker", detail, Outgoing(event, user.user_id, ReplyWindow(now)))


async def scan(request: web.Request) -> web.Response:
    """Scan a QR code: open `url` as a phone would, follow its redirect to LINE, add the account if the page
    is its add-friend or chat page (a non-friend sees 友だち追加 first), then send the text LINE filled in
    unless `send` is false. A link leading anywhere else is refused, as LINE would not open it."""
    body = await json_body(request)
    url, send = field(body, "url", str, required=True), field(body, "send", bool, True)
    state, user = _user(request)
    location = await _redirect_of(url, user.user_id)
    target = lineurls.read(location)
    if target is None or target.account_id != lineurls.BASIC_ID:
        raise control_error(400, f"the link does not lead to this account's LINE page: {location or '(no redirect)'}")
    result = {"opened": target.kind, "prefilled": target.text, "followed": False, "sent": False}
    if not user.is_friend:
        await _befriend(request, state, user)
        result["followed"] = True
    if send and target.kind == "chat" and target.text:
        now = state.clock.now_ms()
        event = events.text_message(user.user_id, now, target.text)
        await _send(request, state, user, "text", {"text": target.text}, Outgoing(event, user.user_id, ReplyWindow(now)))
        result["sent"] = True
    return reply({"status": 200, **result})


async def _redirect_of(url: str, user_id: str) -> str:
    """Where the link sends a phone (its Location header), without following it."""
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            phone = {"User-Agent": lineurls.PHONE_AGENT.format(phone=user_id[-8:])}
            async with session.get(url, allow_redirects=False, headers=phone) as answer:
                return answer.headers.get("Location", "")
    except (aiohttp.ClientError, TimeoutError) as error:
        raise control_error(502, f"the link could not be opened: {error}") from None


ROUTES = (
    ("GET", "/_sim/users", list_users),
    ("POST", "/_sim/users", create_user),
    ("POST", "/_sim/users/bulk", create_users),
    ("GET", "/_sim/users/{user_id}", get_user),
    ("POST", "/_sim/users/{user_id}/follow", follow),
    ("POST", "/_sim/users/{user_id}/block", block),
    ("POST", "/_sim/users/{user_id}/unblock", unblock),
    ("POST", "/_sim/users/{user_id}/text", text),
    ("POST", "/_sim/users/{user_id}/postback", postback),
    ("POST", "/_sim/users/{user_id}/location", location),
    ("POST", "/_sim/users/{user_id}/sticker", sticker),
    ("POST", "/_sim/users/{user_id}/scan", scan),
)
