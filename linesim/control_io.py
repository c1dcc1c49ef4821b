"""HTTP I/O: helpers of the control API (/_sim/): its JSON bodies, typed fields and `{"error"}` answers."""

from __future__ import annotations

import json
from datetime import datetime

from aiohttp import web

from linesim.bodies import dumps

_ERRORS = {400: web.HTTPBadRequest, 404: web.HTTPNotFound, 409: web.HTTPConflict}


def control_error(status: int, message: str) -> web.HTTPException:
    """Control API errors are `{"error": ...}`, unlike LINE's API errors."""
    return _ERRORS[status](text=dumps({"error": message}), content_type="application/json")


def reply(body: dict | list, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=dumps)


async def json_body(request: web.Request) -> dict:
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise control_error(400, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise control_error(400, "the body must be a JSON object")
    return body


def field(body: dict, name: str, kind: type | tuple[type, ...], default=None, *, required: bool = False):
    """`body[name]` checked against `kind` (a bool is not accepted as a number)."""
    value = body.get(name, default)
    if value is None:
        if required:
            raise control_error(400, f"{name} is required")
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise control_error(400, f"{name} must be {' or '.join(k.__name__ for k in kinds)}")
    return value


def time_field(body: dict, name: str) -> int | None:
    """`body[name]`, an ISO 8601 time with its zone, in epoch milliseconds (None when absent)."""
    text = field(body, name, str)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise control_error(400, f"{name} must be an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise control_error(400, f"{name} needs a time zone, e.g. 2026-04-01T09:00:00+09:00")
    return int(moment.timestamp() * 1000)
