"""HTTP I/O: the control API for the platform itself: ledger, faults, limits, quota, insight, clock, reset."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from linesim.control_io import control_error, field, json_body, reply, time_field
from linesim.faults import FaultSpec
from linesim.simulator import SIM


async def health(request: web.Request) -> web.Response:
    return reply({"status": "ok"})


async def reset(request: web.Request) -> web.Response:
    request.app[SIM].reset()
    return reply({"status": "reset"})


async def ledger(request: web.Request) -> web.Response:
    """Deliveries per user ID; `?view=counts` gives only how many each user got, `?view=summary` totals."""
    book = request.app[SIM].state.ledger
    view = request.query.get("view", "full")
    views = {"full": book.by_user, "counts": book.counts, "summary": book.summary}
    if view not in views:
        raise control_error(400, f"view must be one of {sorted(views)}")
    return reply(views[view]())


async def user_ledger(request: web.Request) -> web.Response:
    deliveries = request.app[SIM].state.ledger.deliveries(request.match_info["user_id"])
    return reply([delivery.to_dict() for delivery in deliveries])


async def chat_feed(request: web.Request) -> web.Response:
    """What the chat page shows: the user's actions and deliveries after `?after=<seq>`, plus the user."""
    state = request.app[SIM].state
    user = state.users.get(request.match_info["user_id"])
    if user is None:
        raise control_error(404, "no such simulated user")
    after = request.query.get("after", "0")
    if not after.isdigit():
        raise control_error(400, "after must be a sequence number")
    return reply({"user": user.to_dict(), "items": state.ledger.timeline(user.user_id, int(after))})


async def faults(request: web.Request) -> web.Response:
    """`{"endpoint": "multicast", "error_500": 0.1, ...}`; no rates clears that endpoint; `*` is every endpoint."""
    state = request.app[SIM].state
    if request.method == "POST":
        body = await json_body(request)
        endpoint = body.pop("endpoint", "*")
        try:
            state.faults.set(str(endpoint), FaultSpec.from_mapping(body))
        except ValueError as error:
            raise control_error(400, str(error)) from None
    return reply(state.faults.to_dict())


async def limits(request: web.Request) -> web.Response:
    """`{"multicast": "5/second", "push": null}`: set or lift per-endpoint limits; `{"mode": "line"}` too."""
    limiter = request.app[SIM].rate_limits
    if request.method == "POST":
        body = await json_body(request)
        try:
            if "mode" in body:
                limiter.configure(body.pop("mode"), {})
            for endpoint, rate in body.items():
                limiter.override(endpoint, rate)
        except ValueError as error:
            raise control_error(400, str(error)) from None
    return reply(limiter.to_dict())


async def quota(request: web.Request) -> web.Response:
    """`{"type": "limited", "value": 1000}` or `{"type": "none"}`; GET shows the plan and this month's use."""
    state = request.app[SIM].state
    if request.method == "POST":
        body = await json_body(request)
        try:
            state.quota.set_plan(field(body, "type", str, required=True), field(body, "value", int))
        except ValueError as error:
            raise control_error(400, str(error)) from None
    return reply({**state.quota.to_dict(), "totalUsage": state.quota.used(state.clock.now_ms())})


INSIGHT_FIELDS = ("followers", "targetedReaches", "blocks")


async def insight(request: web.Request) -> web.Response:
    """`{"date": "20260401", "followers": 120, "targetedReaches": 100, "blocks": 5}` fixes that JST day."""
    state = request.app[SIM].state
    body = await json_body(request)
    try:
        day = datetime.strptime(field(body, "date", str, required=True), "%Y%m%d").date()
    except ValueError:
        raise control_error(400, "date must be yyyyMMdd") from None
    numbers = {name: field(body, name, int, required=True) for name in INSIGHT_FIELDS}
    status = field(body, "status", str, "ready")
    if status not in ("ready", "unready"):
        raise control_error(400, "status must be ready or unready")
    state.insight_overrides[day] = {"status": status, **numbers} if status == "ready" else {
        "status": status, **dict.fromkeys(INSIGHT_FIELDS)}
    return reply({"date": day.strftime("%Y%m%d"), **state.insight_overrides[day]})


async def clock(request: web.Request) -> web.Response:
    """Set or move linesim's clock (reply tokens, retry keys, dates, quota month); rate limits keep real time.

    `{"now": "2026-11-23T09:00:00+09:00", "frozen": true}` makes that moment now (stopped there when frozen),
    `{"advanceSeconds": 61}` moves the clock on, `{"now": null}` goes back to real time.
    """
    state = request.app[SIM].state
    if request.method == "POST":
        body = await json_body(request)
        if "now" in body:
            moment_ms = time_field(body, "now")
            frozen = field(body, "frozen", bool, False)
            if moment_ms is None:
                state.clock.reset()
            else:
                state.clock.set(moment_ms / 1000, frozen)
        elif "advanceSeconds" in body:
            state.clock.advance(float(field(body, "advanceSeconds", (int, float), required=True)))
        else:
            raise control_error(400, "send now or advanceSeconds")
    return reply({"offsetSeconds": state.clock.offset, "frozen": state.clock.frozen_at is not None,
                  "now": state.clock.jst().isoformat()})


async def webhook(request: web.Request) -> web.Response:
    """`{"url": "http://127.0.0.1:8000/callback"}` (or null to stop sending webhooks)."""
    account = request.app[SIM].state.account
    if request.method == "POST":
        body = await json_body(request)
        url = field(body, "url", str)
        if url is not None and not url.startswith(("http://", "https://")):
            raise control_error(400, "url must be an http(s) URL")
        account.webhook_url = url
    return reply({"url": account.webhook_url})


async def webhook_log(request: web.Request) -> web.Response:
    """Every webhook attempt; `?errors=1` keeps the failed ones (non-2xx, timeout, no connection)."""
    log = list(request.app[SIM].state.webhook_log)
    if request.query.get("errors"):
        log = [entry for entry in log if entry["error"]]
    return reply(log)


async def api_errors(request: web.Request) -> web.Response:
    """Every error linesim's LINE API answered, oldest first; `?endpoint=reply` keeps one endpoint's."""
    log = list(request.app[SIM].state.api_errors)
    endpoint = request.query.get("endpoint")
    return reply([entry for entry in log if entry["endpoint"] == endpoint] if endpoint else log)


ACCOUNT_FIELDS = {
    "verified": ("verified", bool), "redelivery": ("redelivery", bool),
    "redeliveryDelay": ("redelivery_delay", (int, float)), "redeliveryAttempts": ("redelivery_attempts", int),
    "webhookTimeout": ("webhook_timeout", (int, float)), "insightReadyHour": ("insight_ready_hour", int),
    "botName": ("bot_name", str),
}


async def account(request: web.Request) -> web.Response:
    """The account's options, e.g. `{"verified": false}` or `{"redelivery": true, "redeliveryDelay": 0}`."""
    settings = request.app[SIM].state.account
    if request.method == "POST":
        body = await json_body(request)
        unknown = sorted(set(body) - set(ACCOUNT_FIELDS))
        if unknown:
            raise control_error(400, f"unknown account option(s) {unknown}; known: {sorted(ACCOUNT_FIELDS)}")
        for name, (attribute, kind) in ACCOUNT_FIELDS.items():
            if name in body:
                setattr(settings, attribute, field(body, name, kind, required=True))
    return reply(settings.to_dict())


ROUTES = (
    ("GET", "/_sim/health", health),
    ("POST", "/_sim/reset", reset),
    ("GET", "/_sim/ledger", ledger),
    ("GET", "/_sim/ledger/{user_id}", user_ledger),
    ("GET", "/_sim/chat/{user_id}", chat_feed),
    *((method, "/_sim/faults", faults) for method in ("GET", "POST")),
    *((method, "/_sim/limits", limits) for method in ("GET", "POST")),
    *((method, "/_sim/quota", quota) for method in ("GET", "POST")),
    ("POST", "/_sim/insight", insight),
    *((method, "/_sim/clock", clock) for method in ("GET", "POST")),
    *((method, "/_sim/webhook", webhook) for method in ("GET", "POST")),
    ("GET", "/_sim/webhook/log", webhook_log),
    ("GET", "/_sim/errors", api_errors),
    *((method, "/_sim/account", account) for method in ("GET", "POST")),
)
