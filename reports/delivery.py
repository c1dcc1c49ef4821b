"""LINE and SMTP I/O: send a weekly report to staff, once per recipient (Redis remembers who has it)."""

from __future__ import annotations

import smtplib
import ssl
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from redis import Redis

from config import Config
from messages.errors import DeliveryError
from messages.gateway import LineGateway
from reports import keys
from reports.render import CHARTS

RETRY_KEY_NAMESPACE = uuid.UUID("5b0f8a2e-1c4d-4f7e-9a63-2d8e0c7b4a11")
"""Namespace of the weekly summary's retry keys: the same week and staff member always give the same key."""

EMAIL = "email"
"""The delivery hash's field for the e-mail (one message to every CITYBOT_REPORT_EMAIL_TO address)."""

SENT = "sent"

_PERMANENT_SMTP = (smtplib.SMTPAuthenticationError, smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                   smtplib.SMTPNotSupportedError)


@dataclass
class Outcome:
    """Recipients reached now, failed for good (with the reason), or to try again later."""

    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    retry: list[str] = field(default_factory=list)


def retry_key(week: str, recipient: str) -> str:
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, f"weekly:{week}:{recipient}"))


def _already_sent(redis: Redis, week: str, recipient: str) -> bool:
    return redis.hget(keys.weekly_delivery(week), recipient) == SENT.encode()


def _record(redis: Redis, week: str, recipient: str, status: str, outcome: Outcome) -> None:
    redis.hset(keys.weekly_delivery(week), recipient, status)
    if status == SENT:
        outcome.sent.append(recipient)
    else:
        outcome.failed[recipient] = status


def push_summary(redis: Redis, gateway: LineGateway, week: str, staff_ids: tuple[str, ...], summary: str,
                 outcome: Outcome) -> None:
    """Push the summary to each staff LINE ID that does not have it yet (retry keys make re-sends harmless)."""
    for user_id in staff_ids:
        if _already_sent(redis, week, user_id):
            continue
        try:
            gateway.push(user_id, [{"type": "text", "text": summary}], retry_key(week, user_id))
        except DeliveryError as error:
            if not error.permanent:
                outcome.retry.append(user_id)
                continue
            _record(redis, week, user_id, f"failed: {error}", outcome)
            continue
        _record(redis, week, user_id, SENT, outcome)


def email_report(redis: Redis, config: Config, week: str, folder: Path, summary: str, outcome: Outcome) -> None:
    """Send plain text + HTML (charts attached inline) when SMTP and recipients are configured."""
    if not (config.smtp_host and config.report_email_to) or _already_sent(redis, week, EMAIL):
        return
    try:
        _send_mail(config, _message(config, week, folder, summary))
    except _PERMANENT_SMTP as error:
        _record(redis, week, EMAIL, f"failed: {error}", outcome)
        return
    except (smtplib.SMTPException, OSError):
        outcome.retry.append(EMAIL)
        return
    _record(redis, week, EMAIL, SENT, outcome)


def _message(config: Config, week: str, folder: Path, summary: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"【{config.city.name}】LINE 週次レポート {week}"
    message["From"] = config.smtp_from
    message["To"] = ", ".join(config.report_email_to)
    message.set_content(summary)
    message.add_alternative((folder / "mail.html").read_text(encoding="utf-8"), subtype="html")
    html = message.get_payload()[1]
    for name in CHARTS:
        html.add_related((folder / name).read_bytes(), "image", "png", cid=f"<{name}>", filename=name)
    return message


def _send_mail(config: Config, message: EmailMessage) -> None:
    """Encrypt when the server offers STARTTLS (checking its certificate); never send a password in clear text."""
    with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=30) as smtp:
        smtp.ehlo()
        encrypted = smtp.has_extn("starttls")
        if encrypted:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if config.smtp_user:
            if not encrypted:
                raise smtplib.SMTPNotSupportedError(f"{config.smtp_host} does not offer STARTTLS: not sending the password")
            smtp.login(config.smtp_user, config.smtp_password)
        smtp.send_message(message)
