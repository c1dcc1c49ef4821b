"""Fixtures that build citybot's config, services, app and workers against the test Redis and linesim."""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from dataclasses import dataclass

import pytest
from rq import SimpleWorker
from werkzeug.serving import make_server

import services as services_module
from app import create_app
from config import Config
from services import QUEUES, Services

TEST_SECRET = "test-channel-secret"
TEST_TOKEN = "test-access-token"


def sign(body: str | bytes, secret: str = TEST_SECRET) -> str:
    """LINE's webhook signature: Base64(HMAC-SHA256(channel secret, raw body))."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    return base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()


NO_QUIET_HOURS = "00:00-00:00"
"""An empty quiet-hours window (start equals end)."""


def environment_for(tmp_path, redis_url: str, line_endpoint: str, secret: str, token: str) -> dict[str, str]:
    return {
        "LINE_CHANNEL_SECRET": secret,
        "LINE_CHANNEL_ACCESS_TOKEN": token,
        "LINE_API_ENDPOINT": line_endpoint,
        "REDIS_URL": redis_url,
        "CITYBOT_DATA_DIR": str(tmp_path / "data"),
        "CITYBOT_SECRET_KEY": "test-secret-key",
    }


@pytest.fixture
def citybot_config(tmp_path, redis_url, linesim) -> Config:
    """Config pointing at the session's linesim and Redis, with linesim's channel credentials, and no quiet hours:
    the tests that send "now" must pass at any hour (quiet hours have tests of their own)."""
    env = environment_for(tmp_path, redis_url, linesim.url, linesim.channel_secret, linesim.access_token)
    return Config.from_env({**env, "CITYBOT_QUIET_HOURS": NO_QUIET_HOURS}, dotenv=None)


@pytest.fixture
def citybot_services(citybot_config, redis):
    """Services installed for in-process jobs; the `redis` fixture flushes the database around the test."""
    services = Services.from_config(citybot_config)
    services_module.install(services)
    yield services
    services_module.install(None)
    services.gateway.close()


@pytest.fixture
def run_jobs(citybot_services):
    """Run every queued job in-process (RQ's SimpleWorker in burst mode), as RQ's testing docs recommend."""

    def run() -> None:
        queues = [citybot_services.queue(name) for name in QUEUES]
        SimpleWorker(queues, connection=citybot_services.redis).work(burst=True)

    return run


@dataclass
class RunningSystem:
    url: str
    services: Services
    run_jobs: object


@pytest.fixture
def citybot_system(citybot_services, linesim, run_jobs):
    """The web app served on a free port, linesim's webhook pointed at it; call `run_jobs()` to work the queues."""
    app = create_app(services=citybot_services)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    linesim.set_webhook(f"{url}/callback")
    yield RunningSystem(url=url, services=citybot_services, run_jobs=run_jobs)
    linesim.set_webhook(None)
    server.shutdown()
