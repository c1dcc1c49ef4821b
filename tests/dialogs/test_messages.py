"""Every reply of every reachable dialog state is a valid LINE message within LINE's limits.

The states are found by tapping every button from the greeting onwards (and from each command), as a
citizen could, in the demo city and in a city with long lists.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import replace

import pytest

from linebot.v3.messaging import Message

from bot.dialogs.model import Answer, Choices, View
from bot.dialogs.settings import welcome
from bot.dialogs.steps import COMMANDS, run
from bot.dialogs.texts import LANGUAGES
from tests.dialogs.conftest import big_city, consented, demo_city

MAX_STATES = 2500


def starting_views(city) -> list[View]:
    held = consented(city, district=city.districts[0], interests=frozenset(city.interests[:2]))
    return [View(city), View(city, held), View(city, replace(held, language="ja-easy", optouts=frozenset(
        city.interests[:1]))), View(city, Choices(consent="refused", consent_version=city.privacy_version)),
        View(city, replace(held, language="en"), suggested_language="en")]


def reachable(city) -> list[tuple[View, Answer, object]]:
    """(view, answer, outcome) for every state reached by tapping buttons, breadth first, up to MAX_STATES."""
    queue = deque((view, answer) for view in starting_views(city) for answer in set(COMMANDS.values()))
    seen, found = set(), []
    for view in starting_views(city):
        outcome = welcome(view)
        found.append((view, None, outcome))
        queue.extend(_taps(view, outcome))
    while queue and len(found) < MAX_STATES:
        view, answer = queue.popleft()
        if _kind(view, answer) in seen:
            continue
        seen.add(_kind(view, answer))
        outcome = run(view, answer)
        found.append((view, answer, outcome))
        queue.extend(_taps(replace(view.after(outcome.changes), state=outcome.state), outcome))
    return found


def _kind(view: View, answer: Answer) -> tuple:
    """States that differ only in which values were picked look alike (else 関心 subsets explode)."""
    choices = view.choices
    return (answer, view.state and (view.state.flow, view.state.step, view.state.page), choices.consent,
            choices.language, bool(choices.district), bool(choices.optouts), view.suggested_language)


def _taps(view: View, outcome) -> list[tuple[View, Answer]]:
    items = outcome.replies[-1].get("quickReply", {}).get("items", []) if outcome.replies else []
    return [(view, Answer.parse(item["action"]["data"])) for item in items]


@pytest.fixture(scope="module")
def cases() -> list[tuple[View, Answer, object]]:
    return reachable(demo_city()) + reachable(big_city())


def test_the_crawl_reaches_every_step(cases):
    steps = {(outcome.state.flow, outcome.state.step) for _, _, outcome in cases if outcome.state}
    assert steps >= {("reg", "consent"), ("reg", "district"), ("reg", "age"), ("reg", "interest"),
                     ("reg", "language"), ("set", "menu"), ("set", "consent"), ("set", "district"), ("set", "age"),
                     ("set", "interest"), ("set", "language"), ("stop", "list"), ("del", "confirm")}
    assert any(outcome.changes.erase for _, _, outcome in cases)
    assert any(outcome.changes.registered for _, _, outcome in cases)
    assert any(outcome.state and outcome.state.page > 0 for _, _, outcome in cases)


def test_every_distinct_reply_is_a_valid_line_message(cases):
    found = {json.dumps(reply, ensure_ascii=False, sort_keys=True): reply
             for _, _, outcome in cases for reply in outcome.replies}
    replies = list(found.values())
    assert len(replies) > 100
    for reply in replies:
        Message.from_dict(reply)  # raises on a malformed message object
        assert len(reply.get("text", "")) <= 5000
        assert len(reply.get("altText", "")) <= 1500


def test_replies_keep_lines_limits(cases):
    for view, answer, outcome in cases:
        assert 1 <= len(outcome.replies) <= 5, answer
        assert all("quickReply" not in reply for reply in outcome.replies[:-1]), "only the last one is shown"
        items = outcome.replies[-1].get("quickReply", {}).get("items", [])
        assert len(items) <= 13, answer
        for item in items:
            action = item["action"]
            assert len(action["label"]) <= 20, action
            assert len(action["data"]) <= 300 and len(action["displayText"]) <= 300, action
            assert Answer.parse(action["data"]) is not None, action


def test_language_labels_are_how_their_speakers_write_them():
    assert LANGUAGES["ko"] == "한국어" and LANGUAGES["vi"] == "Tiếng Việt"
