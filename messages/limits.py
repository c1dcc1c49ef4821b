"""Pure: LINE's limits that our code must respect before calling LINE, and cutting text to fit them."""

from __future__ import annotations

QUICK_REPLY_LABEL = 20
"""LINE: a quick-reply (and postback) action label has at most 20 characters."""

POSTBACK_DISPLAY_TEXT = 300
"""LINE: a postback action's displayText has at most 300 characters."""

MULTICAST_RECIPIENTS = 500
"""LINE: a multicast request names 1 to 500 user IDs."""


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters (runs of spaces and line breaks folded), ending with 「…」 when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
