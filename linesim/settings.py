"""Pure: linesim's start-up settings from command-line flags, each with an environment variable behind it."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from linesim.faults import FaultSpec, parse_fault_option
from linesim.ratelimits import MODES, parse_rate_option


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8765
    channel_secret: str = "linesim-channel-secret"
    access_token: str = "linesim-access-token"
    webhook_url: str | None = None
    limits: str = "line"
    rate_limits: Mapping[str, str] = field(default_factory=dict)
    quota: int | None = None
    faults: Mapping[str, FaultSpec] = field(default_factory=dict)
    fault_seed: int | None = None
    verified: bool = True
    redelivery: bool = False
    redelivery_delay: float = 5.0
    redelivery_attempts: int = 3
    webhook_timeout: float = 2.0
    reply_token_ttl: float = 60.0
    insight_ready_hour: int = 9
    bot_name: str = "linesim 公式アカウント"


def quota_value(text: str) -> int | None:
    """`none` = unlimited (as under the 地方公共団体プラン); a number = a `limited` plan of that many messages."""
    if text.strip().lower() == "none":
        return None
    value = int(text)
    if value < 0:
        raise ValueError("the quota must not be negative")
    return value


def _flag(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "on")


def _hour(text: str) -> int:
    hour = int(text)
    if not 0 <= hour <= 23:
        raise ValueError("an hour from 0 to 23 is expected")
    return hour


def _fault(text: str) -> tuple[str, FaultSpec]:
    try:
        return parse_fault_option(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _rate(text: str) -> tuple[str, str]:
    try:
        return parse_rate_option(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# (flag, environment variable, type, help); the default is the Settings field's default.
_OPTIONS = (
    ("--host", "LINESIM_HOST", str, "address to listen on"),
    ("--port", "LINESIM_PORT", int, "port to listen on"),
    ("--channel-secret", "LINESIM_CHANNEL_SECRET", str, "channel secret that signs webhooks"),
    ("--access-token", "LINESIM_ACCESS_TOKEN", str, "channel access token the API accepts (Bearer)"),
    ("--webhook-url", "LINESIM_WEBHOOK_URL", str, "where webhooks are POSTed (settable at run time)"),
    ("--limits", "LINESIM_LIMITS", str, "line = LINE's real rate limits, fast = none"),
    ("--quota", "LINESIM_QUOTA", quota_value, "monthly message quota: none or a number"),
    ("--fault-seed", "LINESIM_FAULT_SEED", int, "seed of the fault-injection random draws"),
    ("--redelivery-delay", "LINESIM_REDELIVERY_DELAY", float, "seconds before a failed webhook is sent again"),
    ("--redelivery-attempts", "LINESIM_REDELIVERY_ATTEMPTS", int, "how many times a failed webhook is sent again"),
    ("--webhook-timeout", "LINESIM_WEBHOOK_TIMEOUT", float, "seconds after which a webhook counts as timed out"),
    ("--reply-token-ttl", "LINESIM_REPLY_TOKEN_TTL", float, "seconds a reply token stays valid"),
    ("--insight-ready-hour", "LINESIM_INSIGHT_READY_HOUR", _hour, "JST hour when yesterday's insight is ready"),
    ("--bot-name", "LINESIM_BOT_NAME", str, "display name of the simulated official account"),
)
_SWITCHES = (
    ("--unverified", "LINESIM_UNVERIFIED", "the account is not verified (follower IDs answer 403)"),
    ("--redelivery", "LINESIM_REDELIVERY", "send failed webhooks again with isRedelivery true"),
)
_LISTS = (
    ("--rate-limit", "LINESIM_RATE_LIMITS", ",", _rate, "override one limit, e.g. multicast=5/second (repeatable)"),
    ("--fault", "LINESIM_FAULTS", ";", _fault, "faults, e.g. multicast:error_500=0.1,latency_ms=200 (repeatable)"),
)


def build_parser(environ: Mapping[str, str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m linesim", description="linesim: a LINE platform emulator")
    for flag, env, kind, text in _OPTIONS:
        parser.add_argument(flag, type=kind, default=environ.get(env), help=f"{text} [{env}]")
    for flag, env, text in _SWITCHES:
        parser.add_argument(flag, action="store_true", default=_flag(environ.get(env, "")), help=f"{text} [{env}]")
    for flag, env, separator, kind, text in _LISTS:
        try:
            preset = [kind(part) for part in environ.get(env, "").split(separator) if part.strip()]
        except argparse.ArgumentTypeError as error:
            parser.error(f"{env}: {error}")
        parser.add_argument(flag, type=kind, action="append", default=preset, help=f"{text} [{env}]")
    return parser


def parse_settings(argv: Sequence[str] | None, environ: Mapping[str, str]) -> Settings:
    """Flags win over environment variables, which win over the defaults. Exits with usage on errors."""
    parser = build_parser(environ)
    args = vars(parser.parse_args(argv))
    if args["limits"] is not None and args["limits"] not in MODES:
        parser.error(f"--limits must be one of {', '.join(MODES)}")
    values = {name: value for name, value in args.items() if value is not None}
    values["verified"] = not values.pop("unverified")
    values["rate_limits"] = dict(values.pop("rate_limit"))
    values["faults"] = dict(values.pop("fault"))
    return Settings(**values)
