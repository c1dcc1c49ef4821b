"""Pure: the URLs of a campaign — citybot's short link, and the LINE pages it leads to.

The target is always built from the account's own LINE ID, never from the request, so the short link
cannot be used as an open redirect.
"""

from __future__ import annotations

from urllib.parse import quote

from campaigns.model import prefill_text

SHORT_PATH = "/c/{code}"


def short_link(public_url: str, code: str) -> str:
    return public_url.rstrip("/") + SHORT_PATH.format(code=code)


def add_friend_page(account_id: str) -> str:
    """LINE's add-friend page of the account (https://line.me/R/ti/p/@id, the @ percent-encoded)."""
    return f"https://line.me/R/ti/p/{quote(account_id, safe='')}"


def chat_with_code(account_id: str, code: str) -> str:
    """LINE's "open the chat with text filled in" scheme (oaMessage): a non-friend first sees 友だち追加."""
    return f"https://line.me/R/oaMessage/{quote(account_id, safe='')}/?{quote(prefill_text(code), safe='')}"
