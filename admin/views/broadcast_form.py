"""Flask: writing a broadcast — the compose form (templates, languages, segment, schedule), its live preview and
the month's quota. Saving and submitting call the broadcast package; bad input re-shows everything typed."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, jsonify, redirect, request, url_for
from werkzeug.datastructures import MultiDict

from admin import compose, memory
from admin.blueprint import actor, bp, render, requires, services
from admin.views.segments import audience_summary
from messages import broadcasts, lifecycle, schedule
from messages.errors import BroadcastError, BroadcastNotFound, DeliveryError, InvalidBroadcast, ScheduleRefused
from messages.record import ALL_FRIENDS, Broadcast
from messages.validate import check_variants
from segments.city import LANGUAGES


@bp.route("/broadcasts/new", methods=["GET", "POST"])
@requires("writer")
def broadcast_new():
    if request.method == "POST":
        return _save(None)
    return _form_page(MultiDict({"segment": ALL_FRIENDS, "schedule_kind": "now"}), None)


@bp.route("/broadcasts/<broadcast_id>/edit", methods=["GET", "POST"])
@requires("writer")
def broadcast_edit(broadcast_id: str):
    broadcast = load(broadcast_id)
    if (broadcast.state, lifecycle.EDIT) not in lifecycle.TRANSITIONS:
        flash(f"「{lifecycle.STATE_LABELS[broadcast.state]}」の配信は編集できません。", "error")
        return redirect(url_for("admin.broadcast_detail", broadcast_id=broadcast_id))
    if request.method == "POST":
        return _save(broadcast)
    return _form_page(MultiDict(_values_of(broadcast)), broadcast)


def load(broadcast_id: str) -> Broadcast:
    try:
        return broadcasts.get(services().redis, broadcast_id)
    except BroadcastNotFound:
        abort(404)


def _values_of(broadcast: Broadcast) -> dict:
    tz = services().config.tz
    return {"title": broadcast.title, "segment": broadcast.segment, "category": broadcast.category or "",
            "urgent": "1" if broadcast.urgent else "", "version": str(broadcast.version),
            **compose.schedule_fields(broadcast.schedule, tz),
            **compose.message_fields(memory.recall_specs(services().redis, broadcast.variants))}


def _save(broadcast: Broadcast | None):
    form, config, redis = request.form, services().config, services().redis
    specs, messages, errors = compose.read_messages(form, config.city.languages)
    fields = {"title": form.get("title", "").strip(), "segment": form.get("segment", "").strip() or ALL_FRIENDS,
              "category": form.get("category") or None, "urgent": form.get("urgent") == "1", "variants": messages}
    if not fields["title"]:
        errors["title"] = "件名を入力してください (市民には見えません。一覧で探すときに使います)。"
    try:
        fields["schedule"] = compose.read_schedule(form, config.tz)
        if fields["schedule"] is not None:  # "when approved" is checked at approval, when its time is known
            schedule.check_quiet_hours(fields["schedule"], datetime.now(config.tz), config.quiet_hours,
                                       urgent=fields["urgent"], tz=config.tz)
    except ScheduleRefused as error:
        errors["schedule"] = str(error)
    if broadcast is not None and form.get("version") != str(broadcast.version):
        errors["version"] = "開いている間に、ほかの人がこの配信を変更しました。下の内容を確かめて、もう一度保存してください。"
    if errors:
        return _form_page(form, broadcast, errors), 422
    saved = _store(broadcast, fields)
    memory.remember_specs(redis, specs, messages)
    if form.get("action") == "submit":
        _submit(saved.id)
    else:
        flash("下書きを保存しました。", "success")
    return redirect(url_for("admin.broadcast_detail", broadcast_id=saved.id))


def _store(broadcast: Broadcast | None, fields: dict) -> Broadcast:
    redis = services().redis
    if broadcast is None:
        return broadcasts.create(redis, actor=actor(), **fields)
    changed = {name: value for name, value in fields.items() if getattr(broadcast, name) != value}
    return broadcasts.edit(redis, broadcast.id, actor=actor(), **changed) if changed else broadcast


def _submit(broadcast_id: str) -> None:
    """Ask for approval; problems LINE would refuse are listed on the broadcast's page."""
    try:
        broadcasts.submit(services().redis, services().config.city, broadcast_id, actor=actor())
    except InvalidBroadcast:
        flash("保存しましたが、直す点があるため承認を依頼できません。下の「直す点」を見てください。", "error")
    except BroadcastError as error:
        flash(str(error), "error")
    else:
        flash("承認を依頼しました。承認者が確認します。", "success")


def _form_page(values: MultiDict, broadcast: Broadcast | None, errors: dict | None = None):
    city = services().config.city
    return render(
        "compose.html", title="配信の編集" if broadcast else "新しい配信", values=values, broadcast=broadcast,
        errors=errors or {}, languages=[(code, LANGUAGES[code]) for code in city.languages],
        templates=compose.TEMPLATE_LABELS, field_templates=compose.field_templates(),
        field_labels=compose.FIELD_LABELS, multiline=compose.MULTILINE,
        slots=range(compose.MAX_SLOTS), slot_name=compose.slot_name, weekdays=schedule.WEEKDAYS_JA,
        attributes=[("district", "地区", city.districts), ("age", "年代", city.age_groups),
                    ("interest", "関心", city.interests)],
        categories=city.interests, audience=audience_summary(values.get("segment", ALL_FRIENDS)),
        quiet_hours=services().config.quiet_hours)


@bp.post("/broadcasts/preview.json")
def broadcast_preview():
    """The LINE messages the form would send (built by the broadcast package's templates), with every problem."""
    languages = services().config.city.languages
    _, messages, errors = compose.read_messages(request.form, languages)
    problems = [str(problem) for problem in check_variants(messages, languages)] if messages else []
    return jsonify(variants=messages, errors=errors, problems=problems)


@bp.get("/broadcasts/quota.json")
def broadcast_quota():
    """What is left of this month's LINE message quota (the cost of a broadcast is one message per recipient)."""
    try:
        quota = services().gateway.quota()
    except DeliveryError as error:
        return jsonify(error=f"LINE から残り通数を取得できません ({error.message})。")
    return jsonify(remaining="上限なし" if quota.remaining is None else f"{quota.remaining:,}通")
