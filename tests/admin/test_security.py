"""The console's defences, through Flask's test client: login everywhere, roles, CSRF, sessions, headers."""

from __future__ import annotations

import re

import pytest

from admin import accounts, keys
from admin.auth import LOGIN_RATE
from tests.admin.conftest import PASSWORD, csrf_token, login, make_staff

PUBLIC = {"admin.login", "admin.static"}


def console_routes(app):
    """Every console URL with placeholders filled in, with the methods it answers and the role it needs."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin.") and rule.endpoint not in PUBLIC:
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", "x", re.sub(r"<int:[^<>]+>", "0", rule.rule))
            view = app.view_functions[rule.endpoint]
            yield rule.endpoint, path, rule.methods - {"HEAD", "OPTIONS"}, getattr(view, "required_roles", ())


def test_the_console_has_pages_to_check(app):
    assert len(list(console_routes(app))) >= 6


def test_every_page_requires_login(app, client):
    token = csrf_token(client)
    for endpoint, path, methods, _ in console_routes(app):
        for method in methods:
            response = client.open(path, method=method, data={"csrf_token": token})
            assert response.status_code == 302, (endpoint, method)
            assert response.location.startswith("/admin/login"), (endpoint, method)


def test_json_endpoints_answer_401_rather_than_a_login_page(app, client):
    response = client.get("/admin/", headers={"Accept": "application/json"})
    assert response.status_code == 401


@pytest.mark.parametrize("role", ["writer", "approver", "admin"])
def test_roles_are_enforced_on_the_server_for_every_guarded_page(app, client, as_staff, role):
    """Someone holding every role but `role` is refused each page that only `role` may use."""
    as_staff(*({"writer", "approver", "admin"} - {role}))
    token = csrf_token(client, "/admin/")
    guarded = [(path, methods) for _, path, methods, roles in console_routes(app) if set(roles) == {role}]
    assert guarded
    for path, methods in guarded:
        for method in methods:
            assert client.open(path, method=method, data={"csrf_token": token}).status_code == 403, (path, method)


def test_a_writer_cannot_create_accounts(client, redis, as_staff):
    as_staff("writer")
    token = csrf_token(client, "/admin/")
    response = client.post("/admin/staff", data={"name": "intruder", "roles": ["admin"], "csrf_token": token})
    assert response.status_code == 403
    assert accounts.get(redis, "intruder") is None


def test_an_admin_creates_an_account_and_sees_its_one_time_password_once(client, redis, as_staff):
    as_staff("admin")
    token = csrf_token(client, "/admin/staff")
    response = client.post("/admin/staff", data={"name": "tanaka", "roles": ["writer"], "csrf_token": token})
    html = response.get_data(as_text=True)
    password = re.search(r'id="one-time-password">([a-z0-9-]+)<', html).group(1)
    assert accounts.authenticate(redis, "tanaka", password).account.roles == {"writer"}


def test_a_post_without_the_csrf_token_is_refused(client, redis, as_staff):
    as_staff("admin")
    response = client.post("/admin/staff", data={"name": "tanaka", "roles": ["writer"]})
    assert response.status_code == 400
    assert accounts.get(redis, "tanaka") is None


def test_a_csrf_token_from_another_session_is_refused(app, client, redis, as_staff):
    foreign = csrf_token(app.test_client())
    as_staff("admin")
    response = client.post("/admin/staff", data={"name": "tanaka", "roles": ["writer"], "csrf_token": foreign})
    assert response.status_code == 400
    assert accounts.get(redis, "tanaka") is None


def test_the_login_form_itself_needs_the_csrf_token(client, redis):
    make_staff(redis, "sato", "writer")
    response = client.post("/admin/login", data={"name": "sato", "password": PASSWORD})
    assert response.status_code == 400


def test_the_webhook_is_not_subject_to_the_consoles_csrf_check(client):
    response = client.post("/callback", data=b'{"events": []}', headers={"X-Line-Signature": "wrong"})
    assert response.status_code == 400
    assert "invalid signature" in response.get_data(as_text=True)


def test_wrong_passwords_lock_the_login_and_say_until_when(client, redis):
    make_staff(redis, "sato", "writer")
    for _ in range(accounts.MAX_FAILURES):
        page = login(client, "sato", "wrong").get_data(as_text=True)
    assert "ログインできません" in page
    refused = login(client, "sato", PASSWORD)
    assert refused.status_code == 200 and "ログインできません" in refused.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_guessing_across_many_names_from_one_address_is_slowed_down(client, redis):
    allowed = int(LOGIN_RATE.split("/")[0])
    statuses = [login(client, f"guess{number}", "wrong").status_code for number in range(allowed + 1)]
    assert statuses == [200] * allowed + [429]
    assert "試行が多すぎます" in login(client, "sato", PASSWORD).get_data(as_text=True)


def test_a_failed_login_keeps_the_name_typed(client, redis):
    page = login(client, "sato", "wrong").get_data(as_text=True)
    assert 'value="sato"' in page and "ログイン名またはパスワードが違います" in page


def test_a_one_time_password_must_be_changed_before_anything_else(client, redis):
    one_time = accounts.create(redis, "sato", ["writer"], actor="test")
    login(client, "sato", one_time)
    assert client.get("/admin/").location == "/admin/password"
    token = csrf_token(client, "/admin/password")
    response = client.post("/admin/password", data={"current": one_time, "new": PASSWORD, "confirm": PASSWORD,
                                                    "csrf_token": token})
    assert response.location == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_weak_new_password_is_refused_next_to_the_field(client, redis):
    one_time = accounts.create(redis, "sato", ["writer"], actor="test")
    login(client, "sato", one_time)
    token = csrf_token(client, "/admin/password")
    page = client.post("/admin/password", data={"current": one_time, "new": "short", "confirm": "short",
                                                "csrf_token": token}).get_data(as_text=True)
    assert 'id="new-error"' in page and "12 文字以上" in page and 'aria-invalid="true"' in page


def test_logging_out_ends_the_session_on_the_server(app, client, redis, as_staff):
    as_staff("writer")
    cookie = client.get_cookie("session").value
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    assert replay.get("/admin/").status_code == 302


def test_an_expired_session_sends_back_to_login(client, redis, as_staff):
    as_staff("writer")
    for key in redis.scan_iter(keys.session("*")):
        redis.delete(key)  # what the idle timeout does
    assert client.get("/admin/").location.startswith("/admin/login")


def test_login_goes_back_only_to_console_pages(client, redis):
    make_staff(redis, "sato", "writer")
    token = csrf_token(client)
    for target, expected in [("/admin/friends", "/admin/friends"), ("https://evil.example/", "/admin/"),
                             ("//evil.example/admin/", "/admin/")]:
        client.get("/admin/login")
        response = client.post(f"/admin/login?next={target}", data={"name": "sato", "password": PASSWORD,
                                                                     "csrf_token": token})
        assert response.location == expected
        client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/")})
        token = csrf_token(client)


@pytest.mark.parametrize("path", ["/admin/login", "/admin/"])
def test_security_headers_are_sent(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers


def test_hsts_is_sent_over_https(client):
    headers = client.get("/admin/login", base_url="https://console.example").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_have_no_inline_scripts_or_styles(client, as_staff):
    as_staff("writer", "approver", "admin")
    for path in ["/admin/", "/admin/staff", "/admin/audit"]:
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert "style=" not in html and "<style" not in html, path


def test_every_staff_action_is_in_the_audit_log_which_an_admin_can_download(client, redis, as_staff):
    as_staff("admin", name="boss")
    token = csrf_token(client, "/admin/staff")
    client.post("/admin/staff", data={"name": "tanaka", "roles": ["writer"], "csrf_token": token})
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "staff.create" in page and "tanaka" in page
    csv_text = client.get("/admin/audit.csv").get_data(as_text=True)
    assert csv_text.startswith("\ufeff日時") and "staff.create" in csv_text
