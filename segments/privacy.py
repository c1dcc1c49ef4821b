"""Pure: the privacy floor — counts of citizens below it are never shown or published exactly."""

from __future__ import annotations

PRIVACY_FLOOR = 10
"""Counts below this are shown to staff only as 「10人未満」 and suppressed in open data: no one can be singled out."""


def display_count(n: int) -> str:
    """「10人未満」 below 10, otherwise 「1,234人」."""
    return f"{PRIVACY_FLOOR}人未満" if n < PRIVACY_FLOOR else f"{n:,}人"
