"""What an event handler gets besides the event: the process's services and the current time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from segments.city import City
from services import Services


@dataclass
class BotContext:
    services: Services
    now: datetime
    """Timezone-aware, in the city's time zone; passed in so handlers never read the clock themselves."""
    tried_reply_tokens: set[str] = field(default_factory=set)
    """LINE takes a reply token once: after one try (even a failed one) the event is answered by push."""

    @property
    def city(self) -> City:
        return self.services.config.city

    @classmethod
    def for_services(cls, services: Services) -> "BotContext":
        return cls(services=services, now=datetime.now(services.config.tz))
