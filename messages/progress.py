"""Redis I/O: a broadcast's status as staff see it — its state, and for its latest run the batches per state,
recipients reached, skipped by the weekly cap, failed with LINE's reasons, and blocks attributed to it."""

from __future__ import annotations

from messages import broadcasts, delivery, lifecycle, schedule
from messages.record import Broadcast

COUNTERS = ("recipients", "delivered", "undelivered", "skipped_cap", "blocks", "batches", "expected_batches")


def status(redis, broadcast_id: str, *, with_batches: bool = False) -> dict:
    """Everything the CLI and the admin console show; plain values, ready for JSON."""
    broadcast = broadcasts.get(redis, broadcast_id)
    latest = run_status(redis, broadcast_id, broadcast.run, with_batches=with_batches) if broadcast.run else None
    return {**summary(broadcast), "latest_run": latest}


def summary(broadcast: Broadcast) -> dict:
    return {
        "id": broadcast.id, "title": broadcast.title, "state": broadcast.state,
        "state_label": lifecycle.STATE_LABELS[broadcast.state], "segment": broadcast.segment,
        "category": broadcast.category, "urgent": broadcast.urgent, "languages": sorted(broadcast.variants),
        "schedule": schedule.describe(broadcast.schedule) if broadcast.schedule else "承認後すぐ",
        "next_run_at": broadcast.next_run_at.isoformat() if broadcast.next_run_at else None,
        "created_by": broadcast.created_by, "authors": sorted(broadcast.authors), "approver": broadcast.approver,
        "comment": broadcast.comment, "version": broadcast.version, "runs": broadcast.run,
        "actions": lifecycle.allowed_actions(broadcast.state),
    }


def run_status(redis, broadcast_id: str, run: int, *, with_batches: bool = False) -> dict:
    snapshot = delivery.snapshot(redis, broadcast_id, run)
    result = {
        "run": run, "planned": snapshot.get("planned") == "1",
        "batch_states": {state: int(snapshot.get(f"n_{state}") or 0) for state in delivery.BATCH_STATES},
        **{name: int(snapshot.get(name) or 0) for name in COUNTERS},
        "outcome": snapshot.get("outcome") or None, "error": snapshot.get("error") or None,
        "started_at": snapshot.get("started_at"), "finished_at": snapshot.get("finished_at"),
    }
    if with_batches or result["batch_states"][delivery.FAILED] or result["batch_states"][delivery.RETRYING]:
        records = delivery.batch_records(redis, broadcast_id, run)
        result["problems"] = [_batch(record) for record in records
                              if record.get("status") in (delivery.FAILED, delivery.RETRYING)]
        if with_batches:
            result["batches_detail"] = [_batch(record) for record in records]
    return result


def _batch(record: dict[str, str]) -> dict:
    return {
        "no": int(record["no"]), "status": record["status"], "size": int(record["size"]),
        "variant": record.get("variant"), "endpoint": record.get("endpoint"), "retry_key": record["retry_key"],
        "attempts": int(record.get("attempts") or 0), "request_id": record.get("request_id") or None,
        "accepted_request_id": record.get("accepted_request_id") or None,
        "error": record.get("error") or None, "error_status": record.get("error_status") or None,
    }
