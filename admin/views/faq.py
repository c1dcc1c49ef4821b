"""Flask: FAQ — search as citizens would ask, add and edit, import/export files, and the questions we failed."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta

from flask import Response, abort, flash, redirect, request, url_for

from admin.blueprint import actor, bp, render, requires, services
from admin.forms import AliasForm, FaqForm, FaqImportForm
from bot.faq import editing, engine, gaps, store
from bot.faq.io import FaqFileError, write_faqs

PAGE_SIZE = 50
GAP_PERIODS = (7, 30, 90, 180)
"""Days back the gap lists can cover (the FAQ package keeps 180 days)."""

VERDICTS = {"answer": "この質問には回答します", "ask": "この質問には候補を示して聞き返します",
            "none": "この質問には回答できません (問い合わせ先を案内します)"}

PROBLEM_FIELDS = (("id", "id"), ("質問", "question"), ("回答", "answer"), ("URL", "url"))
"""Which form field a problem reported by the FAQ package belongs to, by the word it names."""

EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@bp.get("/faq", endpoint="faq")
def faq_list():
    redis, query = services().redis, request.args.get("q", "").strip()
    if query:
        found = engine.ask(redis, query, top=20)
        return render("faq_search.html", title="FAQ", query=query, lookup=found, verdict=VERDICTS[found.verdict])
    faq_set = store.load(redis)
    faqs = faq_set.faqs if faq_set else []
    category = request.args.get("category", "")
    shown = [faq for faq in faqs if not category or faq.category == category]
    page = max(request.args.get("page", 1, type=int), 1)
    return render("faq_list.html", title="FAQ", faqs=shown[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], page=page,
                  pages=max((len(shown) + PAGE_SIZE - 1) // PAGE_SIZE, 1), total=len(shown), category=category,
                  categories=sorted({faq.category for faq in faqs if faq.category}), meta=store.meta(redis),
                  feedback=gaps.feedback_counts(redis))


@bp.route("/faq/new", methods=["GET", "POST"])
@requires("writer")
def faq_new():
    return _edit(FaqForm(data={"question": request.args.get("question", "")}), replacing=None)


@bp.route("/faq/<faq_id>/edit", methods=["GET", "POST"])
@requires("writer")
def faq_edit(faq_id: str):
    faq = store.get_faq(services().redis, faq_id) or abort(404)
    return _edit(FaqForm(data={**asdict(faq), "aliases": "\n".join(faq.aliases)}), replacing=faq_id)


def _edit(form: FaqForm, replacing: str | None):
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            faq = editing.save(services().redis, _values(form), actor=actor(), at=_now(), replacing=replacing)
        except FaqFileError as error:
            problems = _attach(form, error.problems)
        else:
            flash(f"FAQ「{faq.question}」を保存しました。市民への回答にすぐ使われます。", "success")
            return redirect(url_for("admin.faq", q=faq.question))
    title = "FAQ の編集" if replacing else "FAQ の追加"
    return render("faq_edit.html", title=title, form=form, problems=problems, replacing=replacing)


def _values(form: FaqForm) -> dict:
    values = {name: form[name].data or "" for name in ("id", "question", "answer", "category", "department",
                                                        "phone", "url")}
    values["aliases"] = [line.strip() for line in (form.aliases.data or "").splitlines() if line.strip()]
    return values


def _attach(form: FaqForm, problems: list[str]) -> list[str]:
    """Put each problem next to the field it names; return those that name none."""
    general = []
    for problem in problems:
        field = next((name for word, name in PROBLEM_FIELDS if word in problem), None)
        if field:
            form[field].errors.append(problem)
        else:
            general.append(problem)
    return general


@bp.route("/faq/import", methods=["GET", "POST"])
@requires("writer")
def faq_import():
    form, problems = FaqImportForm(), []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            imported = editing.import_file(services().redis, upload.read(), upload.filename, actor=actor(),
                                           at=_now(), embed_in=services().queue("default"))
        except FaqFileError as error:
            problems = error.problems
        else:
            waiting = (f"新しい・変更された {imported.to_embed} 件の意味検索の準備 (1,000 件で 1〜4 分ほど。"
                       "回答が長いほどかかります) が終わるまでは、語句の一致で回答します。"
                       if imported.to_embed else "意味検索もそのまま使えます。")
            flash(f"{imported.count} 件の FAQ を取り込みました。今までの FAQ と入れ替わりました。{waiting}", "success")
            return redirect(url_for("admin.faq"))
    return render("faq_import.html", title="FAQ の取り込み", form=form, problems=problems)


@bp.get("/faq/export.<kind>")
def faq_export(kind: str):
    faq_set = store.load(services().redis)
    if kind not in EXPORT_TYPES or faq_set is None:
        abort(404)
    name = f"faq-{_now():%Y%m%d}.{kind}"
    return Response(write_faqs(faq_set.faqs, name), mimetype=EXPORT_TYPES[kind],
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.get("/faq/gaps")
def faq_gaps():
    days = request.args.get("days", 30, type=int)
    days = days if days in GAP_PERIODS else 30
    found = gaps.top_gaps(services().redis, _now() - timedelta(days=days), limit=200)
    questions = {gap.faq_id: store.get_faq(services().redis, gap.faq_id) for gap in found if gap.faq_id}
    return render("faq_gaps.html", title="答えられなかった質問", days=days, periods=GAP_PERIODS,
                  unanswered=[gap for gap in found if gap.kind == "unanswered"],
                  unhelpful=[gap for gap in found if gap.kind == "unhelpful"], faqs=questions)


@bp.route("/faq/alias", methods=["GET", "POST"])
@requires("writer")
def faq_alias():
    form = AliasForm()
    if form.validate_on_submit():
        try:
            faq = editing.add_alias(services().redis, form.faq_id.data, form.alias.data, actor=actor(), at=_now())
        except FaqFileError as error:
            flash(" ".join(error.problems), "error")
        else:
            flash(f"「{form.alias.data}」を FAQ「{faq.question}」の別の聞き方に加えました。", "success")
        return redirect(url_for("admin.faq_gaps"))
    text = request.args.get("text", "").strip() or abort(404)
    return render("faq_alias.html", title="別の聞き方として追加", text=text,
                  candidates=engine.ask(services().redis, text, top=8).hits)


def _now() -> datetime:
    return datetime.now(services().config.tz)
