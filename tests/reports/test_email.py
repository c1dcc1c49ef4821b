from __future__ import annotations

import dataclasses
import email
from email import policy

import pytest
from aiosmtpd.controller import Controller

import services as services_module
from reports import jobs
from services import Services
from bench._servers import free_port


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture
def mailing_services(report_config, redis, inbox):
    _, port = inbox
    config = dataclasses.replace(report_config, smtp_host="127.0.0.1", smtp_port=port, smtp_from="citybot@city.example.jp",
                                 report_email_to=("kouhou@city.example.jp", "kikaku@city.example.jp"))
    services = Services.from_config(config)
    services_module.install(services)
    yield services
    services_module.install(None)
    services.gateway.close()


def test_the_report_is_mailed_once_as_text_and_html_with_inline_charts(mailing_services, inbox):
    handler, _ = inbox
    result = jobs.weekly_report("2026-W47")
    assert "email" in result["sent"]
    assert jobs.deliver_weekly("2026-W47")["sent"] == []
    (recipients, message), = handler.messages
    assert recipients == ["kouhou@city.example.jp", "kikaku@city.example.jp"]
    assert message["Subject"] == "【ひかり台市】LINE 週次レポート 2026-W47"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "週次レポート 2026-W47" in plain and "記録がありません" in plain
    assert 'src="cid:net_friends.png"' in html
    images = {part["Content-ID"]: part.get_content_type() for part in message.walk()
              if part.get_content_maintype() == "image"}
    assert images == {"<net_friends.png>": "image/png", "<weekly_flow.png>": "image/png", "<campaigns.png>": "image/png"}


def test_without_smtp_nothing_is_mailed(report_services, inbox):
    handler, _ = inbox
    assert "email" not in jobs.weekly_report("2026-W47")["sent"]
    assert handler.messages == []
