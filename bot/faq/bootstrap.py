"""Redis I/O: on a fresh demo system, load the demo city's FAQ so the bot answers from the first minute."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from redis import Redis
from rq import Queue

from bot.faq import editing, store

DEMO_FAQ = Path(__file__).resolve().parents[2] / "cities" / "demo_faq.csv"
"""The FAQ the team wrote for the demo city ひかり台市 (a real city imports its own with `citybot faq import`)."""


def import_demo_faq_if_empty(redis: Redis, embed_in: Queue, *, at: datetime) -> bool:
    """Import the demo FAQ when no FAQ set exists yet (answered lexically until a worker has embedded it, a
    few tens of seconds); True when it did."""
    if store.current_version(redis) is not None:
        return False
    editing.import_file(redis, DEMO_FAQ.read_bytes(), DEMO_FAQ.name, actor="system", at=at, embed_in=embed_in)
    return True
