"""Shared values of the segments tests."""

from __future__ import annotations

from datetime import datetime, timezone

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc)
"""A fixed moment to build event times from."""


def user(number: int) -> str:
    """A user ID shaped as LINE's: U + 32 hex characters."""
    return f"U{number:032x}"
