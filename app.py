"""The web process: `create_app()` builds the services and registers the webhook, health check and staff console.

Production: `gunicorn "app:create_app()"`. The webhook only verifies, de-duplicates and enqueues;
workers do the rest, so LINE gets its 200 in milliseconds.
"""

from __future__ import annotations

import logging
import secrets
import time
from pathlib import Path

from flask import Blueprint, Flask, current_app, jsonify, request
from linebot.v3 import SignatureValidator
from redis.exceptions import RedisError
from rq import Worker

import admin
from campaigns.web import short_links
from civic.web import open_data
from bot.events import MalformedEvent
from bot.intake import accept, parse_body
from config import Config
from services import QUEUES, Services

log = logging.getLogger(__name__)

webhook = Blueprint("webhook", __name__)


def create_app(config: Config | None = None, services: Services | None = None) -> Flask:
    """The Flask app; `config` defaults to the environment, `services` to those built from the config."""
    config = config or (services.config if services else Config.from_env())
    services = services or Services.from_config(config)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=config.secret_key or _persistent_secret(config.data_dir),
        MAX_CONTENT_LENGTH=config.max_webhook_body,
        JSON_AS_ASCII=False,
    )
    app.extensions["citybot"] = services
    app.register_blueprint(webhook)
    app.register_blueprint(short_links)
    app.register_blueprint(open_data)
    admin.init_app(app)
    return app


def _persistent_secret(data_dir: Path) -> str:
    """A random session key kept in the data dir, so staff stay logged in across restarts."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _services() -> Services:
    return current_app.extensions["citybot"]


def _error(status: int, message: str):
    return jsonify(message=message), status


@webhook.post("/callback")
def callback():
    """LINE's webhook: verify the signature on the raw body, drop duplicates, enqueue, answer 200."""
    services = _services()
    secret = services.config.line_channel_secret
    if not secret:
        return _error(503, "LINE_CHANNEL_SECRET is not configured")
    received_ms = int(time.time() * 1000)
    signature = request.headers.get("X-Line-Signature", "")
    body = request.get_data(as_text=True)
    if not signature or not SignatureValidator(secret).validate(body, signature):
        return _error(400, "invalid signature")
    try:
        events = parse_body(body)
    except MalformedEvent as error:
        return _error(400, str(error))
    try:
        accepted = accept(services.redis, services.queue("events"), events, received_ms)
    except RedisError:
        log.exception("webhook events could not be queued")
        return _error(503, "temporarily unavailable")
    return "OK" if accepted.duplicates == 0 else f"OK ({accepted.duplicates} duplicate)"


@webhook.get("/healthz")
def healthz():
    """Redis reachability, queue depths and worker count, for monitoring."""
    services = _services()
    try:
        services.redis.ping()
        queues = {name: services.queue(name).count for name in QUEUES}
        workers = Worker.count(connection=services.redis)
    except RedisError as error:
        return jsonify(status="error", redis=str(error)), 503
    return jsonify(status="ok", redis="ok", queues=queues, workers=workers)
