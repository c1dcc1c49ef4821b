"""Pure: the city's own configuration (one TOML file per city) and its validation.

The file names the city, its contact and privacy notice, the attribute values citizens choose from
(districts, age groups, interests, languages) and the friend target with its milestones.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

LANGUAGES: dict[str, str] = {
    "ja": "日本語",
    "ja-easy": "やさしい日本語",
    "en": "English",
    "zh": "中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
}
"""Every language citybot can speak, by code, with the label a citizen sees."""

ATTRIBUTE_VALUE = re.compile(r"^[^\s:()\"']{1,20}$")
"""Attribute values appear in segment expressions (`district:中央`), so no spaces, colons, parentheses or quotes."""


class CityConfigError(Exception):
    """A city file that cannot be used, with the line (when known) and the reason."""

    def __init__(self, path: Path, reason: str, line: int | None = None):
        self.path, self.reason, self.line = path, reason, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Milestone:
    by: date
    friends: int


@dataclass(frozen=True)
class City:
    """What the rest of the system knows about the city it serves."""

    name: str
    contact_phone: str
    contact_hours: str
    website: str
    privacy_url: str
    privacy_version: str
    districts: tuple[str, ...]
    age_groups: tuple[str, ...]
    interests: tuple[str, ...]
    languages: tuple[str, ...]
    target_friends: int
    target_date: date
    milestones: tuple[Milestone, ...]

    def attribute_values(self) -> dict[str, tuple[str, ...]]:
        """Allowed values per segment attribute name (the names used in segment expressions)."""
        return {
            "district": self.districts,
            "age": self.age_groups,
            "interest": self.interests,
            "language": self.languages,
        }


def load_city(path: Path) -> City:
    """Read and validate a city file; raise CityConfigError with the line and reason."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CityConfigError(path, f"ファイルを読めません: {error}") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_from_message(str(error))
        raise CityConfigError(path, f"TOML の書式が正しくありません: {error}", line) from error
    return _Validator(path, text).city(data)


def _line_from_message(message: str) -> int | None:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else None


class _Validator:
    def __init__(self, path: Path, text: str):
        self.path, self.lines = path, text.splitlines()

    def fail(self, key: str, reason: str):
        raise CityConfigError(self.path, f"{key}: {reason}", self.line_of(key))

    def line_of(self, key: str) -> int | None:
        """The first line that assigns the key's last part (tomllib does not report positions)."""
        name = key.split(".")[-1]
        pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return None

    def table(self, data: dict, name: str) -> dict:
        value = data.get(name)
        if not isinstance(value, dict):
            raise CityConfigError(self.path, f"[{name}] の表がありません")
        return value

    def string(self, table: dict, key: str, section: str, required: bool = True) -> str:
        value = table.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(f"{section}.{key}", "文字列で指定してください" if value else "必須の項目です")
        return value.strip()

    def https_url(self, table: dict, key: str, section: str) -> str:
        value = self.string(table, key, section)
        if not value.startswith("https://"):
            self.fail(f"{section}.{key}", "https:// で始まる URL を指定してください (LINE は HTTPS のリンクしか開きません)")
        return value

    def values(self, table: dict, key: str, allowed: dict[str, str] | None = None) -> tuple[str, ...]:
        items = table.get(key)
        if not isinstance(items, list) or not items:
            self.fail(f"attributes.{key}", "1 つ以上の値の一覧を指定してください")
        for item in items:
            if not isinstance(item, str) or not ATTRIBUTE_VALUE.match(item):
                self.fail(f"attributes.{key}", f"{item!r} は使えません (空白・コロン・括弧・引用符を含まない 20 文字以内)")
            if allowed is not None and item not in allowed:
                self.fail(f"attributes.{key}", f"{item!r} は未対応の言語です (使える値: {', '.join(allowed)})")
        duplicates = sorted({item for item in items if items.count(item) > 1})
        if duplicates:
            self.fail(f"attributes.{key}", f"重複しています: {', '.join(duplicates)}")
        return tuple(items)

    def target(self, table: dict) -> tuple[int, date, tuple[Milestone, ...]]:
        friends, by = table.get("friends"), table.get("by")
        if not isinstance(friends, int) or friends <= 0:
            self.fail("target.friends", "正の整数で指定してください")
        if not isinstance(by, date):
            self.fail("target.by", "日付 (例: 2028-03-31) で指定してください")
        milestones = []
        for item in table.get("milestones", []):
            if not (isinstance(item, dict) and isinstance(item.get("by"), date) and isinstance(item.get("friends"), int)):
                self.fail("target.milestones", "{ by = 日付, friends = 整数 } の一覧で指定してください")
            milestones.append(Milestone(item["by"], item["friends"]))
        milestones.sort(key=lambda milestone: milestone.by)
        return friends, by, tuple(milestones)

    def city(self, data: dict) -> City:
        city, attributes = self.table(data, "city"), self.table(data, "attributes")
        friends, by, milestones = self.target(self.table(data, "target"))
        languages = self.values(attributes, "languages", LANGUAGES)
        if "ja" not in languages:
            self.fail("attributes.languages", "日本語 (ja) は必須です")
        return City(
            name=self.string(city, "name", "city"),
            contact_phone=self.string(city, "contact_phone", "city"),
            contact_hours=self.string(city, "contact_hours", "city", required=False),
            website=self.https_url(city, "website", "city"),
            privacy_url=self.https_url(city, "privacy_url", "city"),
            privacy_version=self.string(city, "privacy_version", "city"),
            districts=self.values(attributes, "districts"),
            age_groups=self.values(attributes, "age_groups"),
            interests=self.values(attributes, "interests"),
            languages=languages,
            target_friends=friends,
            target_date=by,
            milestones=milestones,
        )
