"""Flask: 友だち集め — campaigns, their short links, QR codes and posters, and what each brought."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Response, abort, flash, redirect, request, url_for

from admin.blueprint import actor, bp, render, requires, services
from admin.forms import CampaignForm
from campaigns import links, printing, store
from campaigns.model import Campaign, CampaignError, from_form
from campaigns.tally import campaign_table
from messages.errors import DeliveryError

POSTER_TOPICS = 4
"""The poster names the city's first four interests (防災, 子育て, …): what a friend will receive."""


def _today():
    return datetime.now(services().config.tz).date()


@bp.get("/campaigns", endpoint="campaigns")
def campaigns_page():
    today = _today()
    week_start = today - timedelta(days=today.weekday())
    table = campaign_table(services().redis, week_start, today)
    return render("campaigns.html", title="友だち集め", table=table, week_start=week_start, today=today)


@bp.route("/campaigns/new", methods=["GET", "POST"])
@requires("writer")
def campaign_new():
    return _edit(None)


@bp.route("/campaigns/<code>/edit", methods=["GET", "POST"])
@requires("writer")
def campaign_edit(code: str):
    return _edit(store.get(services().redis, code) or abort(404))


def _edit(existing: Campaign | None):
    current = services()
    today = _today()
    defaults = ({"name": existing.name, "medium": existing.medium, "starts": existing.starts.isoformat(),
                 "ends": existing.ends.isoformat(), "cost": "" if existing.cost is None else str(existing.cost)}
                if existing else {"starts": today.isoformat(), "ends": (today + timedelta(days=30)).isoformat()})
    form = CampaignForm(data=defaults)
    problem = ""
    if form.validate_on_submit():
        code = existing.code if existing else store.unused_code(current.redis)
        try:
            campaign = from_form(code, request.form)
        except CampaignError as error:
            problem = str(error)
        else:
            store.save(current.redis, campaign, actor=actor(), at=datetime.now(current.config.tz),
                       created=existing is None)
            _remember_account_id()
            flash(f"「{campaign.name}」を保存しました。QR コードとポスターを印刷できます。", "success")
            return redirect(url_for("admin.campaign_detail", code=campaign.code))
    return render("campaign_edit.html", title="キャンペーンの編集" if existing else "キャンペーンの追加", form=form,
                  existing=existing, problem=problem)


def _remember_account_id() -> None:
    """Short links need the account's LINE ID; asking LINE now keeps scans from waiting on it later."""
    try:
        store.account_id(services().redis, services().gateway)
    except DeliveryError as error:
        flash(f"LINE からアカウントの ID を取得できませんでした ({error})。読み取りのときにもう一度試します。", "error")


def _campaign_or_404(code: str) -> Campaign:
    return store.get(services().redis, code) or abort(404)


def _short_link(campaign: Campaign) -> str:
    return links.short_link(services().config.public_url, campaign.code)


@bp.get("/campaigns/<code>")
def campaign_detail(code: str):
    campaign = _campaign_or_404(code)
    today = _today()
    week_start = today - timedelta(days=today.weekday())
    table = campaign_table(services().redis, week_start, today)
    row = next(row for row in table.rows if row.campaign.code == code)
    return render("campaign.html", title=campaign.name, campaign=campaign, row=row, today=today,
                  short_link=_short_link(campaign))


@bp.get("/campaigns/<code>/qr.png")
def campaign_qr_png(code: str):
    campaign = _campaign_or_404(code)
    return _download(printing.qr_png(_short_link(campaign)), "image/png", f"line-qr-{code}.png")


@bp.get("/campaigns/<code>/qr.svg")
def campaign_qr_svg(code: str):
    campaign = _campaign_or_404(code)
    return _download(printing.qr_svg(_short_link(campaign)), "image/svg+xml", f"line-qr-{code}.svg")


@bp.get("/campaigns/<code>/poster.<kind>")
def campaign_poster(code: str, kind: str):
    """The A4 poster as PDF (to print) or PNG (the preview on the campaign's page)."""
    if kind not in ("pdf", "png"):
        abort(404)
    campaign = _campaign_or_404(code)
    city = services().config.city
    content = printing.poster(city.name, campaign, _short_link(campaign), list(city.interests[:POSTER_TOPICS]), kind)
    return _download(content, "application/pdf" if kind == "pdf" else "image/png", f"line-poster-{code}.{kind}")


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    inline = request.args.get("inline") == "1"
    disposition = "inline" if inline else f'attachment; filename="{filename}"'
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": disposition})
