"""Every setting of citybot, read from the environment and `.env` once, validated together.

This is the only module that reads the environment. Nothing here connects to anything.
"""

from __future__ import annotations

import os
import zoneinfo
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Callable, Mapping

from dotenv import dotenv_values

from civic.settings import CivicSettings
from civic.settings import load as load_civic
from segments.city import City, CityConfigError, load_city

LINE_API_DEFAULT = "https://api.line.me"
"""LINE's Messaging API host; tests and `citybot run` point the SDK at linesim instead."""

DEFAULT_CITY_FILE = Path(__file__).resolve().parent / "cities" / "demo.toml"
"""The demo city that ships with the project."""
DEFAULT_CIVIC_FILE = DEFAULT_CITY_FILE.with_name("demo_civic.json")
"""The demo city's citizen-report categories and boundary."""

DEFAULT_MAX_WEBHOOK_BODY = 1_048_576
"""LINE's webhook bodies are a few KB; anything over 1 MB is not LINE and is refused (413)."""


class ConfigError(Exception):
    """All invalid or missing settings, reported at once before anything starts."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("設定に誤りがあります (configuration errors):\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class Config:
    """Settings shared by the web app, the workers and the CLI."""

    city: City
    data_dir: Path
    line_channel_secret: str = ""
    line_channel_access_token: str = ""
    line_api_endpoint: str = LINE_API_DEFAULT
    redis_url: str = ""
    redis_server_bin: str = ""
    timezone: str = "Asia/Tokyo"
    secret_key: str = ""
    public_url: str = "http://127.0.0.1:8000"
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    linesim_port: int = 8765
    max_webhook_body: int = DEFAULT_MAX_WEBHOOK_BODY
    staff_line_ids: tuple[str, ...] = ()
    retention_days: int = 180
    quiet_hours: tuple[time, time] = (time(21, 0), time(7, 0))
    weekly_cap: int = 0
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    report_email_to: tuple[str, ...] = ()
    civic: CivicSettings | None = None
    """Citizen reports: categories, departments, boundary (CITYBOT_CIVIC_FILE; the demo city's by default)."""
    map_tiles: str = ""
    """A tile URL like https://tile.example/{z}/{x}/{y}.png for the console's map; empty: no tiles (still works)."""
    photo_bucket: str = ""
    """`bucket` or `bucket/prefix` of an S3-compatible bucket for citizens' photos; empty: the data dir."""
    photo_bucket_endpoint: str = ""
    """The S3-compatible service's URL (MinIO, a cloud's object storage); empty: AWS S3 itself."""

    @property
    def offline(self) -> bool:
        """No LINE credentials: `citybot run` starts linesim and uses it as LINE."""
        return not (self.line_channel_secret and self.line_channel_access_token)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")) -> "Config":
        """Read settings from `.env` overlaid by the environment; raise one ConfigError listing every problem."""
        values: dict[str, str] = {}
        if dotenv is not None and dotenv.is_file():
            values.update({k: v for k, v in dotenv_values(dotenv).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        return _Reader(values).build(cls)


class _Reader:
    """Collects problems while converting raw strings, so all of them are reported together."""

    def __init__(self, values: Mapping[str, str]):
        self.values = values
        self.problems: list[str] = []

    def text(self, name: str, default: str = "") -> str:
        return self.values.get(name, default).strip()

    def convert(self, name: str, default, parse: Callable[[str], object], expected: str):
        raw = self.text(name)
        if not raw:
            return default
        try:
            return parse(raw)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError) as error:
            self.problems.append(f"{name}={raw!r}: {expected} ({error})")
            return default

    def integer(self, name: str, default: int, minimum: int = 0) -> int:
        def parse(raw: str) -> int:
            number = int(raw)
            if number < minimum:
                raise ValueError(f"must be at least {minimum}")
            return number

        return self.convert(name, default, parse, "an integer is expected")

    def listing(self, name: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.text(name).split(",") if part.strip())

    def build(self, cls: type[Config]) -> Config:
        secret, token = self.text("LINE_CHANNEL_SECRET"), self.text("LINE_CHANNEL_ACCESS_TOKEN")
        if bool(secret) != bool(token):
            self.problems.append(
                "LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN must be set together "
                "(set both for a real LINE channel, or neither to run offline with linesim)"
            )
        endpoint = self.text("LINE_API_ENDPOINT", LINE_API_DEFAULT).rstrip("/")
        if not endpoint.startswith(("https://", "http://")):
            self.problems.append(f"LINE_API_ENDPOINT={endpoint!r}: must be an http(s) URL")
        redis_url = self.text("REDIS_URL")
        if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            self.problems.append(f"REDIS_URL={redis_url!r}: must start with redis://, rediss:// or unix://")
        timezone = self.convert("CITYBOT_TIMEZONE", "Asia/Tokyo", _timezone, "an IANA time zone is expected")
        city = self.city()
        settings = dict(
            city=city,
            data_dir=Path(self.text("CITYBOT_DATA_DIR", "data")).expanduser().resolve(),
            line_channel_secret=secret,
            line_channel_access_token=token,
            line_api_endpoint=endpoint,
            redis_url=redis_url,
            redis_server_bin=self.text("REDIS_SERVER_BIN"),
            timezone=timezone,
            secret_key=self.text("CITYBOT_SECRET_KEY"),
            public_url=self.text("CITYBOT_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
            web_host=self.text("CITYBOT_HOST", "127.0.0.1"),
            web_port=self.integer("CITYBOT_PORT", 8000, minimum=1),
            linesim_port=self.integer("LINESIM_PORT", 8765, minimum=1),
            max_webhook_body=self.integer("CITYBOT_MAX_WEBHOOK_BODY", DEFAULT_MAX_WEBHOOK_BODY, minimum=1024),
            staff_line_ids=self.listing("CITYBOT_STAFF_LINE_IDS"),
            retention_days=self.integer("CITYBOT_RETENTION_DAYS", 180, minimum=1),
            quiet_hours=self.convert("CITYBOT_QUIET_HOURS", (time(21, 0), time(7, 0)), _hours, "HH:MM-HH:MM is expected"),
            weekly_cap=self.integer("CITYBOT_WEEKLY_CAP", 0),
            smtp_host=self.text("SMTP_HOST"),
            smtp_port=self.integer("SMTP_PORT", 587, minimum=1),
            smtp_user=self.text("SMTP_USER"),
            smtp_password=self.text("SMTP_PASSWORD"),
            smtp_from=self.text("SMTP_FROM"),
            report_email_to=self.listing("CITYBOT_REPORT_EMAIL_TO"),
            civic=self.civic(),
            map_tiles=self.text("CITYBOT_MAP_TILES"),
            photo_bucket=self.text("CITYBOT_PHOTO_BUCKET").strip("/"),
            photo_bucket_endpoint=self.text("CITYBOT_PHOTO_BUCKET_ENDPOINT"),
        )
        for line_id in settings["staff_line_ids"]:
            if not (len(line_id) == 33 and line_id.startswith("U")):
                self.problems.append(f"CITYBOT_STAFF_LINE_IDS: {line_id!r} is not a LINE user ID (U + 32 hex characters)")
        if settings["photo_bucket_endpoint"] and not settings["photo_bucket_endpoint"].startswith(("https://", "http://")):
            self.problems.append("CITYBOT_PHOTO_BUCKET_ENDPOINT must be a URL (https://…)")
        if settings["photo_bucket_endpoint"] and not settings["photo_bucket"]:
            self.problems.append("CITYBOT_PHOTO_BUCKET must be set when CITYBOT_PHOTO_BUCKET_ENDPOINT is set")
        if settings["smtp_host"] and not settings["smtp_from"]:
            self.problems.append("SMTP_FROM must be set when SMTP_HOST is set")
        if self.problems:
            raise ConfigError(self.problems)
        return cls(**settings)

    def city(self) -> City | None:
        path = Path(self.text("CITYBOT_CITY_FILE") or DEFAULT_CITY_FILE)
        try:
            return load_city(path)
        except CityConfigError as error:
            self.problems.append(f"CITYBOT_CITY_FILE: {error}")
            return None


    def civic(self) -> CivicSettings | None:
        path = Path(self.text("CITYBOT_CIVIC_FILE") or DEFAULT_CIVIC_FILE)
        try:
            return load_civic(path)
        except (OSError, ValueError, KeyError, TypeError) as error:
            self.problems.append(f"CITYBOT_CIVIC_FILE: {path}: {error}")
            return None


def _timezone(raw: str) -> str:
    zoneinfo.ZoneInfo(raw)
    return raw


def _hours(raw: str) -> tuple[time, time]:
    start, end = raw.split("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
