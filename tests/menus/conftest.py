"""Shared set-up for the rich-menu tests: the demo city's menus on linesim, and registered friends."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from menus import jobs
from segments.store import FollowerStore

AT = datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def demo_menus(citybot_services, linesim, run_jobs):
    """The demo menus installed and published; returns the services."""
    assert jobs.install_demo_menus_if_absent(citybot_services.redis, citybot_services.queue(jobs.QUEUE))
    run_jobs()
    return citybot_services


def friends(services, linesim, count: int, *, language: str | None = None, district: str = "中央") -> list[str]:
    """`count` friends of the account; with a `language` they are registered (consent, district, language)."""
    user_ids = linesim.create_users(count)
    store = FollowerStore(services.redis, services.config.city)
    for user_id in user_ids:
        store.follow(user_id, at=AT, unblocked=False)
        if language:
            store.record_consent(user_id, granted=True, at=AT)
            store.update(user_id, district=district, language=language)
    return user_ids


def seen(linesim, user_id: str) -> str | None:
    """The alias (our menu key) of the menu the user sees now, or None."""
    shown = linesim.user_menu(user_id)["richMenu"]
    if shown is None:
        return None
    aliases = {rich_menu_id: alias for alias, rich_menu_id in linesim.richmenus()["aliases"].items()}
    return aliases.get(shown["richMenuId"], shown["richMenuId"])
