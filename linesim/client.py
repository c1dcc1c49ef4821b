"""HTTP client I/O: drive a running linesim through its control API (tests, benchmarks, `citybot run`)."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from dataclasses import dataclass, field

import urllib3

CONTROL_TIMEOUT = urllib3.Timeout(connect=5.0, read=60.0)
"""Control calls that send a webhook wait for the bot (LINE gives it 2 s) and for any immediate redeliveries."""


class LinesimError(Exception):
    """linesim refused a control call (e.g. blocking a user who is not a friend)."""

    def __init__(self, status: int, body: object):
        super().__init__(f"linesim answered {status}: {body}")
        self.status = status
        self.body = body


@dataclass
class LinesimHandle:
    """A running linesim. Webhook results look like `{"status": 200, "elapsed_ms": 12.3, "error": None,
    "events": [...]}`: the call returns once the bot has answered the webhook."""

    url: str
    channel_secret: str
    access_token: str
    _http: urllib3.PoolManager = field(default_factory=lambda: urllib3.PoolManager(retries=False), repr=False)

    def call(self, method: str, path: str, body: dict | None = None) -> object:
        payload = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        response = self._http.request(method, self.url + path, body=payload, timeout=CONTROL_TIMEOUT,
                                      headers={"Content-Type": "application/json"})
        data = json.loads(response.data) if response.data else None
        if response.status >= 400:
            raise LinesimError(response.status, data)
        return data

    def reset(self) -> None:
        self.call("POST", "/_sim/reset")

    def set_webhook(self, url: str | None) -> None:
        self.call("POST", "/_sim/webhook", {"url": url})

    def create_user(self, display_name: str = "テスト太郎", language: str = "ja") -> str:
        return self.call("POST", "/_sim/users", {"displayName": display_name, "language": language})["userId"]

    def create_users(self, count: int, *, follow: bool = True, followed_at: str | None = None) -> list[str]:
        """Many users at once without webhooks (followed_at: ISO time with zone, default now)."""
        body = {"count": count, "follow": follow, **({"followedAt": followed_at} if followed_at else {})}
        return self.call("POST", "/_sim/users/bulk", body)["userIds"]

    def user(self, user_id: str) -> dict:
        return self.call("GET", f"/_sim/users/{user_id}")

    def follow(self, user_id: str) -> dict:
        return self._act(user_id, "follow")

    def block(self, user_id: str) -> dict:
        return self._act(user_id, "block")

    def unblock(self, user_id: str) -> dict:
        return self._act(user_id, "unblock")

    def text(self, user_id: str, text: str) -> dict:
        return self._act(user_id, "text", {"text": text})

    def postback(self, user_id: str, data: str, display_text: str | None = None, params: dict | None = None) -> dict:
        body = {"data": data, "displayText": display_text, "params": params}
        return self._act(user_id, "postback", {k: v for k, v in body.items() if v is not None})

    def location(self, user_id: str, latitude: float, longitude: float, title: str | None = None,
                 address: str | None = None) -> dict:
        body = {"latitude": latitude, "longitude": longitude, "title": title, "address": address}
        return self._act(user_id, "location", {k: v for k, v in body.items() if v is not None})

    def scan(self, user_id: str, url: str, send: bool = True) -> dict:
        """Scan a QR code (a short link): add the account through it and, unless `send` is false, send the
        text LINE filled in."""
        return self._act(user_id, "scan", {"url": url, "send": send})

    def image(self, user_id: str, data: bytes, content_type: str = "image/jpeg") -> dict:
        """Send a photo; the bot fetches its bytes from the content endpoint by the message ID."""
        return self._act(user_id, "image", {"data": base64.b64encode(data).decode(), "contentType": content_type})

    def sticker(self, user_id: str, package_id: str = "446", sticker_id: str = "1988") -> dict:
        return self._act(user_id, "sticker", {"packageId": package_id, "stickerId": sticker_id})

    def _act(self, user_id: str, action: str, body: dict | None = None) -> dict:
        return self.call("POST", f"/_sim/users/{user_id}/{action}", body or {})

    def ledger(self, user_id: str | None = None) -> dict | list:
        """All deliveries per user ID (dict), or one user's deliveries (list), oldest first."""
        return self.call("GET", "/_sim/ledger" if user_id is None else f"/_sim/ledger/{user_id}")

    def delivery_counts(self) -> dict[str, int]:
        return self.call("GET", "/_sim/ledger?view=counts")

    def faults(self, endpoint: str = "*", **rates) -> None:
        """e.g. faults(endpoint="multicast", error_500=0.1); no rates clears the endpoint's faults."""
        self.call("POST", "/_sim/faults", {"endpoint": endpoint, **rates})

    def set_limits(self, **rates: str | None) -> None:
        """e.g. set_limits(multicast="2/second"); None lifts the limit."""
        self.call("POST", "/_sim/limits", rates)

    def set_insight(self, day: str, followers: int, targeted_reaches: int, blocks: int) -> None:
        self.call("POST", "/_sim/insight", {"date": day, "followers": followers,
                                            "targetedReaches": targeted_reaches, "blocks": blocks})

    def set_quota(self, kind: str, value: int | None = None) -> None:
        self.call("POST", "/_sim/quota", {"type": kind, "value": value})

    def set_account(self, **options) -> dict:
        """e.g. set_account(verified=False) or set_account(redelivery=True, redeliveryDelay=0)."""
        return self.call("POST", "/_sim/account", options)

    def advance_clock(self, seconds: float) -> None:
        self.call("POST", "/_sim/clock", {"advanceSeconds": seconds})

    def set_clock(self, moment: datetime | None, frozen: bool = False) -> dict:
        """Make `moment` (time-zone aware) linesim's now, stopped there when frozen; None is real time again."""
        return self.call("POST", "/_sim/clock", {"now": moment.isoformat() if moment else None, "frozen": frozen})

    def send_events(self, events: list[dict]) -> dict:
        """One webhook with these events, stamped and given reply tokens as LINE would (POST /_sim/events)."""
        return self.call("POST", "/_sim/events", {"events": events})

    def api_errors(self, endpoint: str | None = None) -> list[dict]:
        """The errors linesim's LINE API answered (e.g. endpoint="reply" for refused reply tokens)."""
        return self.call("GET", "/_sim/errors" + (f"?endpoint={endpoint}" if endpoint else ""))

    def webhook_log(self, errors_only: bool = False) -> list[dict]:
        return self.call("GET", "/_sim/webhook/log" + ("?errors=1" if errors_only else ""))

    def user_menu(self, user_id: str) -> dict:
        """The rich menu the user sees now: `{"richMenu", "source": "switched"|"user"|"default"|None, ...}`."""
        return self.call("GET", f"/_sim/users/{user_id}/richmenu")

    def richmenus(self) -> dict:
        """The default menu, aliases, how many friends see each menu, and when the last one changed."""
        return self.call("GET", "/_sim/richmenus")

    def switch_menu(self, user_id: str, alias_id: str, data: str) -> dict:
        """Tap a richmenuswitch area as the user."""
        return self.call("POST", f"/_sim/users/{user_id}/richmenu/switch", {"richMenuAliasId": alias_id, "data": data})
