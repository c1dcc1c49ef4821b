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
    """Services for a CLI command: REDIS_URL, or the embedded Redis of a running `citybot run`."""
    try:
        return Services.from_config(load_config())
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error


def emit_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
