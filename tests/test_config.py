"""Config.from_env: every problem reported at once, before anything starts."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from config import Config, ConfigError


def test_an_empty_environment_runs_offline_on_the_demo_city():
    config = Config.from_env({}, dotenv=None)
    assert config.offline
    assert config.city.name == "ひかり台市"
    assert config.line_api_endpoint == "https://api.line.me"
    assert config.timezone == "Asia/Tokyo"
    assert config.quiet_hours == (time(21, 0), time(7, 0))


def test_every_problem_is_reported_together():
    with pytest.raises(ConfigError) as caught:
        Config.from_env({
            "LINE_CHANNEL_SECRET": "only-the-secret",
            "LINE_API_ENDPOINT": "ftp://example",
            "REDIS_URL": "localhost:6379",
            "CITYBOT_TIMEZONE": "Asia/Nowhere",
            "CITYBOT_PORT": "eighty",
            "CITYBOT_RETENTION_DAYS": "0",
            "CITYBOT_QUIET_HOURS": "late",
            "CITYBOT_STAFF_LINE_IDS": "Uabc",
            "SMTP_HOST": "mail.example.jp",
        }, dotenv=None)
    names = " ".join(caught.value.problems)
    for name in ("LINE_CHANNEL_SECRET", "LINE_API_ENDPOINT", "REDIS_URL", "CITYBOT_TIMEZONE", "CITYBOT_PORT",
                 "CITYBOT_RETENTION_DAYS", "CITYBOT_QUIET_HOURS", "CITYBOT_STAFF_LINE_IDS", "SMTP_FROM"):
        assert name in names
    assert len(caught.value.problems) == 9


def test_dotenv_is_read_and_the_environment_wins(tmp_path: Path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("CITYBOT_PORT=9000\nCITYBOT_HOST=0.0.0.0\n")
    config = Config.from_env({"CITYBOT_PORT": "9100"}, dotenv=dotenv)
    assert (config.web_host, config.web_port) == ("0.0.0.0", 9100)


def test_credentials_turn_offline_mode_off():
    config = Config.from_env({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}, dotenv=None)
    assert not config.offline


def test_a_broken_city_file_is_reported_with_its_line(tmp_path: Path):
    city = tmp_path / "city.toml"
    demo = (Path(__file__).parents[1] / "cities" / "demo.toml").read_text(encoding="utf-8")
    city.write_text(demo.replace('website = "https://', 'website = "http://'), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Config.from_env({"CITYBOT_CITY_FILE": str(city)}, dotenv=None)
    line = next(n for n, text in enumerate(demo.splitlines(), 1) if text.startswith("website"))
    assert f"city.toml:{line}: city.website" in str(caught.value)
