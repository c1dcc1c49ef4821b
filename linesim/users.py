"""Pure: simulated LINE users and their friendship with the account (follow, block, unblock) over time."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

USER_ID = re.compile(r"U[0-9a-f]{32}")
"""LINE user IDs as they appear in webhooks: `U` and 32 hex digits ([SPEC] webhook.yml examples)."""

NEW, FRIEND, BLOCKED = "new", "friend", "blocked"


class UserError(ValueError):
    """A simulated user cannot be made (bad or taken ID) or cannot do that now (e.g. block while not a friend)."""


@dataclass
class User:
    user_id: str
    display_name: str
    language: str
    created_ms: int
    status: str = NEW
    history: list[tuple[int, str]] = field(default_factory=list)
    """(time in ms, FRIEND | BLOCKED): every change of status, oldest first."""

    @property
    def is_friend(self) -> bool:
        return self.status == FRIEND

    @property
    def first_followed_ms(self) -> int | None:
        return next((ms for ms, status in self.history if status == FRIEND), None)

    def status_at(self, ms: int) -> str:
        """The status the user had at `ms` (history is in time order)."""
        status = NEW
        for changed_ms, new_status in self.history:
            if changed_ms > ms:
                break
            status = new_status
        return status

    def to_dict(self) -> dict:
        return {"userId": self.user_id, "displayName": self.display_name, "language": self.language,
                "status": self.status, "history": [{"timestamp": ms, "status": s} for ms, s in self.history]}


class Users:
    """Every simulated user, plus the account's friends in the order they (re)followed."""

    def __init__(self) -> None:
        self._by_id: dict[str, User] = {}
        self._friends: dict[str, User] = {}
        self._friend_ids: set[str] = set()
        """The same friends' IDs: a multicast's 500 look-ups in a million-entry set touch less memory than in the
        dict (0.30 instead of 0.47 ms)."""

    def create(self, display_name: str, language: str, now_ms: int, user_id: str | None = None) -> User:
        user_id = user_id or "U" + uuid.uuid4().hex
        if not USER_ID.fullmatch(user_id):
            raise UserError(f"{user_id!r} is not a LINE user ID (U + 32 hex digits)")
        if user_id in self._by_id:
            raise UserError(f"user {user_id} already exists")
        user = User(user_id, display_name, language, now_ms)
        self._by_id[user_id] = user
        return user

    def get(self, user_id: str) -> User | None:
        return self._by_id.get(user_id)

    def friend_ids(self, user_ids: list[str]) -> list[str]:
        """The IDs that are friends', in order (a multicast looks up 500 at a time)."""
        friend_ids = self._friend_ids
        return [user_id for user_id in user_ids if user_id in friend_ids]

    def all(self) -> list[User]:
        return list(self._by_id.values())

    def friends(self) -> list[User]:
        return list(self._friends.values())

    def follow(self, user: User, now_ms: int) -> bool:
        """Add as friend; True when this is an unblock (LINE's `follow.isUnblocked`)."""
        if user.status == FRIEND:
            raise UserError("the user is already a friend")
        unblocked = user.status == BLOCKED
        self._change(user, FRIEND, now_ms)
        self._friends[user.user_id] = user
        self._friend_ids.add(user.user_id)
        return unblocked

    def block(self, user: User, now_ms: int) -> None:
        if user.status != FRIEND:
            raise UserError("only a friend can block the account")
        self._change(user, BLOCKED, now_ms)
        del self._friends[user.user_id]
        self._friend_ids.discard(user.user_id)

    @staticmethod
    def _change(user: User, status: str, now_ms: int) -> None:
        user.status = status
        user.history.append((now_ms, status))
