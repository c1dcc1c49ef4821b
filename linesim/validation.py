"""Pure: read request bodies as LINE does: JSON, then the SDK's own request models, then the extra limits."""

from __future__ import annotations

import functools
import json

from linebot.v3.messaging import (AudioMessage, CouponMessage, FlexMessage, ImagemapMessage, ImageMessage,
                                  LocationMessage, Message, MulticastRequest, StickerMessage, TemplateMessage,
                                  TextMessage, TextMessageV2, VideoMessage)
from pydantic.v1 import ValidationError

from linesim.errors import LineError, detail, invalid_body
from linesim.message_limits import message_problems

_MESSAGE_MODELS = frozenset({AudioMessage, CouponMessage, FlexMessage, ImagemapMessage, ImageMessage, LocationMessage,
                             StickerMessage, TemplateMessage, TextMessage, TextMessageV2, VideoMessage})
"""The models a message object parses into; errors from deeper models (Flex parts, quick reply) lose their path."""

_PARSE_ERRORS = (ValueError, TypeError, AttributeError, KeyError)
"""pydantic's ValidationError is a ValueError; the SDK's from_dict raises the others on wrongly typed input."""


def parse_json(raw: bytes) -> object:
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        raise LineError(400, "The request body could not be parsed as JSON (line: 1, column: 1)") from None
    except json.JSONDecodeError as error:
        raise LineError(400, f"The request body could not be parsed as JSON "
                             f"(line: {error.lineno}, column: {error.colno})") from None


def parse_request(model, body: object):
    """`model.from_dict(body)` (e.g. PushMessageRequest), then the limits the models do not check.

    Raises LineError 400 with one detail per problem, naming the property as LINE does (`messages[0].text`).
    """
    shape = _shape_problems(body)
    if shape:
        raise invalid_body(shape)
    try:
        request = model.from_dict(body)
    except _PARSE_ERRORS as error:
        raise invalid_body(_locate(body, error)) from None
    problems = message_problems(body.get("messages") or [])
    if problems:
        raise invalid_body(problems)
    return request


MULTICAST_MAX = 500
"""[REF]#send-multicast-message: `to` holds 1 to 500 user IDs."""

PLACEHOLDER_USER_ID = "U" + "0" * 32
"""Stands in for a multicast's `to` (checked on its own) while the rest of the body is parsed by the model."""


def parse_multicast(body: object) -> None:
    """MulticastRequest, except that the `to` list is checked here and the rest once per distinct content.

    pydantic v1 spends about 2 µs per list item, so 500 IDs through the SDK model would cost more than all
    the rest of the request; and a delivery run sends the same messages in every batch, whose Flex parts
    take the SDK models about a millisecond to parse. Checking each distinct envelope once keeps the models,
    not linesim, from being the limit at LINE's 200 requests per second; the answers are the same.
    """
    to = body.get("to") if isinstance(body, dict) else None
    if not isinstance(to, list):
        parse_request(MulticastRequest, body)
        return
    problems = _recipient_problems(to)
    if problems:
        raise invalid_body(problems)
    envelope = {name: value for name, value in body.items() if name != "to"}
    _check_envelope(json.dumps(envelope, ensure_ascii=False, sort_keys=True))


@functools.lru_cache(maxsize=256)
def _check_envelope(envelope_json: str) -> None:
    """Everything but `to`, with one well-formed ID in its place (errors are raised, so never cached)."""
    parse_request(MulticastRequest, {**json.loads(envelope_json), "to": [PLACEHOLDER_USER_ID]})


def _recipient_problems(to: list) -> list[dict]:
    if not 1 <= len(to) <= MULTICAST_MAX:
        return [detail(f"Size must be between 1 and {MULTICAST_MAX}", "to")]
    return [detail("must be a string", f"to[{index}]") for index, item in enumerate(to) if type(item) is not str]


def _shape_problems(body: object) -> list[dict]:
    """Wrong JSON types the SDK's from_dict would trip over before validating anything."""
    if not isinstance(body, dict):
        return [detail("must be a JSON object", "")]
    messages = body.get("messages")
    if messages is not None and not isinstance(messages, list):
        return [detail("must be an array", "messages")]
    return [detail("must be an object", f"messages[{index}]")
            for index, message in enumerate(messages or []) if not isinstance(message, dict)]


def _locate(body: dict, error: Exception) -> list[dict]:
    """The SDK parses messages before the envelope, losing their index: parse them one by one to find it."""
    messages = body.get("messages")
    if isinstance(messages, list):
        found = [item for index, message in enumerate(messages) for item in _message_errors(message, index)]
        if found:
            return found
    return _details(error, "")


def _message_errors(message: object, index: int) -> list[dict]:
    try:
        Message.from_dict(message)
    except _PARSE_ERRORS as error:
        return _details(error, f"messages[{index}]")
    return []


def _details(error: Exception, prefix: str) -> list[dict]:
    """Errors inside a message's nested objects (Flex, quick reply) lose their path in the SDK: name the model."""
    if not isinstance(error, ValidationError):
        return [detail(_first_sentence(error), prefix)]
    if prefix and error.model not in _MESSAGE_MODELS:
        return [detail(f"{error.model.__name__}.{_path(item['loc'], '')}: {_message(item)}", prefix)
                for item in error.errors()]
    return [detail(_message(item), _path(item["loc"], prefix)) for item in error.errors()]


def _path(loc: tuple, prefix: str) -> str:
    path = prefix
    for part in loc:
        if part != "__root__":
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _message(item: dict) -> str:
    kind, context = item["type"], item.get("ctx") or {}
    if kind in ("value_error.missing", "type_error.none.not_allowed"):
        return "must be specified"
    if kind == "value_error.list.max_items":
        return f"Size must be at most {context['limit_value']}"
    if kind == "value_error.list.min_items":
        return f"Size must be at least {context['limit_value']}"
    if kind == "value_error.any_str.max_length":
        return f"Length must be between 0 and {context['limit_value']}"
    return item["msg"]


def _first_sentence(error: Exception) -> str:
    """e.g. 'FlexComponent failed to lookup discriminator value from {"type": "textx"}' without the mapping."""
    text = str(error).split(". Discriminator", 1)[0].strip()
    return text or type(error).__name__

