"""In-memory: everything linesim holds for one run (or until `POST /_sim/reset`): users, ledger, keys, tokens..."""

from __future__ import annotations

import hashlib
from collections import deque
from dataclasses import dataclass, field
from datetime import date

from linesim.clock import Clock
from linesim.faults import Faults
from linesim.ledger import Ledger
from linesim.quota import Quota
from linesim.retrykeys import RetryKeys
from linesim.richmenus import RichMenus
from linesim.settings import Settings
from linesim.tokens import ReplyTokens
from linesim.users import Users

WEBHOOK_LOG_SIZE = 10_000
API_ERROR_LOG_SIZE = 10_000


@dataclass
class Account:
    """The simulated official account's options; the control API changes them at run time."""

    webhook_url: str | None
    verified: bool
    redelivery: bool
    redelivery_delay: float
    redelivery_attempts: int
    webhook_timeout: float
    insight_ready_hour: int
    bot_name: str
    bot_user_id: str

    def to_dict(self) -> dict:
        return {"webhookUrl": self.webhook_url, "verified": self.verified, "redelivery": self.redelivery,
                "redeliveryDelay": self.redelivery_delay, "redeliveryAttempts": self.redelivery_attempts,
                "webhookTimeout": self.webhook_timeout, "insightReadyHour": self.insight_ready_hour,
                "botName": self.bot_name, "botUserId": self.bot_user_id}


@dataclass
class FollowerPage:
    """Where a `next` token of GET /v2/bot/followers/ids continues, and until when it is valid."""

    offset: int
    expires_ms: int


@dataclass
class SimState:
    settings: Settings
    clock: Clock = field(default_factory=Clock)
    users: Users = field(default_factory=Users)
    ledger: Ledger = field(default_factory=Ledger)
    retry_keys: RetryKeys = field(default_factory=RetryKeys)
    richmenus: RichMenus = field(default_factory=RichMenus)
    insight_overrides: dict[date, dict] = field(default_factory=dict)
    narrowcasts: dict = field(default_factory=dict)
    follower_pages: dict[str, FollowerPage] = field(default_factory=dict)
    webhook_log: deque = field(default_factory=lambda: deque(maxlen=WEBHOOK_LOG_SIZE))
    api_errors: deque = field(default_factory=lambda: deque(maxlen=API_ERROR_LOG_SIZE))
    contents: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    """Message ID → (bytes, content type) of what users sent (images), for GET .../message/{id}/content."""

    def __post_init__(self) -> None:
        settings = self.settings
        self.reply_tokens = ReplyTokens(settings.reply_token_ttl)
        self.quota = Quota(settings.quota)
        self.faults = Faults(settings.faults, settings.fault_seed)
        self.account = Account(
            webhook_url=settings.webhook_url, verified=settings.verified, redelivery=settings.redelivery,
            redelivery_delay=settings.redelivery_delay, redelivery_attempts=settings.redelivery_attempts,
            webhook_timeout=settings.webhook_timeout, insight_ready_hour=settings.insight_ready_hour,
            bot_name=settings.bot_name, bot_user_id=bot_user_id(settings.channel_secret),
        )


def bot_user_id(channel_secret: str) -> str:
    """The account's own user ID (webhook `destination`), stable for a given channel."""
    return "U" + hashlib.sha256(f"linesim-bot:{channel_secret}".encode()).hexdigest()[:32]
