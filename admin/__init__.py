"""Flask: the staff web console at /admin. The app factory calls `init_app(app)` once; nothing else is needed.

`init_app` sets up Flask-Login (server-side sessions in Redis), CSRF protection for the console's
forms (the LINE webhook is not affected: it is verified by its signature), security headers, and
registers the `admin` blueprint. It expects the services in `app.extensions["citybot"]`.
"""

from __future__ import annotations

from flask import Flask

from admin import security, auth  # noqa: I001  (security first: its CSRF check runs before the login check)
from admin.blueprint import bp
import admin.views  # noqa: F401  (importing the pages registers their routes on `bp`)


def init_app(app: Flask) -> None:
    """Set up login, CSRF and headers, and register the console; call after app.extensions["citybot"] is set."""
    if "citybot" not in app.extensions:
        raise RuntimeError('admin.init_app needs app.extensions["citybot"] (the Services) to be set first')
    security.init_app(app)
    auth.init_app(app)
    app.register_blueprint(bp)


__all__ = ["bp", "init_app"]
