"""Pure: `X-Line-Retry-Key` memory; a key is valid 24 h after its first attempt, and an accepted key answers 409."""

from __future__ import annotations

from dataclasses import dataclass

KEY_LIFETIME_MS = 24 * 3600 * 1000
"""[RETRY]: "The retry key is valid for 24 hours after attempting the first request"."""


@dataclass(frozen=True)
class Accepted:
    request_id: str
    sent_messages: list[dict] | None = None


class RetryKeys:
    def __init__(self) -> None:
        self._first_attempt: dict[str, int] = {}
        self._accepted: dict[str, Accepted] = {}

    def attempt(self, key: str, now_ms: int) -> Accepted | None:
        """Note an attempt with `key`; return the request it was already accepted for, if any (→ 409)."""
        self._forget_expired(now_ms)
        self._first_attempt.setdefault(key, now_ms)
        return self._accepted.get(key)

    def accept(self, key: str, accepted: Accepted) -> None:
        self._accepted[key] = accepted

    def _forget_expired(self, now_ms: int) -> None:
        """Keys are inserted in attempt order, so expired keys are at the front."""
        while self._first_attempt:
            key, first_ms = next(iter(self._first_attempt.items()))
            if now_ms - first_ms < KEY_LIFETIME_MS:
                return
            del self._first_attempt[key]
            self._accepted.pop(key, None)
