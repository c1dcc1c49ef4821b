"""HTTP I/O: content of what simulated users send — `GET /v2/bot/message/{id}/content` (LINE's data host) and
the control call that sends an image as a user."""

from __future__ import annotations

import base64
import binascii

from aiohttp import web

from linesim import events
from linesim.control_io import control_error, field, json_body
from linesim.control_users import _friend, _send
from linesim.errors import LineError
from linesim.simulator import SIM
from linesim.tokens import ReplyWindow
from linesim.webhooks import Outgoing

MAX_CONTENT_BYTES = 20 * 1024 * 1024
"""linesim accepts what a phone could send (LINE itself caps images at 10 MB after compression)."""


async def content(request: web.Request) -> web.Response:
    """[REF]#get-content: the bytes with their type; 404 for a message with no content (or an unknown one)."""
    stored = request.app[SIM].state.contents.get(request.match_info["message_id"])
    if stored is None:
        raise LineError(404, "Not found")
    data, content_type = stored
    return web.Response(body=data, content_type=content_type)


async def send_image(request: web.Request) -> web.Response:
    """`{"data": base64, "contentType": "image/jpeg"}`: an image message whose content the bot can fetch."""
    body = await json_body(request)
    try:
        data = base64.b64decode(field(body, "data", str, required=True), validate=True)
    except (binascii.Error, ValueError):
        raise control_error(400, "data must be base64") from None
    if not data or len(data) > MAX_CONTENT_BYTES:
        raise control_error(400, f"data must hold 1 byte to {MAX_CONTENT_BYTES} bytes")
    content_type = field(body, "contentType", str, "image/jpeg")
    state, user, now = _friend(request)
    event = events.image_message(user.user_id, now)
    state.contents[event["message"]["id"]] = (data, content_type)
    detail = {"messageId": event["message"]["id"], "bytes": len(data)}
    return await _send(request, state, user, "image", detail, Outgoing(event, user.user_id, ReplyWindow(now)))


ROUTES = (("GET", "/v2/bot/message/{message_id}/content", content, "message_content"),)
CONTROL_ROUTES = (("POST", "/_sim/users/{user_id}/image", send_image),)
