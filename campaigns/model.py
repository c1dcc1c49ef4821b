"""Pure: a campaign (name, medium, dates, cost, code), its checks with Japanese messages, and campaign codes.

A code is five characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), so a citizen
can type it from a poster; it travels in the text LINE prefills when the short link opens the chat.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Mapping

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 5
CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")

MEDIA = ("広報誌", "ポスター", "窓口", "イベント", "学校", "web", "SNS", "その他")
"""Where a campaign makes the account known (the DX plan's 様々な周知方法)."""

NAME_LIMIT = 40
PREFILL_WORD = "友だち追加コード"
PREFILL = PREFILL_WORD + " {code}"
"""The message the short link puts in the chat box; the bot recognises the code in it."""

_KEYWORD_CODE = re.compile(f"コード\\s*[:：]?\\s*({CODE.pattern})")


class CampaignError(ValueError):
    """Bad input for a campaign; the message is for staff."""


@dataclass(frozen=True)
class Campaign:
    code: str
    name: str
    medium: str
    starts: date
    ends: date
    cost: int | None = None
    """Yen, when staff know it (printing, a stand at an event); cost per friend needs it."""

    def running_on(self, day: date) -> bool:
        return self.starts <= day <= self.ends

    def ended_by(self, day: date) -> bool:
        return day > self.ends


def new_code(taken: set[str]) -> str:
    """A random code not in `taken` (25⁵ ≈ 9.8 million codes, so a clash is rare and simply retried)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def from_form(code: str, fields: Mapping[str, str]) -> Campaign:
    """A campaign from the console's fields (strings), or CampaignError naming every problem at once."""
    problems = []
    name = (fields.get("name") or "").strip()
    if not name:
        problems.append("名前を入力してください。")
    elif len(name) > NAME_LIMIT:
        problems.append(f"名前は {NAME_LIMIT} 文字以内にしてください。")
    medium = (fields.get("medium") or "").strip()
    if medium not in MEDIA:
        problems.append("媒体を一覧から選んでください。")
    starts, ends = _date(fields.get("starts"), "開始日", problems), _date(fields.get("ends"), "終了日", problems)
    if starts and ends and ends < starts:
        problems.append("終了日は開始日以降にしてください。")
    cost = _cost(fields.get("cost"), problems)
    if problems:
        raise CampaignError(" ".join(problems))
    return Campaign(code=code, name=name, medium=medium, starts=starts, ends=ends, cost=cost)


def _date(text: str | None, label: str, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        problems.append(f"{label}を 2026-12-01 の形で入力してください。")
        return None


def _cost(text: str | None, problems: list[str]) -> int | None:
    text = unicodedata.normalize("NFKC", text or "").replace(",", "").replace("円", "").strip()
    if not text:
        return None
    if not text.isdigit():
        problems.append("費用は円単位の数字で入力してください (わからなければ空欄)。")
        return None
    return int(text)


def prefill_text(code: str) -> str:
    return PREFILL.format(code=code)


def code_in(text: str) -> tuple[str | None, bool]:
    """(the campaign code a message carries, whether it clearly meant one).

    「友だち追加コード HK7Q3」 (the prefilled text, or a code typed after 「コード」) clearly means a code, known
    or not; a bare 「hk7q3」 might be one, so it counts only if a campaign has it; any other mention of コード
    is a question for the FAQ. Full-width and lower-case letters are read as the poster's capitals."""
    normal = unicodedata.normalize("NFKC", text).upper().strip()
    keyword = _KEYWORD_CODE.search(normal)
    if keyword:
        return keyword.group(1), True
    if PREFILL_WORD in normal:
        return None, True               # the prefilled text with its code damaged

    return (normal, False) if CODE.fullmatch(normal) else (None, False)
