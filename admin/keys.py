"""Pure: the Redis key names of the staff console (accounts, login failures, sessions)."""

from __future__ import annotations

PREFIX = "citybot:admin"

STAFF_NAMES = f"{PREFIX}:staff"
"""Set of every staff account name."""


def staff(name: str) -> str:
    """Hash of one staff account: roles, password hash, flags, timestamps."""
    return f"{PREFIX}:staff:{name}"


def login_failures(name: str) -> str:
    """Counter of recent failed logins for a name (expires with the failure window)."""
    return f"{PREFIX}:failures:{name}"


def locked(name: str) -> str:
    """Present while the name is locked out after too many failures (expires at unlock time)."""
    return f"{PREFIX}:locked:{name}"


def session(token: str) -> str:
    """Hash of one logged-in browser session; its TTL is the idle timeout."""
    return f"{PREFIX}:session:{token}"


def staff_sessions(name: str) -> str:
    """Set of a staff member's session tokens, so a password change can end them all."""
    return f"{PREFIX}:sessions:{name}"


def message_spec(digest: str) -> str:
    """The compose-form description a LINE message was built from, by the SHA-256 of the message's JSON."""
    return f"{PREFIX}:spec:{digest}"


def reviewed(broadcast_id: str) -> str:
    """What an approver last saw of a broadcast (when returning or approving it), to show them a diff later."""
    return f"{PREFIX}:reviewed:{broadcast_id}"
