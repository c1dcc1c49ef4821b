"""Flask: 配信 — the list with states, one broadcast's content, diff, cost and delivery progress, and the
actions on it (submit, test send, approve, return with a comment, cancel), each a broadcast package call."""

from __future__ import annotations

from flask import flash, jsonify, redirect, request, url_for

from admin import memory, review
from admin.blueprint import actor, bp, render, requires, services
from admin.views.broadcast_form import load
from admin.views.segments import audience_summary
from messages import approval, broadcasts, lifecycle, progress, schedule
from messages.errors import BroadcastError, DeliveryError, InvalidBroadcast
from messages.record import Broadcast
from segments.city import LANGUAGES

LIST_LIMIT = 200
"""The list shows the newest 200 broadcasts (of one state when filtered)."""

REVIEWABLE = (lifecycle.DRAFT, lifecycle.AWAITING_APPROVAL)


@bp.get("/broadcasts", endpoint="broadcasts")
def broadcast_list():
    state = request.args.get("state", "")
    state = state if state in lifecycle.STATE_LABELS else ""
    found = broadcasts.recent(services().redis, state=state or None, limit=LIST_LIMIT)
    return render("broadcasts.html", title="配信", broadcasts=found, state=state, states=lifecycle.STATE_LABELS,
                  when=_when, tz=services().config.tz)


@bp.get("/broadcasts/<broadcast_id>")
def broadcast_detail(broadcast_id: str):
    broadcast = load(broadcast_id)
    redis, city = services().redis, services().config.city
    lines = _lines(broadcast)
    seen = memory.recall_review(redis, broadcast_id)
    changes = review.diff(seen["lines"], lines) if seen and seen["version"] != broadcast.version else None
    problems = broadcasts.problems_of(broadcast, city) if broadcast.state in REVIEWABLE else []
    return render("broadcast.html", title=broadcast.title, broadcast=broadcast, lines=lines, changes=changes,
                  seen=seen, problems=problems, status=progress.status(redis, broadcast_id),
                  cost=_cost(broadcast), audience=audience_summary(broadcast.segment), when=_when(broadcast),
                  actions=lifecycle.allowed_actions(broadcast.state), labels=lifecycle.STATE_LABELS,
                  is_author=actor() in broadcast.authors, tz=services().config.tz,
                  can_test=broadcast.state in lifecycle.TESTABLE, testers=len(services().config.staff_line_ids),
                  language_labels=LANGUAGES)


@bp.get("/broadcasts/<broadcast_id>/status.json")
def broadcast_status(broadcast_id: str):
    load(broadcast_id)
    return jsonify(progress.status(services().redis, broadcast_id))


def _when(broadcast: Broadcast) -> str:
    return schedule.describe(broadcast.schedule, services().config.tz) if broadcast.schedule else "承認後すぐ"


def _lines(broadcast: Broadcast) -> list[str]:
    """The broadcast as the approver reads it (the same lines the diff compares)."""
    summary = audience_summary(broadcast.segment)
    specs = memory.recall_specs(services().redis, broadcast.variants)
    return review.broadcast_lines(broadcast, specs, audience=summary.get("description", summary.get("error", "")),
                                  when=_when(broadcast))


def _cost(broadcast: Broadcast) -> str | None:
    """The quota cost before approval (LINE's quota API); a sentence for staff, or why it is unknown."""
    if broadcast.state not in REVIEWABLE:
        return None
    try:
        return approval.cost(services(), broadcast).describe()
    except DeliveryError as error:
        return f"LINE から残り通数を取得できません ({error.message})。"
    except BroadcastError as error:
        return str(error)


def _back(broadcast_id: str):
    return redirect(url_for("admin.broadcast_detail", broadcast_id=broadcast_id))


def _flash_failure(error: Exception) -> None:
    """One line only: flashes live in the session cookie, and the page lists a broadcast's problems itself."""
    if isinstance(error, DeliveryError):
        flash(f"LINE とのやりとりに失敗しました: {error.message}", "error")
    elif isinstance(error, InvalidBroadcast):
        flash("配信内容に直す点があります。下の「直す点」を見てください。", "error")
    else:
        flash(str(error), "error")


@bp.post("/broadcasts/<broadcast_id>/submit")
@requires("writer")
def broadcast_submit(broadcast_id: str):
    try:
        broadcasts.submit(services().redis, services().config.city, broadcast_id, actor=actor())
    except BroadcastError as error:
        _flash_failure(error)
    else:
        flash("承認を依頼しました。", "success")
    return _back(broadcast_id)


@bp.post("/broadcasts/<broadcast_id>/test")
@requires("writer", "approver")
def broadcast_test(broadcast_id: str):
    try:
        pushes = approval.test_send(services(), broadcast_id, actor=actor())
    except (BroadcastError, DeliveryError) as error:
        _flash_failure(error)
    else:
        flash(f"テスト送信しました ({pushes} 通)。職員の LINE で見え方を確かめてください。", "success")
    return _back(broadcast_id)


@bp.post("/broadcasts/<broadcast_id>/approve")
@requires("approver")
def broadcast_approve(broadcast_id: str):
    broadcast = load(broadcast_id)
    if request.form.get("version") != str(broadcast.version):
        flash("確認している間に内容が変わりました。もう一度確かめてから承認してください。", "error")
        return _back(broadcast_id)
    lines = _lines(broadcast)
    try:
        approved = approval.approve(services(), broadcast_id, actor=actor(), expected_version=broadcast.version)
    except (BroadcastError, DeliveryError) as error:
        _flash_failure(error)
        return _back(broadcast_id)
    memory.remember_review(services().redis, broadcast_id, approved.version, lines)
    flash(f"承認しました。{_when(approved)} に送ります。", "success")
    return _back(broadcast_id)


@bp.post("/broadcasts/<broadcast_id>/return")
@requires("approver")
def broadcast_return(broadcast_id: str):
    comment = request.form.get("comment", "").strip()
    if not comment:
        flash("差し戻す理由 (直してほしい点) を書いてください。", "error")
        return _back(broadcast_id)
    broadcast = load(broadcast_id)
    try:
        returned = broadcasts.return_to_draft(services().redis, broadcast_id, actor=actor(), comment=comment)
    except BroadcastError as error:
        _flash_failure(error)
        return _back(broadcast_id)
    memory.remember_review(services().redis, broadcast_id, returned.version, _lines(broadcast))
    flash("差し戻しました。作成者にコメントが表示されます。", "success")
    return _back(broadcast_id)


@bp.post("/broadcasts/<broadcast_id>/cancel")
@requires("writer", "approver")
def broadcast_cancel(broadcast_id: str):
    try:
        broadcasts.cancel(services().redis, broadcast_id, actor=actor(), reason=request.form.get("reason", "").strip())
    except BroadcastError as error:
        _flash_failure(error)
    else:
        flash("取り消しました。この配信は送られません。", "success")
    return _back(broadcast_id)
