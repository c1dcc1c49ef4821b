"""Pure: rules for staff accounts — names, roles, password strength and one-time passwords."""

from __future__ import annotations

import re
import secrets

ROLES: dict[str, str] = {"writer": "作成者", "approver": "承認者", "admin": "管理者"}
"""Role codes (used in the CLI and stored) with the labels staff see. A person may hold several."""

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128

NAME_PATTERN = re.compile(r"^[^\s:/\\]{2,32}$")
"""Login names: 2-32 characters, no spaces, colons or slashes (they appear in Redis keys and URLs)."""

ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""Letters and digits that cannot be misread (no l/1, o/0, i) when a password is read out or copied by hand."""


class AccountError(ValueError):
    """A request about an account that cannot be done; the message is Japanese and shown to staff."""


class WrongPassword(AccountError):
    """The current password given to confirm a change is not the account's password."""


def check_name(name: str) -> str:
    name = name.strip()
    if not NAME_PATTERN.match(name):
        raise AccountError("ログイン名は空白・コロン・スラッシュを含まない 2〜32 文字にしてください。")
    return name


def check_roles(roles) -> frozenset[str]:
    chosen = frozenset(roles)
    unknown = sorted(chosen - ROLES.keys())
    if unknown:
        raise AccountError(f"不明な役割です: {', '.join(unknown)} (使える値: {', '.join(ROLES)})")
    if not chosen:
        raise AccountError("役割を 1 つ以上選んでください。")
    return chosen


def password_problem(name: str, password: str) -> str | None:
    """Why a new password is refused, or None. Length matters most (NIST SP 800-63B); no composition rules."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"パスワードは {MIN_PASSWORD_LENGTH} 文字以上にしてください。"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"パスワードは {MAX_PASSWORD_LENGTH} 文字以内にしてください。"
    if name.lower() in password.lower():
        return "パスワードにログイン名を含めないでください。"
    if len(set(password)) < 4:
        return "同じ文字の繰り返しは避けてください。"
    return None


def one_time_password() -> str:
    """A random password to hand over once (about 79 bits), e.g. 'k7mq-2xrt-9bwe-h4pn'."""
    chars = "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(16))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))


def role_labels(roles) -> list[str]:
    """Japanese labels in the fixed order 作成者, 承認者, 管理者."""
    return [label for code, label in ROLES.items() if code in roles]
