"""HTTP I/O: LINE's sending endpoints: reply, push, multicast, broadcast, narrowcast (+ progress), validate."""

from __future__ import annotations

import random

from aiohttp import web
from linebot.v3.messaging import (BroadcastRequest, NarrowcastRequest, PushMessageRequest, ReplyMessageRequest,
                                  ValidateMessageRequest)

from linesim import narrowcast as narrowcasting
from linesim.bodies import answer, read_json
from linesim.errors import INVALID_REPLY_TOKEN, NOT_FOUND, LineError, detail, invalid_body
from linesim.middleware import REQUEST_ID, accept, refuse_accepted_key
from linesim.sending import deliver, deliver_to_friends, sent_messages
from linesim.simulator import SIM
from linesim.state import SimState
from linesim.users import USER_ID
from linesim.validation import parse_multicast, parse_request

FAILED_TO_SEND = "Failed to send messages"
"""[REF]#status-codes: e.g. a push to a user ID that does not exist."""


async def _body(request: web.Request, model) -> tuple[SimState, dict]:
    body = await read_json(request)
    parse_request(model, body)
    return request.app[SIM].state, body


async def reply(request: web.Request) -> web.Response:
    """Reply messages are free: they are not counted against the quota. A group or room gets them as it is."""
    state, body = await _body(request, ReplyMessageRequest)
    chat_id = state.reply_tokens.redeem(body["replyToken"], state.clock.now_ms())
    if chat_id is None:
        raise LineError(400, INVALID_REPLY_TOKEN)
    user = state.users.get(chat_id)
    if user is None:
        deliver_to_friends(state, "reply", request[REQUEST_ID], body["messages"], [chat_id], counted=False)
    else:
        deliver(state, "reply", request[REQUEST_ID], body["messages"], [user], counted=False)
    return answer({"sentMessages": sent_messages(body["messages"])})


async def push(request: web.Request) -> web.Response:
    state, body = await _body(request, PushMessageRequest)
    user = state.users.get(body["to"])
    if user is None:
        raise LineError(400, FAILED_TO_SEND)
    refuse_accepted_key(request)
    deliver(state, "push", request[REQUEST_ID], body["messages"], [user])
    sent = sent_messages(body["messages"])
    accept(request, sent)
    return answer({"sentMessages": sent})


async def multicast(request: web.Request) -> web.Response:
    body = await read_json(request)
    parse_multicast(body)
    state = request.app[SIM].state
    friend_ids = _friend_recipients(state, body["to"])
    refuse_accepted_key(request)
    deliver_to_friends(state, "multicast", request[REQUEST_ID], body["messages"], friend_ids)
    accept(request)
    return answer({})


def _friend_recipients(state: SimState, user_ids: list[str]) -> list[str]:
    """The friends among the IDs; other users and well-formed unknown IDs get nothing (LINE still answers 200),
    malformed IDs are a 400."""
    friend_ids = state.users.friend_ids(user_ids)
    if len(friend_ids) < len(user_ids):
        problems = [detail("invalid user ID", f"to[{index}]") for index, user_id in enumerate(user_ids)
                    if not USER_ID.fullmatch(user_id)]
        if problems:
            raise invalid_body(problems)
    return friend_ids


async def broadcast(request: web.Request) -> web.Response:
    state, body = await _body(request, BroadcastRequest)
    refuse_accepted_key(request)
    deliver(state, "broadcast", request[REQUEST_ID], body["messages"], state.users.friends())
    accept(request)
    return answer({})


async def narrowcast(request: web.Request) -> web.Response:
    """202 at once; recipients, quota and the final phase are decided now and read through the progress API."""
    state, body = await _body(request, NarrowcastRequest)
    friends = state.users.friends()
    narrowcasting.check_request(body, len(friends))
    refuse_accepted_key(request)
    now = state.clock.now_ms()
    chosen, error_code, failure = narrowcasting.choose(body, friends, state.quota.remaining(now), random.Random())
    if chosen:
        deliver(state, "narrowcast", request[REQUEST_ID], body["messages"], chosen)
    state.narrowcasts[request[REQUEST_ID]] = narrowcasting.Narrowcast(
        accepted_ms=now, completed_ms=state.clock.now_ms(), target=len(chosen), success=len(chosen),
        error_code=error_code, failed_description=failure)
    accept(request)
    return answer({}, status=202)


async def narrowcast_progress(request: web.Request) -> web.Response:
    state = request.app[SIM].state
    request_id = request.query.get("requestId")
    if not request_id:
        raise LineError(400, "requestId is required")
    record = state.narrowcasts.get(request_id)
    if record is None or state.clock.now_ms() - record.accepted_ms > narrowcasting.PROGRESS_LIFETIME_MS:
        raise LineError(404, NOT_FOUND)
    return answer(record.progress())


async def validate(request: web.Request) -> web.Response:
    """/v2/bot/message/validate/*: the same message checks as a real send, and nothing is sent."""
    await _body(request, ValidateMessageRequest)
    return answer({})


ROUTES = (
    ("POST", "/v2/bot/message/reply", reply, "reply"),
    ("POST", "/v2/bot/message/push", push, "push"),
    ("POST", "/v2/bot/message/multicast", multicast, "multicast"),
    ("POST", "/v2/bot/message/broadcast", broadcast, "broadcast"),
    ("POST", "/v2/bot/message/narrowcast", narrowcast, "narrowcast"),
    ("GET", "/v2/bot/message/progress/narrowcast", narrowcast_progress, "narrowcast_progress"),
    *(("POST", f"/v2/bot/message/validate/{kind}", validate, f"validate_{kind}")
      for kind in ("reply", "push", "multicast", "narrowcast", "broadcast")),
)
"""(method, path, handler, endpoint name); the name keys rate limits and faults."""
