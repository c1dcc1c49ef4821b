"""Pure: reply tokens, single use, valid for 1 minute after the webhook and never past 20 minutes after the event."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

REDELIVERY_WINDOW_MS = 20 * 60 * 1000
"""[REF]#send-reply-message: a redelivered token works unless 20 minutes have passed since the event."""


@dataclass
class ReplyWindow:
    """Shared by an event's original and redelivered tokens: once one is used, all are."""

    event_ms: int
    used: bool = False


@dataclass
class ReplyToken:
    chat_id: str
    """Where a reply with this token goes: the user, group or room the event came from."""
    expires_ms: int
    window: ReplyWindow = field(repr=False)


class ReplyTokens:
    def __init__(self, ttl_seconds: float):
        self.ttl_ms = int(ttl_seconds * 1000)
        self._tokens: dict[str, ReplyToken] = {}

    def issue(self, chat_id: str, now_ms: int, window: ReplyWindow) -> str:
        """A new token for an event sent now (first delivery or redelivery of the event in `window`)."""
        self._forget_expired(now_ms)
        token = uuid.uuid4().hex
        expires = min(now_ms + self.ttl_ms, window.event_ms + REDELIVERY_WINDOW_MS)
        self._tokens[token] = ReplyToken(chat_id, expires, window)
        return token

    def redeem(self, token: str, now_ms: int) -> str | None:
        """The chat the token replies to, or None when it is unknown, used or expired. Uses it up."""
        entry = self._tokens.pop(token, None)
        if entry is None or entry.window.used or now_ms >= entry.expires_ms:
            return None
        entry.window.used = True
        return entry.chat_id

    def _forget_expired(self, now_ms: int) -> None:
        """Tokens are mostly issued in expiry order, so dropping expired ones from the front is enough."""
        while self._tokens:
            token, entry = next(iter(self._tokens.items()))
            if entry.expires_ms > now_ms:
                return
            del self._tokens[token]
