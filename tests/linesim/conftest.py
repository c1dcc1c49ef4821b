"""Fixtures for linesim's own tests: SDK clients pointed at linesim, and a recording bot."""

from __future__ import annotations

import pytest
from linebot.v3 import insight, messaging

from tests.linesim.bots import RecordingBot


@pytest.fixture
def api(linesim):
    """The real SDK's MessagingApi, talking to linesim as it would to LINE."""
    configuration = messaging.Configuration(host=linesim.url, access_token=linesim.access_token)
    configuration.retries = 0
    with messaging.ApiClient(configuration) as client:
        yield messaging.MessagingApi(client)


@pytest.fixture
def insight_api(linesim):
    configuration = insight.Configuration(host=linesim.url, access_token=linesim.access_token)
    with insight.ApiClient(configuration) as client:
        yield insight.Insight(client)


@pytest.fixture
def bot(linesim):
    """A bot that answers 200 to every webhook and keeps them; linesim is pointed at it."""
    recorder = RecordingBot().start()
    linesim.set_webhook(recorder.url)
    yield recorder
    recorder.stop()


@pytest.fixture
def friend(linesim, bot) -> str:
    """A simulated user who has added the account as a friend."""
    user_id = linesim.create_user()
    linesim.follow(user_id)
    return user_id
