"""Redis key names of the campaigns package (prefix `citybot:campaigns:`)."""

from datetime import date

PREFIX = "citybot:campaigns:"
CODES = PREFIX + "codes"
"""Sorted set of campaign codes, score = creation time (ms)."""
UNKNOWN = PREFIX + "unknown"
"""Hash `{day}:scan` → visits of a short link whose code no campaign has."""
ACCOUNT_ID = PREFIX + "account-id"
"""The account's LINE ID (@…), read once from LINE's bot info for building links."""


def campaign(code: str) -> str:
    """Hash: name, medium, starts, ends, cost, created/updated by and at."""
    return f"{PREFIX}campaign:{code}"


def days(code: str) -> str:
    """Hash `{day}:{count}` → number: scan, bot, repeat, after_end, friend, registered, blocked (no user IDs)."""
    return f"{PREFIX}campaign:{code}:days"


def friend(user_id: str) -> str:
    """Hash: the campaign that brought a friend (code, day, at) and whether their registration and block were
    counted; kept only for the 30 days those counts need, and deleted when the citizen erases their data."""
    return f"{PREFIX}friend:{user_id}"


def day_key(day: date) -> str:
    """A random key of one day for visitor tokens (campaigns.scans); expires, so tokens cannot be recomputed."""
    return f"{PREFIX}visitor-key:{day.isoformat()}"


def seen(day: date) -> str:
    """Set of visitor tokens of one day (expires with the day's key)."""
    return f"{PREFIX}seen:{day.isoformat()}"
