"""In-memory: the emulator of one process: settings, the state (replaced on reset), rate limits, webhook sender."""

from __future__ import annotations

from aiohttp import web

from linesim.ratelimits import RateLimits
from linesim.settings import Settings
from linesim.state import SimState
from linesim.webhooks import WebhookSender


class Simulator:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.state = SimState(settings)
        self.rate_limits = RateLimits(settings.limits, settings.rate_limits)
        self.webhooks = WebhookSender(self)

    def reset(self) -> None:
        """Forget everything since start-up: users, ledger, keys, tokens, faults, limit hits, errors, clock."""
        self.webhooks.cancel_redeliveries()
        self.state = SimState(self.settings)
        self.rate_limits.configure(self.settings.limits, self.settings.rate_limits)


SIM = web.AppKey("linesim", Simulator)
"""How handlers reach the simulator: `request.app[SIM]`."""
