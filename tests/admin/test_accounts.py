"""Staff accounts in Redis: roles, hashed one-time passwords, password rules, lockout, first admin."""

from __future__ import annotations

import pytest

import audit
from admin import accounts, keys, sessions
from admin.policy import AccountError, WrongPassword, one_time_password, password_problem
from tests.admin.conftest import PASSWORD, make_staff


def test_a_new_account_holds_its_roles_and_must_change_its_one_time_password(redis):
    one_time = accounts.create(redis, "sato", ["writer", "approver"], actor="boss")
    account = accounts.get(redis, "sato")
    assert account.roles == {"writer", "approver"}
    assert account.role_labels == ["作成者", "承認者"]
    assert account.must_change_password
    assert accounts.authenticate(redis, "sato", one_time).account == account


def test_passwords_are_stored_only_as_scrypt_hashes(redis):
    one_time = accounts.create(redis, "sato", ["writer"], actor="boss")
    stored = redis.hget(keys.staff("sato"), "password").decode()
    assert stored.startswith("scrypt:") and one_time not in stored
    assert one_time not in str(audit.entries(redis))


def test_a_name_cannot_be_taken_twice(redis):
    accounts.create(redis, "sato", ["writer"], actor="boss")
    with pytest.raises(AccountError, match="すでに使われています"):
        accounts.create(redis, "sato", ["admin"], actor="boss")
    assert accounts.get(redis, "sato").roles == {"writer"}


@pytest.mark.parametrize("name, roles", [("sato", []), ("sato", ["owner"]), ("a b", ["writer"]), ("x", ["writer"])])
def test_bad_names_and_roles_are_refused(redis, name, roles):
    with pytest.raises(AccountError):
        accounts.create(redis, name, roles, actor="boss")
    assert accounts.all_accounts(redis) == []


@pytest.mark.parametrize("password, reason", [
    ("short", "12 文字以上"), ("sato-password-123", "ログイン名"), ("aaaaaaaaaaaaaaa", "繰り返し"),
])
def test_weak_passwords_are_refused_with_the_reason(password, reason):
    assert reason in password_problem("sato", password)


def test_a_long_passphrase_is_accepted():
    assert password_problem("sato", PASSWORD) is None


def test_one_time_passwords_differ_and_are_long():
    first, second = one_time_password(), one_time_password()
    assert first != second and len(first.replace("-", "")) == 16


def test_changing_the_password_needs_the_current_one_and_clears_the_first_login_flag(redis):
    one_time = accounts.create(redis, "sato", ["writer"], actor="boss")
    with pytest.raises(WrongPassword):
        accounts.change_password(redis, "sato", "not it", PASSWORD)
    accounts.change_password(redis, "sato", one_time, PASSWORD)
    assert not accounts.get(redis, "sato").must_change_password
    assert accounts.authenticate(redis, "sato", one_time).account is None
    assert accounts.authenticate(redis, "sato", PASSWORD).account is not None


def test_five_failures_lock_the_name_for_fifteen_minutes_even_for_the_right_password(redis):
    make_staff(redis, "sato", "writer")
    for _ in range(accounts.MAX_FAILURES - 1):
        assert accounts.authenticate(redis, "sato", "wrong").locked_until is None
    assert accounts.authenticate(redis, "sato", "wrong").locked_until is not None
    result = accounts.authenticate(redis, "sato", PASSWORD)
    assert result.account is None and result.locked_until is not None
    assert 0 < redis.ttl(keys.locked("sato")) <= accounts.LOCKOUT_SECONDS
    assert "staff.locked" in [entry.action for entry in audit.entries(redis)]


def test_the_lock_ends_when_its_time_is_up(redis):
    make_staff(redis, "sato", "writer")
    for _ in range(accounts.MAX_FAILURES):
        accounts.authenticate(redis, "sato", "wrong")
    redis.delete(keys.locked("sato"))  # what Redis does when the 15 minutes have passed
    assert accounts.authenticate(redis, "sato", PASSWORD).account is not None


def test_unknown_names_are_locked_too_so_guessing_names_reveals_nothing(redis):
    for _ in range(accounts.MAX_FAILURES):
        result = accounts.authenticate(redis, "nobody", "guess")
    assert result.locked_until is not None


def test_a_success_forgets_earlier_failures(redis):
    make_staff(redis, "sato", "writer")
    for _ in range(accounts.MAX_FAILURES - 1):
        accounts.authenticate(redis, "sato", "wrong")
    accounts.authenticate(redis, "sato", PASSWORD)
    assert accounts.authenticate(redis, "sato", "wrong").locked_until is None


def test_a_reset_issues_a_new_one_time_password_unlocks_and_ends_sessions(redis):
    make_staff(redis, "sato", "writer")
    token = sessions.start(redis, "sato")
    for _ in range(accounts.MAX_FAILURES):
        accounts.authenticate(redis, "sato", "wrong")
    one_time = accounts.reset_password(redis, "sato", actor="boss")
    assert sessions.resume(redis, token) is None
    assert accounts.authenticate(redis, "sato", one_time).account.must_change_password


def test_a_disabled_account_cannot_log_in_and_its_sessions_end(redis):
    make_staff(redis, "sato", "writer")
    token = sessions.start(redis, "sato")
    accounts.set_disabled(redis, "sato", True, actor="boss")
    assert sessions.resume(redis, token) is None
    assert accounts.authenticate(redis, "sato", PASSWORD).account is None


def test_admins_cannot_remove_their_own_admin_role_or_disable_themselves(redis):
    make_staff(redis, "boss", "admin")
    with pytest.raises(AccountError):
        accounts.set_roles(redis, "boss", ["writer"], actor="boss")
    with pytest.raises(AccountError):
        accounts.set_disabled(redis, "boss", True, actor="boss")
    assert accounts.get(redis, "boss").roles == {"admin"}


def test_role_changes_are_audited_with_before_and_after(redis):
    make_staff(redis, "sato", "writer")
    accounts.set_roles(redis, "sato", ["writer", "approver"], actor="boss")
    entry = audit.entries(redis, count=1)[0]
    assert (entry.actor, entry.action, entry.target) == ("boss", "staff.roles", "sato")
    assert entry.details == {"before": ["writer"], "after": ["approver", "writer"]}


def test_the_first_admin_is_created_once(redis):
    one_time = accounts.ensure_first_admin(redis)
    assert one_time and accounts.get(redis, "admin").roles == {"admin"}
    assert accounts.ensure_first_admin(redis) is None


def test_no_first_admin_once_someone_has_an_account(redis):
    make_staff(redis, "sato", "writer")
    assert accounts.ensure_first_admin(redis) is None
    assert accounts.get(redis, "admin") is None


def test_sessions_end_after_the_absolute_lifetime_however_active(redis):
    token = sessions.start(redis, "sato")
    assert sessions.resume(redis, token) == "sato"
    redis.hset(keys.session(token), "started", 0)
    assert sessions.resume(redis, token) is None
    assert not redis.exists(keys.session(token))


def test_sessions_expire_when_idle(redis):
    token = sessions.start(redis, "sato")
    assert 0 < redis.ttl(keys.session(token)) <= sessions.IDLE_SECONDS
