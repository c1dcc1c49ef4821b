"""Shared helpers for CLI commands: build services from the environment, print JSON or fail clearly."""

from __future__ import annotations

import json
import sys

import click

from config import Config, ConfigError
from services import Services


def load_config() -> Config:
    try:
        return Config.from_env()
    except ConfigError as error:
        raise click.ClickException(str(error)) from error


def load_services() -> Services:
    """Services for a CLI command; REDIS_URL must point at the running system's Redis."""
    config = load_config()
    if not config.redis_url:
        from embedded_redis import running_url

        url = running_url(config.data_dir)
        if url is None:
            raise click.ClickException(
                "Redis に接続できません: REDIS_URL を設定するか、先に `make run` (citybot run) を起動してください。"
            )
        return Services.from_config(config, redis_url=url)
    return Services.from_config(config)


def emit_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
