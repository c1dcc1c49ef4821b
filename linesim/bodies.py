"""HTTP I/O: reading LINE API request bodies (size, content type, JSON) and writing JSON answers."""

from __future__ import annotations

import functools
import json

from aiohttp import web

from linesim.errors import LineError
from linesim.validation import parse_json

MAX_BODY_BYTES = 2 * 1024 * 1024
"""[REF]#status-codes: a request body over 2 MB gets 413 (we read MB as MiB)."""

TOO_LARGE = "The request body is too large (2 MB at most)"  # LINE documents the 413, not its body

dumps = functools.partial(json.dumps, ensure_ascii=False)


READ_LIMIT_BYTES = 64 * 1024 * 1024
"""aiohttp's `client_max_size`: bodies up to this are read in full before answering (so clients see the 413
instead of a broken pipe); larger ones are cut off."""


async def read_body(request: web.Request) -> bytes:
    """The raw body, or LINE's 413 when it is over 2 MB."""
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise LineError(413, TOO_LARGE) from None
    if len(raw) > MAX_BODY_BYTES:
        raise LineError(413, TOO_LARGE)
    return raw


async def read_json(request: web.Request) -> object:
    raw = await read_body(request)
    if request.content_type != "application/json":
        raise LineError(400, f"The content type, {request.content_type or 'none'}, is not supported")
    return parse_json(raw)


def answer(body: dict | list, status: int = 200, headers: dict | None = None) -> web.Response:
    return web.json_response(body, status=status, headers=headers, dumps=dumps)
