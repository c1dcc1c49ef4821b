"""Flask: the `admin` blueprint object and what every console view shares (services, current staff, roles)."""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from menus.store import get_mode
from reports.text import number, percent
from services import Services

HERE = Path(__file__).resolve().parent

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder=str(HERE / "templates"),
               static_folder=str(HERE / "static"))


def services() -> Services:
    """The services the app was built with (`app.extensions["citybot"]`, set by create_app)."""
    return current_app.extensions["citybot"]


def actor() -> str:
    """The logged-in staff member's name, as written to the audit log."""
    return current_user.account.name


def requires(*roles: str):
    """Allow the view only to staff holding one of `roles`; checked on the server for every request."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if not any(current_user.account.has_role(role) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        guarded.required_roles = roles
        return guarded

    return decorate


def render(template: str, **context):
    """Render a console page (templates live under admin/templates/admin/)."""
    return render_template(f"admin/{template}", **context)


def wants_json() -> bool:
    """The console's scripts ask for JSON; browsers navigating ask for HTML."""
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


NAVIGATION = (
    ("admin.dashboard", "ダッシュボード", None),
    ("admin.broadcasts", "配信", None),
    ("admin.faq", "FAQ", None),
    ("admin.menus", "メニュー", None),
    ("admin.friends", "友だち", None),
    ("admin.campaigns", "友だち集め", None),
    ("admin.civic", "市民通報", None),
    ("admin.reports", "レポート", None),
    ("admin.audit", "監査ログ", "admin"),
    ("admin.staff", "スタッフ管理", "admin"),
)
"""The console's menu: endpoint, label, and the role needed to see it (None = every staff member)."""


@bp.context_processor
def layout_context() -> dict:
    """What the shared layout needs: the city's name, the menu entries this staff member may open, and the
    disaster mode (shown on every page while it is on)."""
    menu = []
    if current_user.is_authenticated:
        menu = [(endpoint, label) for endpoint, label, role in NAVIGATION
                if endpoint in current_app.view_functions and (role is None or current_user.account.has_role(role))]
    mode = get_mode(services().redis) if current_user.is_authenticated else None
    return {"city_name": services().config.city.name, "menu": menu, "disaster_mode": mode,
            "local_time": local_time, "number": number, "percent": percent}


def local_time(iso: str) -> str:
    """An ISO time as staff read it: the city's time zone, e.g. 12月7日 21:05."""
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso).astimezone(services().config.tz)
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}"
