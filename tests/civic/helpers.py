"""Reports stored directly (as the dialog would), for the console, open-data and benchmark-free tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from civic import store
from civic.dialog import Draft

JST = ZoneInfo("Asia/Tokyo")
AT = datetime(2026, 12, 1, 9, 30, tzinfo=JST)


def report(redis, user_id="U" + "1" * 32, *, category="road", at=AT, latitude=35.6812, longitude=139.7671,
           place="中央公園前", comment="穴があります", photos=()) -> store.Report:
    draft = Draft(store.new_report_id(), "confirm", category, tuple(photos), latitude, longitude, place, comment)
    return store.submit(redis, user_id, draft, at)
