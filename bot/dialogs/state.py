"""Redis I/O: the open dialog step of each citizen, kept for a while (30 minutes) and then forgotten."""

from __future__ import annotations

import json

from redis import Redis

from bot.dialogs import keys
from bot.dialogs.model import DialogState

TTL_SECONDS = 30 * 60
"""A citizen who walks away mid-dialog finds no dialog waiting after this long; the FAQ answers them."""


def load(redis: Redis, user_id: str) -> DialogState | None:
    raw = redis.get(keys.dialog_state(user_id))
    if raw is None:
        return None
    try:
        fields = json.loads(raw)
        picked = fields.get("picked")
        return DialogState(str(fields["flow"]), str(fields["step"]), int(fields.get("page", 0)),
                           tuple(picked) if picked is not None else None)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # unreadable (e.g. written by another version): as if no dialog were open


def keep(redis: Redis, user_id: str, state: DialogState | None, ttl_seconds: int = TTL_SECONDS) -> None:
    """Store the open step with a fresh TTL, or forget it when the dialog closed (None)."""
    if state is None:
        redis.delete(keys.dialog_state(user_id))
        return
    fields = {"flow": state.flow, "step": state.step, "page": state.page,
              "picked": list(state.picked) if state.picked is not None else None}
    redis.set(keys.dialog_state(user_id), json.dumps(fields, ensure_ascii=False), ex=ttl_seconds)
