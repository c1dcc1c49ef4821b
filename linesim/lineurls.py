"""Pure: the LINE URL schemes a simulated phone follows after scanning a QR code (add friend, open the chat
with text filled in), read as LINE's app reads them."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

BASIC_ID = "@linesim"
"""The emulated account's LINE ID (GET /v2/bot/info `basicId`)."""

PHONE_AGENT = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
               "Mobile/15E148 Safari/604.1 linesim-phone/{phone}")
"""What a phone's QR reader sends when it opens a link (a browser, not a robot); each simulated user has
their own phone, as every simulated user shares linesim's address."""


@dataclass(frozen=True)
class LineTarget:
    kind: str
    """"add_friend" (https://line.me/R/ti/p/{id}) or "chat" (https://line.me/R/oaMessage/{id}/?{text})."""
    account_id: str
    text: str = ""


def read(url: str) -> LineTarget | None:
    """The LINE page `url` opens, or None for anything that is not a LINE URL scheme we know."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != "line.me" or not parts.path.startswith("/R/"):
        return None
    segments = parts.path.split("/")
    if len(segments) == 5 and segments[2:4] == ["ti", "p"]:
        return LineTarget("add_friend", unquote(segments[4]))
    if len(segments) >= 4 and segments[2] == "oaMessage":
        return LineTarget("chat", unquote(segments[3]), unquote(parts.query))
    return None
