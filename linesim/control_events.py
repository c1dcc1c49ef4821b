"""HTTP I/O: the control API that sends any event a bot can receive, as LINE would (replay of LINE's samples)."""

from __future__ import annotations

from aiohttp import web

from linesim import events
from linesim.control_io import control_error, field, json_body, reply
from linesim.simulator import SIM
from linesim.tokens import ReplyWindow
from linesim.webhooks import Outgoing

MAX_EVENTS = 100


async def send_events(request: web.Request) -> web.Response:
    """`{"events": [...]}` in one signed webhook. linesim stamps each event (mode, time, webhookEventId) and
    gives it a reply token only when LINE would: the replyable types in active mode, for the chat they came from.
    """
    body = await json_body(request)
    given = field(body, "events", list, required=True)
    if not 1 <= len(given) <= MAX_EVENTS:
        raise control_error(400, f"events must hold 1 to {MAX_EVENTS} events")
    if not all(isinstance(event, dict) and isinstance(event.get("type"), str) for event in given):
        raise control_error(400, "each event must be an object with a type")
    sim = request.app[SIM]
    now = sim.state.clock.now_ms()
    outgoing = []
    for event in (events.completed(event, now) for event in given):
        chat_id = events.reply_chat(event)
        outgoing.append(Outgoing(event, chat_id, ReplyWindow(event["timestamp"]) if chat_id else None))
    return reply(await sim.webhooks.send(outgoing))


ROUTES = (
    ("POST", "/_sim/events", send_events),
)
