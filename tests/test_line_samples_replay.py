"""Every event type of LINE's SDK sample webhooks, both shapes, sent one by one through linesim to citybot.

linesim signs each webhook and issues reply tokens as LINE does (once, for the event's own chat, for a
minute; none for unfollow, leave, memberLeft, unsend or unknown types) and logs every request it refuses.
"""

from __future__ import annotations

import pytest

from tests import line_samples

SAMPLE_KINDS = {
    "message/text", "message/image", "message/video", "message/audio", "message/location", "message/sticker",
    "message/file", "follow", "unfollow", "join", "leave", "postback", "beacon", "accountLink", "memberJoined",
    "memberLeft", "unsend", "videoPlayComplete",
}
"""The event kinds in line-bot-sdk-python's tests/text/webhook.json; tests/v3/text/webhook.json adds
messageEdited. Both also hold an event of a type the SDK does not know."""

WITHOUT_TOKEN = {"leave a group", "members left", "unsend in a group", "an event type this SDK does not know",
                 "unfollow"}

ANSWERED = {
    "text from a user": "user", "video from a user": "user", "audio from a user": "user",
    "location from a user": "user", "sticker from a user": "user", "file from a user": "user",
    "image of a set from a user": "user", "text from a user again": "user", "follow": "user", "join a group": "group",
}
"""What citybot answers, and where: a citizen's messages and follow, and a group it joins (once, to say it
serves people one to one). Nothing else: a beacon, an account link, a finished video, a membership, an edited
message, a postback it did not send, members joining, or anything said in a group or room."""


def kind(event: dict) -> str:
    return f"message/{event['message']['type']}" if event["type"] == "message" else event["type"]


@pytest.mark.parametrize("shape", line_samples.SHAPES)
def test_the_samples_cover_every_event_kind_of_line_sdk(shape):
    kinds = {kind(event) for _, event in line_samples.events(line_samples.Chats("U" + "0" * 32), shape)}
    assert kinds >= SAMPLE_KINDS | ({"messageEdited"} if shape == "v3" else set())


@pytest.mark.parametrize("shape", line_samples.SHAPES)
def test_every_sample_event_is_answered_only_with_its_own_token_and_only_when_it_should_be(
        citybot_system, linesim, shape):
    user = linesim.create_user("見本 太郎")
    linesim.follow(user)
    citybot_system.run_jobs()
    chats = line_samples.Chats(user)
    where = {"user": user, "group": chats.group, "room": chats.room}
    answered, tokens = {}, {}
    for label, event in line_samples.events(chats, shape):
        before = {name: len(linesim.ledger(chat)) for name, chat in where.items()}
        sent = linesim.send_events([event])
        assert (sent["status"], sent["error"]) == (200, None), label
        tokens[label] = "replyToken" in sent["events"][0]
        citybot_system.run_jobs()
        for name, chat in where.items():
            for delivery in linesim.ledger(chat)[before[name]:]:
                assert label not in answered, f"{label} was answered twice"
                answered[label] = (name, delivery["endpoint"])

    assert {label for label, has_token in tokens.items() if not has_token} == WITHOUT_TOKEN
    assert answered == {label: (chat, "reply") for label, chat in ANSWERED.items()}
    assert linesim.api_errors() == []
    assert citybot_system.services.queue("events").failed_job_registry.count == 0
