"""Pure: every Redis key name of the messages package (broadcasts, delivery runs, batches, limits)."""

from __future__ import annotations

INDEX = "citybot:broadcasts:index"
"""Sorted set of every broadcast ID scored by creation time (ms), for listings."""

DUE = "citybot:broadcasts:due"
"""Sorted set of scheduled broadcast IDs scored by their next run (s); recovery starts any that were missed."""

SENDING = "citybot:broadcasts:sending"
"""Set of broadcast IDs whose current run is being delivered; recovery finishes any that stalled."""

LEASES = "citybot:broadcasts:leases"
"""Sorted set of open batches ("id:run:no") scored by when their claim or retry wait expires (s)."""

RECENT = "citybot:broadcasts:recent"
"""Sorted set of runs ("id:run") scored by when they started sending (s), for block attribution."""

RUNS = "citybot:broadcasts:runs"
"""Sorted set of every run ("id:run") scored by when it started sending (s); never pruned, for reports."""

SETTINGS = "citybot:broadcasts:settings"
"""Hash of delivery settings shared by every worker (rate limits, lease, backoff); see messages/tuning.py."""

RATE_LIMIT_PREFIX = "citybot:ratelimit"
"""Prefix of the `limits` library's moving-window keys, shared by every worker on every machine."""


def broadcast(broadcast_id: str) -> str:
    """Hash of one broadcast (fields: see messages/record.py)."""
    return f"citybot:broadcast:{broadcast_id}"


def run(broadcast_id: str, run: int) -> str:
    """Hash of one delivery run: content snapshot, counters per batch state, outcome."""
    return f"citybot:broadcast:{broadcast_id}:run:{run}"


def plan_lock(broadcast_id: str, run: int) -> str:
    """Held (with an expiry) by the one job that is splitting the run into batches."""
    return f"citybot:broadcast:{broadcast_id}:run:{run}:planning"


def evaluation(broadcast_id: str, run: int) -> str:
    """Set the segment is evaluated into, before it becomes the run's pools (or is dropped if a concurrent
    planner got there first)."""
    return f"citybot:broadcast:{broadcast_id}:run:{run}:evaluation"


def recipients(broadcast_id: str, run: int) -> str:
    """Set of the run's recipients: each joins as the scan of a pool reaches them, and leaves if the weekly cap
    skips them or their batch fails; every friend we know of for LINE's broadcast endpoint (kept a week: block
    attribution, investigations)."""
    return f"citybot:broadcast:{broadcast_id}:run:{run}:recipients"


def pool(broadcast_id: str, run: int, variant: str) -> str:
    """Set of the recipients of one language variant, the run's own, scanned (never changed) to cut the batches;
    deleted when the scan ends. A segment that is one set is not copied: its base pool is a view of it."""
    return f"citybot:broadcast:{broadcast_id}:run:{run}:pool:{variant}"


def carry(broadcast_id: str, run: int, variant: str) -> str:
    """List of the recipients a pool's scan has given beyond the batch being cut, first in the next batch."""
    return f"citybot:broadcast:{broadcast_id}:run:{run}:carry:{variant}"


def view(broadcast_id: str, run: int, variant: str) -> str:
    """ID of the frozen view (segments/views.py) a pool reads its live segment set through."""
    return f"{broadcast_id}:{run}:{variant}"


def decided(broadcast_id: str, run: int, variant: str) -> str:
    """Set of the members whose place in a pool's view was settled by a change after the freeze: its scan
    passes them by."""
    return f"citybot:broadcast:{broadcast_id}:run:{run}:decided:{variant}"


def pinned(broadcast_id: str, run: int, variant: str) -> str:
    """List of the members a pool's view held at the freeze whom a later change moved: cut after its scan."""
    return f"citybot:broadcast:{broadcast_id}:run:{run}:pinned:{variant}"


def skipped(broadcast_id: str, run: int) -> str:
    """Set of recipients left out of the run because they reached the weekly cap."""
    return f"citybot:broadcast:{broadcast_id}:run:{run}:capped"


def batch(broadcast_id: str, run: int, batch_no: int) -> str:
    """Hash of one batch: retry key, state, attempts, LINE request ID, error."""
    return f"citybot:broadcast:{broadcast_id}:run:{run}:batch:{batch_no}"


def batch_members(broadcast_id: str, run: int, batch_no: int) -> str:
    """The user IDs of one batch joined by commas, in the order they are sent (identical on every retry)."""
    return f"citybot:broadcast:{broadcast_id}:run:{run}:batch:{batch_no}:to"


def weekly_count(week: str) -> str:
    """Hash of non-urgent broadcasts received per user in one ISO week (e.g. 2026-W18, JST)."""
    return f"citybot:broadcasts:week:{week}"


def preview(token: str) -> str:
    """Set the segment is evaluated into to count a cost before approval (deleted at once, expires anyway)."""
    return f"citybot:broadcasts:preview:{token}"


def run_member(broadcast_id: str, run: int) -> str:
    return f"{broadcast_id}:{run}"


def parse_run_member(member: str) -> tuple[str, int]:
    broadcast_id, run = member.rsplit(":", 1)
    return broadcast_id, int(run)


def lease_member(broadcast_id: str, run: int, batch_no: int) -> str:
    return f"{broadcast_id}:{run}:{batch_no}"


def parse_lease_member(member: str) -> tuple[str, int, int]:
    broadcast_id, run, batch_no = member.rsplit(":", 2)
    return broadcast_id, int(run), int(batch_no)
