"""Flask: logging staff in and out, first-login password change, and the login requirement on every page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, flash, jsonify, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from admin import accounts, sessions
from admin.accounts import StaffAccount
from admin.blueprint import bp, render, services, wants_json
from admin.forms import LoginForm, PasswordForm
from admin.policy import AccountError, WrongPassword
from messages.ratelimit import SharedRateLimiter

LOGIN_RATE = "30/10minutes"
"""Login attempts per client address: bounds password guessing across names (the per-name lockout cannot)."""

PUBLIC_ENDPOINTS = {"admin.login", "admin.static"}
"""The only console URLs reachable without logging in."""

PASSWORD_ENDPOINTS = {"admin.password", "admin.logout", "admin.static"}
"""All a staff member with a one-time password can reach until it is changed."""


class StaffUser(UserMixin):
    """Flask-Login's user: the account plus the server-side session token (the id kept in the cookie)."""

    def __init__(self, account: StaffAccount, token: str):
        self.account, self.token = account, token

    def get_id(self) -> str:
        return self.token


def init_app(app: Flask) -> None:
    manager = LoginManager(app)
    manager.user_loader(_load_user)
    manager.unauthorized_handler(_unauthorized)
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", sessions.ABSOLUTE_SECONDS)
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    if app.extensions["citybot"].config.public_url.startswith("https://"):
        app.config.setdefault("SESSION_COOKIE_SECURE", True)


def _load_user(token: str) -> StaffUser | None:
    redis = services().redis
    name = sessions.resume(redis, token)
    account = accounts.get(redis, name) if name else None
    if account is None or account.disabled:
        return None
    return StaffUser(account, token)


def _unauthorized():
    if wants_json():
        return jsonify(error="ログインし直してください。"), 401
    flash("ログインしてください。", "info")
    return redirect(url_for("admin.login", next=request.full_path))


@bp.before_request
def require_login():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return _unauthorized()
    if current_user.account.must_change_password and request.endpoint not in PASSWORD_ENDPOINTS:
        flash("最初に、お渡しした仮のパスワードを自分だけのパスワードに変えてください。", "info")
        return redirect(url_for("admin.password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        redis = services().redis
        if not SharedRateLimiter(redis, {"login": LOGIN_RATE}).allow("login", request.remote_addr or "-"):
            form.password.errors.append("ログインの試行が多すぎます。しばらく待ってからもう一度お試しください。")
            return render("login.html", form=form, title="ログイン"), 429
        result = accounts.authenticate(redis, form.name.data.strip(), form.password.data)
        if result.account:
            return _start_session(result.account)
        if result.locked_until:
            until = result.locked_until.astimezone(services().config.tz).strftime("%H:%M")
            form.password.errors.append(f"失敗が続いたため、{until} までこの名前ではログインできません。")
        else:
            form.password.errors.append("ログイン名またはパスワードが違います。")
    return render("login.html", form=form, title="ログイン")


def _start_session(account: StaffAccount):
    token = sessions.start(services().redis, account.name)
    session.clear()
    session.permanent = True
    login_user(StaffUser(account, token))
    return redirect(_safe_next(request.args.get("next")))


def _safe_next(target: str | None) -> str:
    """Only go back to a console page after login, never to another site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/admin/"):
            return target
    return url_for("admin.dashboard")


@bp.post("/logout")
def logout():
    sessions.end(services().redis, current_user.token, current_user.account.name)
    logout_user()
    session.clear()
    flash("ログアウトしました。", "info")
    return redirect(url_for("admin.login"))


@bp.route("/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(services().redis, current_user.account.name, form.current.data,
                                     form.new.data, keep_session=current_user.token)
        except WrongPassword as error:
            form.current.errors.append(str(error))
        except AccountError as error:
            form.new.errors.append(str(error))
        else:
            flash("パスワードを変更しました。", "success")
            return redirect(url_for("admin.dashboard"))
    return render("password.html", form=form, title="パスワードの変更")
