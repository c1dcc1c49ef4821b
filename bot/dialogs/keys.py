"""Pure: Redis key names of the dialogs."""

from __future__ import annotations


def dialog_state(user_id: str) -> str:
    """String (JSON) with the step a citizen is answering; it expires so nobody stays stuck in a dialog."""
    return f"citybot:dialog:{user_id}"
