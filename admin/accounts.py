"""Redis I/O: staff accounts — roles, hashed passwords, one-time passwords and lockout after failed logins."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from redis import Redis
from werkzeug.security import check_password_hash, generate_password_hash

import audit
from admin import keys, sessions
from admin.policy import (AccountError, WrongPassword, check_name, check_roles, one_time_password, password_problem,
                          role_labels)

HASH_METHOD = "scrypt"
"""Memory-hard hashing (Werkzeug's scrypt: N=2^15, r=8, p=1)."""

MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60
"""Five wrong passwords within 15 minutes lock the name for 15 minutes."""

FIRST_ADMIN_NAME = "admin"



@dataclass(frozen=True)
class StaffAccount:
    name: str
    roles: frozenset[str]
    must_change_password: bool
    disabled: bool
    created_at: datetime

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def role_labels(self) -> list[str]:
        return role_labels(self.roles)


@dataclass(frozen=True)
class LoginResult:
    """`account` is set only on success; `locked_until` is set while the name is locked out."""

    account: StaffAccount | None = None
    locked_until: datetime | None = None


def create(redis: Redis, name: str, roles, *, actor: str) -> str:
    """Create an account that must change its password at first login; returns the one-time password."""
    name, roles = check_name(name), check_roles(roles)
    if not redis.sadd(keys.STAFF_NAMES, name):
        raise AccountError(f"ログイン名「{name}」はすでに使われています。")
    password = one_time_password()
    redis.hset(keys.staff(name), mapping={
        "roles": ",".join(sorted(roles)),
        "password": generate_password_hash(password, method=HASH_METHOD),
        "must_change": 1,
        "disabled": 0,
        "created_at": _now().isoformat(timespec="seconds"),
    })
    audit.record(redis, actor=actor, action="staff.create", target=name, details={"roles": sorted(roles)})
    return password


def get(redis: Redis, name: str) -> StaffAccount | None:
    raw = redis.hgetall(keys.staff(name))
    return _account(name, raw) if raw else None


def all_accounts(redis: Redis) -> list[StaffAccount]:
    names = sorted(raw.decode() for raw in redis.smembers(keys.STAFF_NAMES))
    return [account for account in (get(redis, name) for name in names) if account is not None]


def authenticate(redis: Redis, name: str, password: str) -> LoginResult:
    """Check a login; count failures per name (known or not) and lock the name after MAX_FAILURES."""
    locked_until = _locked_until(redis, name)
    if locked_until:
        return LoginResult(locked_until=locked_until)
    stored = redis.hget(keys.staff(name), "password")
    valid = check_password_hash(stored.decode() if stored else _dummy_hash(), password) and stored is not None
    account = get(redis, name) if valid else None
    if account is None or account.disabled:
        return _failed(redis, name)
    redis.delete(keys.login_failures(name))
    audit.record(redis, actor=name, action="staff.login", target=name)
    return LoginResult(account=account)


def change_password(redis: Redis, name: str, current: str, new: str, *, keep_session: str | None = None) -> None:
    """The staff member's own change (also ends the one-time password); other sessions end."""
    stored = redis.hget(keys.staff(name), "password")
    if stored is None or not check_password_hash(stored.decode(), current):
        raise WrongPassword("現在のパスワードが正しくありません。")
    if current == new:
        raise AccountError("今と違うパスワードにしてください。")
    problem = password_problem(name, new)
    if problem:
        raise AccountError(problem)
    redis.hset(keys.staff(name), mapping={"password": generate_password_hash(new, method=HASH_METHOD),
                                          "must_change": 0})
    sessions.end_all(redis, name, keep=keep_session)
    audit.record(redis, actor=name, action="staff.password_change", target=name)


def reset_password(redis: Redis, name: str, *, actor: str) -> str:
    """A new one-time password (e.g. forgotten password); unlocks the name and ends its sessions."""
    _require(redis, name)
    password = one_time_password()
    redis.hset(keys.staff(name), mapping={"password": generate_password_hash(password, method=HASH_METHOD),
                                          "must_change": 1})
    redis.delete(keys.locked(name), keys.login_failures(name))
    sessions.end_all(redis, name)
    audit.record(redis, actor=actor, action="staff.password_reset", target=name)
    return password


def set_roles(redis: Redis, name: str, roles, *, actor: str) -> None:
    before = _require(redis, name)
    roles = check_roles(roles)
    if actor == name and "admin" in before.roles and "admin" not in roles:
        raise AccountError("自分自身の管理者の役割は外せません。ほかの管理者に依頼してください。")
    redis.hset(keys.staff(name), "roles", ",".join(sorted(roles)))
    audit.record(redis, actor=actor, action="staff.roles", target=name,
                 details={"before": sorted(before.roles), "after": sorted(roles)})


def set_disabled(redis: Redis, name: str, disabled: bool, *, actor: str) -> None:
    """Disable (e.g. a staff member moved to another section) or enable again; disabling ends sessions."""
    _require(redis, name)
    if disabled and actor == name:
        raise AccountError("自分自身のアカウントは無効にできません。")
    redis.hset(keys.staff(name), "disabled", int(disabled))
    if disabled:
        sessions.end_all(redis, name)
    audit.record(redis, actor=actor, action="staff.disable" if disabled else "staff.enable", target=name)


def ensure_first_admin(redis: Redis) -> str | None:
    """On first run (no accounts at all) create 'admin' and return its one-time password to print."""
    if redis.scard(keys.STAFF_NAMES):
        return None
    try:
        return create(redis, FIRST_ADMIN_NAME, {"admin"}, actor="system")
    except AccountError:
        return None  # another process created it at the same moment


def _failed(redis: Redis, name: str) -> LoginResult:
    with redis.pipeline() as pipe:
        pipe.set(keys.login_failures(name), 0, ex=LOCKOUT_SECONDS, nx=True)  # the window starts at the first failure
        pipe.incr(keys.login_failures(name))
        failures = pipe.execute()[1]
    audit.record(redis, actor=name, action="staff.login_failed", target=name, details={"failures": failures})
    if failures < MAX_FAILURES:
        return LoginResult()
    redis.set(keys.locked(name), 1, ex=LOCKOUT_SECONDS)
    redis.delete(keys.login_failures(name))
    audit.record(redis, actor="system", action="staff.locked", target=name, details={"seconds": LOCKOUT_SECONDS})
    return LoginResult(locked_until=_now() + timedelta(seconds=LOCKOUT_SECONDS))


@functools.cache
def _dummy_hash() -> str:
    """Checked against for unknown names, so that a wrong name takes as long as a wrong password."""
    return generate_password_hash("citybot-timing-equaliser", method=HASH_METHOD)


def _locked_until(redis: Redis, name: str) -> datetime | None:
    remaining = redis.ttl(keys.locked(name))
    return _now() + timedelta(seconds=remaining) if remaining and remaining > 0 else None


def _require(redis: Redis, name: str) -> StaffAccount:
    account = get(redis, name)
    if account is None:
        raise AccountError(f"ログイン名「{name}」のアカウントはありません。")
    return account


def _account(name: str, raw: dict[bytes, bytes]) -> StaffAccount:
    text = {key.decode(): value.decode() for key, value in raw.items()}
    return StaffAccount(
        name=name,
        roles=frozenset(role for role in text.get("roles", "").split(",") if role),
        must_change_password=text.get("must_change") == "1",
        disabled=text.get("disabled") == "1",
        created_at=datetime.fromisoformat(text["created_at"]),
    )


def _now() -> datetime:
    return datetime.now(timezone.utc)
