"""The FAQ end to end through linesim: answer, ask-back and its tap, fallback with a logged gap, feedback."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from bot.faq.bootstrap import import_demo_faq_if_empty
from bot.faq.gaps import feedback_counts, top_gaps


@pytest.fixture
def citizen(citybot_system, linesim):
    services = citybot_system.services
    import_demo_faq_if_empty(services.redis, services.queue("default"), at=datetime.now(services.config.tz))
    user = linesim.create_user()
    linesim.follow(user)
    citybot_system.run_jobs()
    return user


def say(linesim, system, user: str, text: str | None = None, postback: str | None = None) -> list[dict]:
    """Send a text or a postback and return the messages of the bot's reply."""
    before = len(linesim.ledger(user))
    linesim.text(user, text) if text is not None else linesim.postback(user, postback)
    system.run_jobs()
    deliveries = linesim.ledger(user)[before:]
    assert [delivery["endpoint"] for delivery in deliveries] == ["reply"]
    return deliveries[0]["messages"]


def postbacks(message: dict) -> list[str]:
    items = message.get("quickReply", {}).get("items", [])
    return [item["action"]["data"] for item in items if item["action"]["type"] == "postback"]


def test_a_question_gets_the_right_answer_and_feedback_is_recorded(citizen, citybot_system, linesim):
    answer = say(linesim, citybot_system, citizen, "粗大ごみってどうやって出すの")[-1]
    assert answer["type"] == "flex"
    assert "粗大ごみ" in json.dumps(answer["contents"], ensure_ascii=False)
    assert "faq:no:gomi-001" in postbacks(answer)
    thanks = say(linesim, citybot_system, citizen, postback="faq:no:gomi-001")
    assert thanks
    assert feedback_counts(citybot_system.services.redis)["gomi-001"]["unhelpful"] == 1
    since = datetime.now(citybot_system.services.config.tz) - timedelta(hours=1)
    assert [gap.kind for gap in top_gaps(citybot_system.services.redis, since)] == ["unhelpful"]


def test_an_ambiguous_question_asks_back_and_a_tap_answers(citizen, citybot_system, linesim):
    ask_back = say(linesim, citybot_system, citizen, "住民票")[-1]
    assert "次のどれについてですか" in ask_back.get("text", json.dumps(ask_back, ensure_ascii=False))
    choices = [data for data in postbacks(ask_back) if data.startswith("faq:a:")]
    assert len(choices) >= 2
    answer = say(linesim, citybot_system, citizen, postback=choices[0])[-1]
    assert answer["type"] == "flex" and f"faq:no:{choices[0].removeprefix('faq:a:')}" in postbacks(answer)


def test_nonsense_gets_the_contact_and_is_logged_for_staff(citizen, citybot_system, linesim):
    reply = json.dumps(say(linesim, citybot_system, citizen, "あいうえお"), ensure_ascii=False)
    assert "0000-00-0000" in reply
    since = datetime.now(citybot_system.services.config.tz) - timedelta(hours=1)
    gaps = top_gaps(citybot_system.services.redis, since)
    assert [(gap.text, gap.kind) for gap in gaps] == [("あいうえお", "unanswered")]
