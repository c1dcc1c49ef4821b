"""Pure: turn one webhook event (LINE's JSON) into an `Incoming`, acting on its `type`.

We read the raw JSON rather than the SDK's event models because the SDK turns some events that LINE
documents (a follow without the `follow` object, a text without `quoteToken`) into `UnknownEvent`.
"""

from __future__ import annotations

from dataclasses import dataclass


REPLY_TOKEN_LIFETIME_MS = 60_000
"""[REF]#send-reply-message: a reply token is valid for one minute after the webhook is received."""

REDELIVERY_WINDOW_MS = 20 * 60_000
"""...and a redelivered event's token not at all once 20 minutes have passed since the event."""

REPLY_MARGIN_MS = 10_000
"""Kept back from both limits for the reply's own trip to LINE and for clocks that differ a little."""


class MalformedEvent(ValueError):
    """An event without the fields every LINE event has; it is refused before anything is stored."""


@dataclass(frozen=True)
class Incoming:
    event_id: str
    type: str
    source_type: str
    user_id: str | None
    reply_token: str | None
    timestamp_ms: int
    mode: str
    is_redelivery: bool = False
    message_type: str | None = None
    text: str | None = None
    postback_data: str | None = None
    is_unblocked: bool = False
    received_ms: int | None = None
    """When our webhook received the event; None for a job queued by a version that did not record it."""
    message_id: str | None = None
    """The message's ID (an image's content is fetched by it)."""
    location: tuple[float, float] | None = None
    """(latitude, longitude) of a location message."""
    place_name: str | None = None
    """A location message's title or address, as the LINE app filled it in."""

    @property
    def from_user_chat(self) -> bool:
        """A one-to-one chat with a citizen (groups and rooms are not where citybot serves people)."""
        return self.source_type == "user" and bool(self.user_id)

    def reply_token_usable(self, now_ms: int) -> bool:
        """Whether LINE still takes the event's reply token: a reply LINE would refuse is never sent."""
        if self.reply_token is None:
            return False
        if self.received_ms is not None and now_ms - self.received_ms >= REPLY_TOKEN_LIFETIME_MS - REPLY_MARGIN_MS:
            return False
        return not (self.is_redelivery and now_ms - self.timestamp_ms >= REDELIVERY_WINDOW_MS - REPLY_MARGIN_MS)


def check_event(event: object) -> None:
    """Raise MalformedEvent unless the event has LINE's common properties with the right types."""
    if not isinstance(event, dict):
        raise MalformedEvent("an event must be an object")
    for name, kind in (("type", str), ("webhookEventId", str), ("timestamp", int)):
        if not isinstance(event.get(name), kind) or isinstance(event.get(name), bool):
            raise MalformedEvent(f"event.{name} is missing or not a {kind.__name__}")
    if not event["webhookEventId"].strip():
        raise MalformedEvent("event.webhookEventId is empty")
    source = event.get("source")
    if source is not None and not isinstance(source, dict):
        raise MalformedEvent("event.source must be an object")
    for name in ("message", "postback", "follow", "deliveryContext"):
        if name in event and not isinstance(event[name], dict):
            raise MalformedEvent(f"event.{name} must be an object")


def to_incoming(event: dict, received_ms: int | None = None) -> Incoming:
    """Build an Incoming from an event that passed `check_event`."""
    source = event.get("source") or {}
    message = event.get("message") or {}
    postback = event.get("postback") or {}
    return Incoming(
        event_id=event["webhookEventId"],
        type=event["type"],
        source_type=str(source.get("type", "")),
        user_id=_text_or_none(source.get("userId")),
        reply_token=_text_or_none(event.get("replyToken")),
        timestamp_ms=event["timestamp"],
        mode=str(event.get("mode", "active")),
        is_redelivery=bool((event.get("deliveryContext") or {}).get("isRedelivery", False)),
        message_type=_text_or_none(message.get("type")),
        text=_text_or_none(message.get("text")) if message.get("type") == "text" else None,
        postback_data=_text_or_none(postback.get("data")),
        is_unblocked=bool((event.get("follow") or {}).get("isUnblocked", False)),
        received_ms=received_ms,
        message_id=_text_or_none(message.get("id")),
        location=_coordinates(message) if message.get("type") == "location" else None,
        place_name=_text_or_none(message.get("title")) or _text_or_none(message.get("address")),
    )


def _coordinates(message: dict) -> tuple[float, float] | None:
    latitude, longitude = message.get("latitude"), message.get("longitude")
    if isinstance(latitude, (int, float)) and isinstance(longitude, (int, float)):
        return float(latitude), float(longitude)
    return None


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
