"""HTTP client I/O: POST signed webhooks to the bot, log failures (non-2xx, over 2 s, no connection), redeliver."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import aiohttp

from linesim import events
from linesim.clock import iso_utc
from linesim.tokens import ReplyWindow

if TYPE_CHECKING:
    from linesim.simulator import Simulator
    from linesim.state import SimState

USER_AGENT = "LineBotWebhook/2.0"


@dataclass(frozen=True)
class Outgoing:
    """One event to send; events that carry a reply token have a window (a new token per delivery) and the chat
    (user, group or room) a reply goes to."""

    event: dict
    chat_id: str | None
    window: ReplyWindow | None = None


class WebhookSender:
    def __init__(self, sim: "Simulator"):
        self._sim = sim
        self._session: aiohttp.ClientSession | None = None
        self._redeliveries: set[asyncio.Task] = set()

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()

    async def close(self) -> None:
        self.cancel_redeliveries()
        if self._session is not None:
            await self._session.close()

    def cancel_redeliveries(self) -> None:
        for task in list(self._redeliveries):
            task.cancel()

    async def send(self, outgoing: list[Outgoing]) -> dict:
        """Deliver once and wait for the bot's answer; a failure is redelivered if the account says so.

        With a redelivery delay of 0 the redeliveries are awaited too and listed under `redeliveries`.
        """
        state = self._sim.state
        result = await self._attempt(state, outgoing, redelivery=False)
        if result["error"] in REDELIVERABLE and state.account.redelivery:
            task = asyncio.create_task(self._redeliver(state, outgoing))
            if state.account.redelivery_delay <= 0:
                result["redeliveries"] = await task
            else:
                self._redeliveries.add(task)
                task.add_done_callback(self._redeliveries.discard)
        return result

    async def _redeliver(self, state: "SimState", outgoing: list[Outgoing]) -> list[dict]:
        results = []
        for _ in range(state.account.redelivery_attempts):
            await asyncio.sleep(state.account.redelivery_delay)
            results.append(await self._attempt(state, outgoing, redelivery=True))
            if results[-1]["error"] is None:
                break
        return results

    async def _attempt(self, state: "SimState", outgoing: list[Outgoing], *, redelivery: bool) -> dict:
        now = state.clock.now_ms()
        sent = [_as_sent(state, item, now, redelivery) for item in outgoing]
        url = state.account.webhook_url
        started = time.perf_counter()
        status, error = await self._post(state, url, sent) if url else (None, "no_webhook_url")
        record = {"time": iso_utc(now), "url": url, "status": status, "error": error,
                  "elapsed_ms": round((time.perf_counter() - started) * 1000, 1), "isRedelivery": redelivery,
                  "webhookEventIds": [event["webhookEventId"] for event in sent]}
        state.webhook_log.append(record)
        return {**record, "events": sent}

    async def _post(self, state: "SimState", url: str, sent: list[dict]) -> tuple[int | None, str | None]:
        raw = events.body(state.account.bot_user_id, sent)
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
                   "x-line-signature": events.signature(self._sim.settings.channel_secret, raw)}
        timeout = aiohttp.ClientTimeout(total=state.account.webhook_timeout)
        try:
            async with self._session.post(url, data=raw, headers=headers, timeout=timeout) as response:
                await response.read()
        except TimeoutError:
            return None, "request_timeout"
        except (aiohttp.ClientError, OSError):
            return None, "could_not_connect"
        return response.status, None if 200 <= response.status < 300 else "error_status_code"


REDELIVERABLE = frozenset({"request_timeout", "could_not_connect", "error_status_code"})
"""LINE's webhook error classes ([check-webhook-error-statistics]); "no_webhook_url" is linesim's own."""


def _as_sent(state: "SimState", item: Outgoing, now_ms: int, redelivery: bool) -> dict:
    if item.window is None:
        return {**item.event, "deliveryContext": {"isRedelivery": redelivery}}
    token = state.reply_tokens.issue(item.chat_id, now_ms, item.window)
    return events.with_reply_token(item.event, token, redelivery=redelivery)
