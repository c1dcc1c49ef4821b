"""Redis I/O: the demo city's campaigns, installed on a first run so the console has something to show."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from redis import Redis

from campaigns import store
from campaigns.model import Campaign

DEMO_CAMPAIGNS = Path(__file__).resolve().parents[1] / "cities" / "demo_campaigns.json"


def install_demo_campaigns_if_absent(redis: Redis, *, at: datetime, actor: str = "system") -> list[Campaign]:
    """The demo campaigns, dated around `at`'s day (one has ended); nothing if any campaign exists."""
    if store.every(redis):
        return []
    today: date = at.date()
    installed = []
    for item in json.loads(DEMO_CAMPAIGNS.read_text(encoding="utf-8"))["campaigns"]:
        campaign = Campaign(store.unused_code(redis), item["name"], item["medium"],
                            today + timedelta(days=item["from_day"]), today + timedelta(days=item["to_day"]),
                            item["cost"])
        store.save(redis, campaign, actor=actor, at=at, created=True)
        installed.append(campaign)
    return installed
