"""Pure: webhook events and bodies shaped exactly as LINE sends them ([REF]#webhook-event-objects, webhook.yml)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import uuid

from ulid import ULID

_message_ids = itertools.count(600_000_000_000_000_000)
"""LINE message IDs are numeric strings; linesim's are unique for the life of the process."""


def next_message_id() -> str:
    return str(next(_message_ids))


def quote_token() -> str:
    return uuid.uuid4().hex + uuid.uuid4().hex


def event(kind: str, user_id: str, timestamp_ms: int, **fields) -> dict:
    """Common properties: a ULID webhookEventId (from the event time), not yet a redelivery, active mode."""
    return {
        "type": kind,
        **fields,
        "webhookEventId": str(ULID.from_timestamp(timestamp_ms / 1000)),
        "deliveryContext": {"isRedelivery": False},
        "timestamp": timestamp_ms,
        "source": {"type": "user", "userId": user_id},
        "mode": "active",
    }


def follow(user_id: str, timestamp_ms: int, *, unblocked: bool) -> dict:
    return event("follow", user_id, timestamp_ms, follow={"isUnblocked": unblocked})


def unfollow(user_id: str, timestamp_ms: int) -> dict:
    """A block: LINE's unfollow event has no replyToken."""
    return event("unfollow", user_id, timestamp_ms)


def postback(user_id: str, timestamp_ms: int, data: str, params: dict | None = None) -> dict:
    content = {"data": data, **({"params": params} if params else {})}
    return event("postback", user_id, timestamp_ms, postback=content)


def text_message(user_id: str, timestamp_ms: int, text: str) -> dict:
    content = {"type": "text", "id": next_message_id(), "quoteToken": quote_token(),
               "markAsReadToken": uuid.uuid4().hex, "text": text}
    return event("message", user_id, timestamp_ms, message=content)


def image_message(user_id: str, timestamp_ms: int) -> dict:
    content = {"type": "image", "id": next_message_id(), "quoteToken": quote_token(),
               "markAsReadToken": uuid.uuid4().hex, "contentProvider": {"type": "line"}}
    return event("message", user_id, timestamp_ms, message=content)


def location_message(user_id: str, timestamp_ms: int, *, title: str | None, address: str | None,
                     latitude: float, longitude: float) -> dict:
    content = {"type": "location", "id": next_message_id(), "markAsReadToken": uuid.uuid4().hex,
               **({"title": title} if title else {}), **({"address": address} if address else {}),
               "latitude": latitude, "longitude": longitude}
    return event("message", user_id, timestamp_ms, message=content)


def sticker_message(user_id: str, timestamp_ms: int, *, package_id: str, sticker_id: str) -> dict:
    content = {"type": "sticker", "id": next_message_id(), "quoteToken": quote_token(),
               "markAsReadToken": uuid.uuid4().hex, "stickerId": sticker_id, "packageId": package_id,
               "stickerResourceType": "STATIC"}
    return event("message", user_id, timestamp_ms, message=content)


REPLYABLE = frozenset({"message", "messageEdited", "follow", "join", "memberJoined", "postback", "beacon",
                       "accountLink", "videoPlayComplete", "membership"})
"""The event types LINE gives a replyToken (webhook.yml); unfollow, leave, memberLeft, unsend and the
account's own events (activated, botSuspended...) have none, and no event has one in standby mode."""

CHAT_ID_FIELD = {"user": "userId", "group": "groupId", "room": "roomId"}


def reply_chat(event_: dict) -> str | None:
    """The user, group or room a reply to this event goes to; None when LINE gives the event no reply token."""
    if event_.get("type") not in REPLYABLE or event_.get("mode") != "active":
        return None
    source = event_.get("source") or {}
    chat_id = source.get(CHAT_ID_FIELD.get(source.get("type"), ""))
    return chat_id if isinstance(chat_id, str) and chat_id else None


def completed(event_: dict, timestamp_ms: int) -> dict:
    """A caller's event with what LINE adds to every event: active mode and the time unless given, a fresh
    webhookEventId unless given; never a replyToken (linesim issues those per delivery)."""
    stamped = {"mode": "active", "timestamp": timestamp_ms, **event_}
    stamped.pop("replyToken", None)
    stamped.setdefault("webhookEventId", str(ULID.from_timestamp(stamped["timestamp"] / 1000)))
    stamped["deliveryContext"] = {"isRedelivery": False}
    return stamped


def with_reply_token(event_: dict, token: str, *, redelivery: bool) -> dict:
    """The event as sent in one delivery: its reply token and `deliveryContext.isRedelivery`."""
    return {**event_, "replyToken": token, "deliveryContext": {"isRedelivery": redelivery}}


def body(destination: str, events: list[dict]) -> bytes:
    """UTF-8 JSON (Japanese left unescaped, so signature checks see multi-byte text)."""
    return json.dumps({"destination": destination, "events": events}, ensure_ascii=False).encode()


def signature(channel_secret: str, raw_body: bytes) -> str:
    """x-line-signature: Base64 of HMAC-SHA256 over the raw body, keyed with the channel secret."""
    digest = hmac.new(channel_secret.encode(), raw_body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()
