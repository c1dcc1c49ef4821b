"""End to end through linesim: a citizen follows, consents, answers, changes a choice and erases everything.

Each action goes to the running web app as a signed webhook; the queued job then runs in-process and its
reply reaches linesim, where we read what the citizen saw.
"""

from __future__ import annotations

import pytest

from bot.dialogs import state
from bot.dialogs.texts import say
from segments import consent
from segments.store import FollowerStore
from tests.dialogs.helpers import mentions


class Citizen:
    """One simulated LINE user and what they have been sent."""

    def __init__(self, linesim, system, language: str = "ja"):
        self.linesim, self.system = linesim, system
        self.user_id = linesim.create_user("テスト花子", language=language)
        self.seen = 0

    def act(self, action: str, *args) -> list[dict]:
        """Do something in LINE and return the messages the bot replied with."""
        result = getattr(self.linesim, action)(self.user_id, *args)
        assert result["status"] == 200, result
        self.system.run_jobs()
        deliveries = [entry for entry in self.linesim.ledger(self.user_id) if entry.get("kind") == "delivery"]
        new, self.seen = deliveries[self.seen:], len(deliveries)
        return [message for delivery in new for message in delivery["messages"]]

    def tap(self, messages: list[dict], label: str) -> list[dict]:
        """Tap the quick-reply button with this label (as LINE shows it) on the last message."""
        items = messages[-1]["quickReply"]["items"]
        action = next(item["action"] for item in items if item["action"]["label"] == label)
        return self.act("postback", action["data"], action.get("displayText"))


@pytest.fixture
def citizen(citybot_system, linesim):
    return Citizen(linesim, citybot_system, language="en")


def test_follow_consent_register_change_and_erase(citizen, citybot_system):
    services = citybot_system.services
    store, redis = FollowerStore(services.redis, services.config.city), services.redis

    greeting = citizen.act("follow")
    assert services.config.city.name in greeting[0]["text"]
    assert services.config.city.privacy_url in greeting[-1]["text"]

    asked = citizen.tap(greeting, "同意する")
    assert asked[-1]["text"] == say("ask_district")
    asked = citizen.tap(asked, "南部")
    asked = citizen.act("text", "３０代")  # typed, in full width
    asked = citizen.tap(asked, "防災")
    asked = citizen.tap(asked, "子育て")
    asked = citizen.tap(asked, "完了")
    assert asked[-1]["quickReply"]["items"][0]["action"]["label"] == "★ English", "suggested from the profile"
    finished = citizen.tap(asked, "★ English")
    assert finished[0]["text"] == say("registered", "en")

    follower = store.get(citizen.user_id)
    assert (follower.consent, follower.district, follower.age, follower.interests, follower.language) == (
        "granted", "南部", "30代", {"防災", "子育て"}, "en")

    menu = citizen.act("text", "設定")
    assert menu[0]["type"] == "flex" and "南部" in menu[0]["altText"]
    asked = citizen.tap(menu, "地区を変える")
    changed = citizen.tap(asked, "中央")
    assert "中央" in changed[0]["text"] and changed[-1]["type"] == "flex"
    assert store.get(citizen.user_id).district == "中央"
    assert store.get(citizen.user_id).age == "30代"

    assert mentions(redis, citizen.user_id), "before erasing, the follower is found"
    confirm = citizen.act("text", "データ削除")
    erased = citizen.tap(confirm, "はい、削除します")
    assert services.config.city.name in erased[0]["text"]
    assert store.get(citizen.user_id) is None
    assert state.load(redis, citizen.user_id) is None
    assert consent.entries(redis, user_id=citizen.user_id) == []
    assert mentions(redis, citizen.user_id) == [], "nothing in Redis names the citizen any more"


def test_walking_away_mid_dialog_gets_an_answer_not_a_stuck_dialog(citizen, citybot_system):
    greeting = citizen.act("follow")
    citizen.tap(greeting, "同意する")
    answer = citizen.act("text", "粗大ごみの出し方を教えてください")
    assert answer and answer[-1].get("text") != say("ask_district")
    assert state.load(citybot_system.services.redis, citizen.user_id) is None


def test_unblocking_restores_the_choices_without_a_new_question(citizen, citybot_system):
    greeting = citizen.act("follow")
    asked = citizen.tap(greeting, "同意する")
    citizen.tap(asked, "北部")
    citizen.act("block")
    welcome = citizen.act("unblock")
    assert welcome[0]["text"].startswith(say("welcome_back", "ja", city=citybot_system.services.config.city.name))
    assert "北部" in welcome[-1]["altText"]
    assert "quickReply" not in welcome[-1]
