"""HTTP I/O: what every LINE API request goes through: request ID, token, rate limit, faults, retry key."""

from __future__ import annotations

import asyncio
import re
import uuid

from aiohttp import web

from linesim.bodies import answer
from linesim.clock import iso_utc
from linesim.errors import INTERNAL_ERROR, NOT_FOUND, RATE_LIMITED, RETRY_KEY_ACCEPTED, LineError
from linesim.faults import FaultPlan
from linesim.retrykeys import Accepted
from linesim.simulator import SIM, Simulator

REQUEST_ID = web.RequestKey("request_id", str)
RETRY_KEY = web.RequestKey("retry_key", str)

RETRY_KEY_ENDPOINTS = frozenset({"push", "multicast", "narrowcast", "broadcast"})
"""[RETRY]: only these accept X-Line-Retry-Key; any other endpoint answers 400 to it."""

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)

AUTH_FAILED = ("Authentication failed due to the following reason: {reason}. "
               "Confirm that the access token in the authorization header is valid.")


@web.middleware
async def line_api(request: web.Request, handler) -> web.StreamResponse:
    """Every /v2/ answer carries a fresh x-line-request-id, errors included."""
    if not request.path.startswith("/v2/"):
        return await handler(request)
    request_id = str(uuid.uuid4())
    request[REQUEST_ID] = request_id
    try:
        response = await _answer(request, handler, request.app[SIM])
    except LineError as error:
        response = answer(error.body(), status=error.status, headers=error.headers)
        _log_error(request, error)
    response.headers["x-line-request-id"] = request_id
    return response


async def _answer(request: web.Request, handler, sim: Simulator) -> web.StreamResponse:
    endpoint = _endpoint(request)
    _authenticate(request, sim.settings.access_token)
    if not sim.rate_limits.allow(endpoint):
        raise LineError(429, RATE_LIMITED)
    plan = sim.state.faults.plan(endpoint)
    await _before(plan, request)
    if plan.failure == "drop":
        return _drop(request)
    _check_retry_key(request, endpoint)
    response = await handler(request)
    return _drop(request) if plan.failure == "drop_after_send" else response


def _log_error(request: web.Request, error: LineError) -> None:
    """Every error answer is kept (GET /_sim/errors), so a test can show the bot sent no request LINE refuses."""
    state = request.app[SIM].state
    route = request.match_info.route.name if request.match_info.http_exception is None else None
    state.api_errors.append({"time": iso_utc(state.clock.now_ms()), "endpoint": route or request.path,
                             "status": error.status, "message": error.message, "requestId": request[REQUEST_ID]})


def _endpoint(request: web.Request) -> str:
    if request.match_info.http_exception is not None:
        raise LineError(request.match_info.http_exception.status, NOT_FOUND)
    return request.match_info.route.name


def _authenticate(request: web.Request, access_token: str) -> None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise LineError(401, AUTH_FAILED.format(reason="no token"))
    if token.strip() != access_token:
        raise LineError(401, AUTH_FAILED.format(reason="invalid token"))


async def _before(plan: FaultPlan, request: web.Request) -> None:
    if plan.latency_s:
        await asyncio.sleep(plan.latency_s)
    if plan.failure == "error_500":
        raise LineError(500, INTERNAL_ERROR)
    if plan.failure == "error_429":
        raise LineError(429, RATE_LIMITED)


def _drop(request: web.Request) -> web.Response:
    """Close the connection without an answer; aiohttp then discards the response."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=204)


def _check_retry_key(request: web.Request, endpoint: str) -> None:
    """Only the header's form is checked here; whether it was accepted is checked next to the send itself."""
    key = request.headers.get("X-Line-Retry-Key")
    if key is None:
        return
    if endpoint not in RETRY_KEY_ENDPOINTS:
        raise LineError(400, "X-Line-Retry-Key is not supported by this endpoint")  # our wording
    if not UUID.fullmatch(key):
        raise LineError(400, "The X-Line-Retry-Key header must be a UUID")  # our wording
    request[RETRY_KEY] = key.lower()


def refuse_accepted_key(request: web.Request) -> None:
    """409 if the request's retry key was already accepted. Call it with no `await` between it and `accept`,
    so that two identical requests arriving together are still sent once."""
    key = request.get(RETRY_KEY)
    if key is None:
        return
    state = request.app[SIM].state
    accepted = state.retry_keys.attempt(key, state.clock.now_ms())
    if accepted is not None:
        extra = {"sentMessages": accepted.sent_messages} if accepted.sent_messages else {}
        raise LineError(409, RETRY_KEY_ACCEPTED, headers={"x-line-accepted-request-id": accepted.request_id},
                        extra=extra)


def accept(request: web.Request, sent_messages: list[dict] | None = None) -> None:
    """Call right after a send is committed: from now on the request's retry key answers 409."""
    key = request.get(RETRY_KEY)
    if key is not None:
        request.app[SIM].state.retry_keys.accept(key, Accepted(request[REQUEST_ID], sent_messages))
