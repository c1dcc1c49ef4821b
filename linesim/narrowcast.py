"""Pure: narrowcast recipients and progress records, following LINE's documented rules ([REF]#send-narrowcast-message).

linesim users have no demographics and linesim keeps no audiences, so a demographic filter matches nobody
(the request still gets 202 and its progress fails with errorCode 2, as LINE's does with too few recipients).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from linesim.clock import iso_utc
from linesim.errors import LineError
from linesim.users import User

MIN_TARGET_REACH = 100        # attribute filters need a target reach of at least 100, else 403
MIN_RECIPIENTS = 50           # fewer final recipients fail with errorCode 2
PROGRESS_LIFETIME_MS = 14 * 24 * 3600 * 1000
NOT_ENOUGH_RECIPIENTS, QUOTA_CANCELLED = 2, 5


@dataclass
class Narrowcast:
    accepted_ms: int
    completed_ms: int
    target: int
    success: int = 0
    error_code: int | None = None
    failed_description: str | None = None

    def progress(self) -> dict:
        body = {"phase": "failed" if self.error_code or self.failed_description else "succeeded",
                "successCount": self.success, "failureCount": 0, "targetCount": self.target,
                "acceptedTime": iso_utc(self.accepted_ms), "completedTime": iso_utc(self.completed_ms)}
        if self.error_code:
            body["errorCode"] = self.error_code
        if self.failed_description:
            body["failedDescription"] = self.failed_description
        return body


def check_request(body: dict, friends: int) -> None:
    """The checks LINE answers at once (400/403); the rest shows up later in the progress."""
    if body.get("recipient") is not None:
        raise LineError(400, "linesim keeps no audiences: narrowcast to `recipient` is not emulated")
    limit = body.get("limit") or {}
    if limit.get("forbidPartialDelivery") and not limit.get("upToRemainingQuota"):
        raise LineError(400, "The option forbidPartialDelivery must be used with upToRemainingQuota.")
    if body.get("filter") is not None and friends < MIN_TARGET_REACH:
        raise LineError(403, "Your account does not have enough friends")


def choose(body: dict, friends: list[User], remaining_quota: int | None,
           rng: random.Random) -> tuple[list[User], int | None, str | None]:
    """(recipients, errorCode, failedDescription) for a checked request."""
    chosen = [] if body.get("filter") is not None else list(friends)
    limit = body.get("limit") or {}
    if limit.get("max") and len(chosen) > limit["max"]:
        chosen = rng.sample(chosen, limit["max"])
    if remaining_quota is not None and len(chosen) > remaining_quota:
        if limit.get("forbidPartialDelivery"):
            return [], QUOTA_CANCELLED, "The delivery was cancelled by forbidPartialDelivery"
        if not limit.get("upToRemainingQuota"):
            return [], None, "The remaining message quota is less than the target reach"
        chosen = rng.sample(chosen, remaining_quota)
    if len(chosen) < MIN_RECIPIENTS:
        return [], NOT_ENOUGH_RECIPIENTS, "Not enough recipients"
    return chosen, None, None
