"""Flask: リッチメニュー — menus with their images and tap areas, who sees which, publishing, and disaster mode."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Response, abort, flash, jsonify, redirect, request, url_for

import audit
from admin.blueprint import actor, bp, render, requires, services
from admin.forms import DisasterForm, MenuForm, PlanForm
from menus import disaster, editing, jobs, store, sync
from menus.model import LAYOUTS, MAX_AREAS, SIZE_LABELS, Menu, MenuError
from menus.plan import Plan
from menus.publish import publish

LAYOUT_LABELS = {"full-6": "大・6 個 (2 段 × 3 列)", "full-4": "大・4 個 (2 段 × 2 列)", "full-3": "大・3 個 (1 段 × 3 列)",
                 "half-3": "小・3 個 (1 段 × 3 列)", "half-2": "小・2 個 (1 段 × 2 列)", "half-1": "小・1 個"}


@bp.get("/menus", endpoint="menus")
def menus_page():
    redis = services().redis
    plan = store.get_plan(redis)
    return render("menus.html", title="リッチメニュー", menus=store.all_menus(redis), plan=plan,
                  rules_text=_rules_text(plan), progress=sync.progress(redis), mode=store.get_mode(redis),
                  plan_form=PlanForm(data=_plan_data(plan)), disaster_form=DisasterForm(),
                  size_labels=SIZE_LABELS)


@bp.get("/menus/<key>/image")
def menu_image(key: str):
    stored = store.get_menu(services().redis, key) or abort(404)
    return Response(stored.image, mimetype=stored.image_type, headers={"Cache-Control": "no-store"})


@bp.get("/menus/progress.json")
def menus_progress():
    redis = services().redis
    progress, mode = sync.progress(redis), store.get_mode(redis)
    return jsonify(state=progress.state, total=progress.total, done=progress.done, percent=progress.percent,
                   error=progress.error, disaster=mode.disaster, pending=mode.switch == "pending",
                   seconds=mode.seconds)


@bp.route("/menus/new", methods=["GET", "POST"])
@requires("writer")
def menu_new():
    return _edit(None)


@bp.route("/menus/<key>/edit", methods=["GET", "POST"])
@requires("writer")
def menu_edit(key: str):
    return _edit(store.get_menu(services().redis, key) or abort(404))


def _edit(stored):
    form = MenuForm(data=_menu_data(stored.menu) if stored else {"layout": "full-6", "chat_bar_text": "メニュー"})
    layout = request.form.get("layout") or (form.layout.data or "full-6")
    rows = _rows_from_request() if request.method == "POST" else _rows_of(stored.menu if stored else None)
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.image.data.read() if form.image.data else None
        try:
            menu = editing.save_menu(services().redis, key=stored.menu.key if stored else form.key.data,
                                     name=form.name.data, chat_bar_text=form.chat_bar_text.data, layout=layout,
                                     areas=rows[:_count(layout)], image=upload, actor=actor(), at=_now())
        except MenuError as error:
            problems = error.problems
        else:
            flash(f"メニュー「{menu.name}」を保存しました。「LINE に公開」を押すと市民に届きます。", "success")
            return redirect(url_for("admin.menus", _anchor=f"menu-{menu.key}"))
    return render("menu_edit.html", title="メニューの編集" if stored else "メニューの追加", form=form, stored=stored,
                  rows=rows + [editing.AreaInput("", "message", "")] * (MAX_AREAS - len(rows)), layout=layout,
                  layouts=LAYOUT_LABELS, counts={name: _count(name) for name in LAYOUTS},
                  kinds=editing.ACTION_KINDS, problems=problems,
                  menu_keys=sorted(store.menu_keys(services().redis)))


@bp.post("/menus/<key>/publish")
@requires("writer")
def menu_publish(key: str):
    current = services()
    try:
        line_id = publish(current.redis, current.gateway, key)
    except MenuError as error:
        flash("公開できませんでした: " + " ".join(error.problems), "error")
    else:
        audit.record(current.redis, actor=actor(), action="menus.publish", target=key, details={"line_id": line_id})
        jobs.request_sync(current.redis, current.queue(jobs.QUEUE))
        flash("LINE に公開しました。このメニューの友だちを新しいメニューに切り替えています。", "success")
    return redirect(url_for("admin.menus", _anchor=f"menu-{key}"))


@bp.post("/menus/plan")
@requires("admin")
def menus_plan():
    current = services()
    form = PlanForm()
    if not form.validate_on_submit():
        flash("入力を確認してください: " + " ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("admin.menus", _anchor="plan"))
    try:
        plan = Plan(default=form.default.data.strip(), registered=form.registered.data.strip(),
                    disaster=form.disaster.data.strip(), rules=editing.parse_rules(form.rules.data or ""))
        editing.save_plan(current.redis, current.config.city, plan, actor=actor())
    except MenuError as error:
        flash("割り当てを保存できませんでした: " + " ".join(error.problems), "error")
        return redirect(url_for("admin.menus", _anchor="plan"))
    count = jobs.relink_everyone(current.redis, current.config.city)
    jobs.request_sync(current.redis, current.queue(jobs.QUEUE))
    flash(f"割り当てを保存しました。友だち {count:,} 人のメニューを順に切り替えています (進み具合は下に表示)。", "success")
    return redirect(url_for("admin.menus", _anchor="progress"))


@bp.post("/disaster")
@requires("admin")
def disaster_switch():
    current = services()
    form = DisasterForm()
    turning_on = not store.is_disaster(current.redis)
    if not form.validate_on_submit():
        flash("切り替えていません: " + " ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("admin.menus", _anchor="disaster"))
    try:
        if turning_on:
            mode = disaster.switch_on(current.redis, current.queue(jobs.QUEUE), actor=actor(),
                                      reason=form.reason.data, at=_now(), city_name=current.config.city.name)
        else:
            mode = disaster.switch_off(current.redis, current.queue(jobs.QUEUE), actor=actor(),
                                       reason=form.reason.data, at=_now())
    except MenuError as error:
        flash("切り替えていません: " + " ".join(error.problems), "error")
        return redirect(url_for("admin.menus", _anchor="disaster"))
    if turning_on:
        flash("災害モードにしました。全員のメニューを災害時メニューに切り替えています。緊急のお知らせの下書きを開きました。"
              "内容を確認して、承認を依頼してください。", "success")
        return redirect(url_for("admin.broadcast_edit", broadcast_id=mode.broadcast_id))
    flash("災害モードを解除しました。友だちのメニューを元に戻しています。", "success")
    return redirect(url_for("admin.menus", _anchor="progress"))


def _rows_from_request() -> list[editing.AreaInput]:
    return [editing.AreaInput(request.form.get(f"label-{n}", ""), request.form.get(f"kind-{n}", "message"),
                              request.form.get(f"value-{n}", "")) for n in range(MAX_AREAS)
            if request.form.get(f"label-{n}") is not None]


def _rows_of(menu: Menu | None) -> list[editing.AreaInput]:
    if menu is None:
        return []
    rows = []
    for area in menu.areas:
        action = area.action
        kind = {"uri": "uri", "richmenuswitch": "switch"}.get(action["type"], "message")
        value = action.get("text") or action.get("uri") or action.get("richMenuAliasId") or ""
        rows.append(editing.AreaInput(area.label.replace("\n", "\\n"), kind, value))
    return rows


def _menu_data(menu: Menu) -> dict:
    layout = next((name for name, (size, rows, columns) in LAYOUTS.items()
                   if size == menu.size and rows * columns == len(menu.areas)), "full-6")
    return {"key": menu.key, "name": menu.name, "chat_bar_text": menu.chat_bar_text, "layout": layout}


def _plan_data(plan: Plan | None) -> dict:
    if plan is None:
        return {}
    return {"default": plan.default, "registered": plan.registered, "disaster": plan.disaster,
            "rules": _rules_text(plan)}


def _rules_text(plan: Plan | None) -> str:
    return "\n".join(f"{rule.segment} => {rule.menu}" for rule in plan.rules) if plan else ""


def _count(layout: str) -> int:
    _, rows, columns = LAYOUTS.get(layout, ("full", 2, 3))
    return rows * columns


def _now() -> datetime:
    return datetime.now(timezone.utc)
