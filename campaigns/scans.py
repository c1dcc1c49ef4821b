"""Pure: which visits of a short link count as a scan — no bots or link previews, each visitor once a day.

No IP address or other personal data is stored: a visitor is known only by a keyed hash of address,
browser and code, under a key that exists for one day (campaigns.store throws it away), so yesterday's
hashes cannot be recomputed or joined with anything.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Mapping

BOT_AGENTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|embedly|whatsapp|skypeuripreview|"
    r"headless|curl/|wget/|python-|go-http-client|java/|okhttp|axios|node-fetch|libwww|httpclient|scan",
    re.IGNORECASE)
"""Crawlers, chat apps fetching a preview, scripts and security scanners (a QR reader in a phone is none of them)."""

PREFETCH_HEADERS = ("Purpose", "Sec-Purpose", "X-Purpose", "X-Moz")


def is_bot(method: str, headers: Mapping[str, str]) -> bool:
    """A visit no person made: a HEAD, a prefetch, no browser name, or a known robot's name."""
    if method.upper() != "GET":
        return True
    if any("prefetch" in (headers.get(name) or "").lower() for name in PREFETCH_HEADERS):
        return True
    agent = headers.get("User-Agent") or ""
    return not agent.strip() or bool(BOT_AGENTS.search(agent))


def visitor_token(day_key: bytes, address: str, agent: str, code: str) -> str:
    """The same visitor scanning the same code on the same day gives the same token; nothing else does."""
    message = "\x1f".join((address, agent, code)).encode()
    return hmac.new(day_key, message, hashlib.sha256).hexdigest()[:20]
