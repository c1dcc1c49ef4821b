"""Pure: the ledger of what each simulated user received (and did), in one global sequence order.

One `Delivery` is shared by every recipient of a request. A request only appends its record and its list of
recipients: the index by user is brought up to date when it is read, so a multicast to 500 users costs the
request path one append, not 500 updates scattered over a million users' lists.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from linesim.clock import iso_utc


@dataclass(slots=True)
class Delivery:
    seq: int
    endpoint: str
    request_id: str
    time_ms: int
    messages: list[dict]

    def to_dict(self) -> dict:
        return {"seq": self.seq, "kind": "delivery", "endpoint": self.endpoint, "requestId": self.request_id,
                "time": iso_utc(self.time_ms), "timestamp": self.time_ms, "messages": self.messages}


@dataclass(slots=True)
class Action:
    """Something the simulated user did (text, postback, follow...), shown on the chat page."""

    seq: int
    time_ms: int
    action: str
    detail: dict

    def to_dict(self) -> dict:
        return {"seq": self.seq, "kind": "action", "action": self.action, "time": iso_utc(self.time_ms),
                "timestamp": self.time_ms, **self.detail}


class Ledger:
    def __init__(self) -> None:
        self._deliveries: defaultdict[str, list[Delivery]] = defaultdict(list)
        self._not_indexed: list[tuple[Delivery, list[str]]] = []
        self._actions: defaultdict[str, list[Action]] = defaultdict(list)
        self._sequence = itertools.count(1)
        self.requests_per_endpoint: Counter[str] = Counter()

    def record(self, endpoint: str, request_id: str, time_ms: int, messages: list[dict],
               user_ids: Iterable[str]) -> Delivery:
        delivery = Delivery(next(self._sequence), endpoint, request_id, time_ms, messages)
        self._not_indexed.append((delivery, list(user_ids)))
        self.requests_per_endpoint[endpoint] += 1
        return delivery

    def record_action(self, user_id: str, time_ms: int, action: str, detail: dict) -> Action:
        entry = Action(next(self._sequence), time_ms, action, detail)
        self._actions[user_id].append(entry)
        return entry

    def deliveries(self, user_id: str) -> list[Delivery]:
        return self._by_user().get(user_id, [])

    def by_user(self) -> dict[str, list[dict]]:
        return {user_id: [d.to_dict() for d in items] for user_id, items in self._by_user().items()}

    def counts(self) -> dict[str, int]:
        return {user_id: len(items) for user_id, items in self._by_user().items()}

    def summary(self) -> dict:
        counts = self.counts()
        return {"users": len(counts), "deliveries": sum(counts.values()),
                "requests": dict(self.requests_per_endpoint)}

    def timeline(self, user_id: str, after_seq: int = 0) -> list[dict]:
        """Deliveries and actions of one user with seq > after_seq, oldest first (for the chat page)."""
        deliveries = _after(self._by_user().get(user_id, []), after_seq)
        actions = _after(self._actions.get(user_id, []), after_seq)
        return [entry.to_dict() for entry in heapq.merge(deliveries, actions, key=lambda e: e.seq)]

    def _by_user(self) -> defaultdict[str, list[Delivery]]:
        """Every user's deliveries in sequence order, after indexing the requests recorded since the last read."""
        deliveries = self._deliveries
        for delivery, user_ids in self._not_indexed:
            for user_id in user_ids:
                deliveries[user_id].append(delivery)
        self._not_indexed.clear()
        return deliveries


def _after(entries: list, after_seq: int) -> list:
    return entries[bisect.bisect_right(entries, after_seq, key=lambda e: e.seq):]
