"""Flask: CSRF protection for every console form and the security headers on every response."""

from __future__ import annotations

from flask import Flask, jsonify, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from admin.blueprint import bp, render, wants_json

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",  # notices show images from the city's HTTPS site in the preview
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
"""No inline scripts or styles anywhere in the console: all JS and CSS are files under admin/static."""

HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    """CSRF is checked for the console only (LINE's webhook is signed, not a form); headers go on everything."""
    csrf.init_app(app)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.config["WTF_CSRF_TIME_LIMIT"] = None  # tokens live as long as the session, so a long draft can be saved
    app.after_request(add_security_headers)


UPLOAD_LIMITS = {"admin.faq_import": 10 * 1024 * 1024}
"""Bodies larger than the app-wide limit (sized for LINE's webhook) that some console forms accept."""


@bp.before_request
def allow_uploads():
    """Runs before the CSRF check, which is the first to read the body."""
    if request.endpoint in UPLOAD_LIMITS:
        request.max_content_length = UPLOAD_LIMITS[request.endpoint]


@bp.before_request
def check_csrf():
    """Every POST to /admin needs the session's token (form field or X-CSRFToken header)."""
    csrf.protect()


def add_security_headers(response):
    if request.blueprint == "webhook":
        return response  # LINE's servers call it, not a browser: the headers only cost time on the hot path
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.blueprint == "admin" and request.endpoint != "admin.static":
        headers.setdefault("Cache-Control", "no-store")  # staff pages must not stay in shared caches
    return response


@bp.app_errorhandler(CSRFError)
def csrf_failed(error: CSRFError):
    if wants_json():
        return jsonify(error="画面を読み込み直してください (送信の確認用の情報が古くなっています)。"), 400
    return render("error.html", title="送信できませんでした",
                  message="画面を開いてから時間がたったか、別の画面から送信されました。"
                          "ブラウザの「戻る」で入力内容を確認し、もう一度送信してください。"), 400


@bp.errorhandler(403)
def forbidden(error):
    return render("error.html", title="この操作の権限がありません",
                  message="この画面や操作には別の役割が必要です。必要なら管理者に依頼してください。"), 403


@bp.errorhandler(404)
def not_found(error):
    return render("error.html", title="見つかりません", message="お探しのページやデータはありません。"), 404
