"""Redis key names of the civic package (prefix `citybot:civic:`)."""

from datetime import date, timedelta

PREFIX = "citybot:civic:"
REPORTS = PREFIX + "reports"
"""Sorted set of report IDs, score = received time (ms)."""
GEO = PREFIX + "geo"
"""GEO set of the reports that have coordinates (for duplicates nearby)."""
INDEX = PREFIX + "index"
"""Hash report ID → one tab-separated line for the queue (civic.store.QueueRow): the whole queue in one read."""
RECEIPTS = PREFIX + "receipts"
"""Hash receipt number → report ID."""


def report(report_id: str) -> str:
    """Hash: receipt, category, status, place, coordinates, comment, photo count, times, the reporter's user ID."""
    return f"{PREFIX}report:{report_id}"


def photos(report_id: str) -> str:
    """Hash photo index → "pending" | "ok" | "failed: …" | "rejected: …"."""
    return f"{PREFIX}report:{report_id}:photos"


def history(report_id: str) -> str:
    """List of JSON status changes (status, public comment, reason, staff member, time)."""
    return f"{PREFIX}report:{report_id}:history"


def draft(user_id: str) -> str:
    """JSON: the report a citizen is writing (expires after a day)."""
    return f"{PREFIX}draft:{user_id}"


def by_user(user_id: str) -> str:
    """Set of a citizen's report IDs, so an erasure can take their user ID out of each."""
    return f"{PREFIX}by-user:{user_id}"


DAILY_TTL = 2 * 86_400
"""A day's report counter lives two days, so on any day at most three of a citizen's counters exist."""


def daily(user_id: str, day: date) -> str:
    return f"{PREFIX}daily:{user_id}:{day.isoformat()}"


def dailies(user_id: str, today: date) -> list[str]:
    """Every counter of a citizen that may still exist on `today` (for erasure, without scanning the keyspace)."""
    return [daily(user_id, today - timedelta(days=back)) for back in range(DAILY_TTL // 86_400 + 1)]


def receipt_counter(year: int) -> str:
    return f"{PREFIX}receipt-counter:{year}"
