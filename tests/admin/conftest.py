"""Fixtures for the staff console: the app with the console, staff accounts with known passwords, logging in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from admin import accounts
from app import create_app
from config import Config
from services import Services
from tests.plugins.citybot_fixtures import TEST_SECRET, TEST_TOKEN, environment_for

PASSWORD = "correct horse battery staple"
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf-token" content="([^"]+)"')


@pytest.fixture
def console_services(tmp_path, redis_url, redis):
    env = environment_for(tmp_path, redis_url, "http://127.0.0.1:9", TEST_SECRET, TEST_TOKEN)
    services = Services.from_config(Config.from_env(env, dotenv=None))
    yield services
    services.gateway.close()


@pytest.fixture
def app(console_services):
    return create_app(services=console_services)


@pytest.fixture
def client(app):
    return app.test_client()


def make_staff(redis, name: str, *roles: str, password: str = PASSWORD) -> str:
    """An account that has already replaced its one-time password with `password`."""
    one_time = accounts.create(redis, name, roles, actor="test")
    accounts.change_password(redis, name, one_time, password)
    return name


def csrf_token(client, path: str = "/admin/login") -> str:
    """The session's CSRF token, as a page of the console hands it out."""
    html = client.get(path).get_data(as_text=True)
    found = CSRF_FIELD.search(html)
    assert found, f"no CSRF token on {path}"
    return found.group(1) or found.group(2)


def login(client, name: str, password: str = PASSWORD):
    token = csrf_token(client)
    return client.post("/admin/login", data={"name": name, "password": password, "csrf_token": token})


def staff_login(client, redis):
    """A function that logs `client` in as a new staff member: `log_in("writer", "approver", name="sato")`."""

    def log_in(*roles: str, name: str | None = None):
        name = name or "-".join(sorted(roles)) + "-user"
        make_staff(redis, name, *roles)
        response = login(client, name)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return log_in


@pytest.fixture
def as_staff(client, redis):
    """Log the test client in as a new staff member with the given roles: `as_staff("writer", "approver")`."""
    return staff_login(client, redis)


@pytest.fixture
def line_app(citybot_services):
    """The console on services that reach linesim (quota, test sends, deliveries) and run jobs in-process."""
    return create_app(services=citybot_services)


def logged_in_client(app, redis, *roles: str, name: str):
    """A fresh browser-like client of `app`, logged in as a new staff member."""
    client = app.test_client()
    staff_login(client, redis)(*roles, name=name)
    return client


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "admin"
"""Screenshots of the console's pages from the browser tests (kept as CI artefacts; git ignores them)."""

@pytest.fixture
def console_url(citybot_system):
    """The whole web app (webhook and console, with linesim as LINE) over real HTTP, for the browser."""
    return citybot_system.url


@pytest.fixture
def open_browser(chromium):
    """`open_browser(width, height)`: a fresh browser context (its own cookies); every one is closed after the test.

    Console errors (including CSP violations) are collected on `page.console_errors`.
    """
    contexts = []

    def open_page(width: int = 1366, height: int = 768):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="ja-JP",
                                       timezone_id="Asia/Tokyo")
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def browser_login(page, base_url: str, name: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/admin/login")
    page.get_by_label("ログイン名").fill(name)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{base_url}/admin/")
