"""Webhook events equivalent to line-bot-sdk-python's sample webhooks, written by us (none of their text).

The SDK ships two: `tests/v3/text/webhook.json` (the current shape: `quoteToken`, `follow.isUnblocked`, postback
`params` of a datetime picker, `messageEdited`) and the legacy `tests/text/webhook.json` (the same events without those). `events()`
gives, for either shape, one event of every kind those files hold, from the same kinds of source (a user, a
group, a room, a group member), in the same order except that the block comes last, plus a membership event.
The events carry no
`replyToken`, `webhookEventId` or `timestamp`: linesim adds them as LINE would.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field

SHAPES = ("v3", "legacy")

_message_ids = itertools.count(710_000_000_000_000_001)


@dataclass(frozen=True)
class Chats:
    """The user who talks to the account, a group and a room it is in, and two members joining the group."""

    user: str
    group: str = field(default_factory=lambda: "C" + uuid.uuid4().hex)
    room: str = field(default_factory=lambda: "R" + uuid.uuid4().hex)
    members: tuple[str, str] = field(default_factory=lambda: ("U" + uuid.uuid4().hex, "U" + uuid.uuid4().hex))


def events(chats: Chats, shape: str) -> list[tuple[str, dict]]:
    """(label, event) pairs; the label names the kind so a failure says which event it was."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {SHAPES}")
    v3 = shape == "v3"
    user, group_member = _user(chats.user), _in_group(chats.group, chats.user)
    pairs = [
        ("text from a user", _message(user, _text("粗大ごみは どうやって出せばいいですか", v3))),
        ("image in a room", _message(_room(chats.room), _media("image", v3, external=True))),
        ("video from a user", _message(user, _media("video", v3, external=True, duration=42_000))),
        ("audio from a user", _message(user, _media("audio", False, external=True, duration=15_000))),
        ("location from a user", _message(user, {"type": "location", "id": _id(), "title": "ひかり台駅前",
                                                 "address": "ひかり台市中央1-1", "latitude": 35.7,
                                                 "longitude": 139.6})),
        ("sticker from a user", _message(user, {"type": "sticker", "id": _id(), "packageId": "11537",
                                                "stickerId": "52002734", "stickerResourceType": "STATIC",
                                                "keywords": ["ありがとう"], "text": "ありがとう",
                                                **_quote(v3)})),
        ("join a group", {"type": "join", "source": _group(chats.group)}),
        ("leave a group", {"type": "leave", "source": _group(chats.group)}),
        ("postback with a datetime", _postback(user, "action=reserve&slot=7",
                                                        {"datetime": "2027-01-05T10:00"} if v3 else None)),
        ("beacon enter", {"type": "beacon", "source": user, "beacon": {"hwid": "0a1b2c3d4e", "type": "enter"}}),
        ("beacon enter with dm", {"type": "beacon", "source": user,
                                  "beacon": {"hwid": "0a1b2c3d4e", "type": "enter", "dm": "00ff00ff00ff00ff"}}),
        ("account link", {"type": "accountLink", "source": user,
                          "link": {"result": "ok", "nonce": uuid.uuid4().hex[:22]}}),
        ("text in a group", _message(group_member, _text("みなさん こんにちは", v3))),
        ("text in a room", _message(_room(chats.room, chats.user), _text("会議は何時からですか", v3))),
        ("postback with a date", _postback(user, "action=reserve&slot=8", {"date": "2027-01-06"})),
        ("postback with a time", _postback(user, "action=reserve&slot=9", {"time": "14:30"})),
        ("postback with a datetime again", _postback(user, "action=reserve&slot=10",
                                                     {"datetime": "2027-01-07T09:15"})),
        ("members joined", {"type": "memberJoined", "source": _group(chats.group),
                            "joined": {"members": [_user(member) for member in chats.members]}}),
        ("members left", {"type": "memberLeft", "source": _group(chats.group),
                          "left": {"members": [_user(member) for member in chats.members]}}),
        ("file from a user", _message(user, {"type": "file", "id": _id(), "fileName": "申請書.pdf",
                                             "fileSize": 48_213})),
        ("unsend in a group", {"type": "unsend", "source": group_member, "unsend": {"messageId": _id()}}),
        ("video play complete", {"type": "videoPlayComplete", "source": user,
                                 "videoPlayComplete": {"trackingId": "citybot-guide-1"}}),
        ("image of a set from a user", _message(user, {**_media("image", v3, external=False),
                                                       "imageSet": {"id": uuid.uuid4().hex.upper()[:19],
                                                                    "index": 1, "total": 2}})),
        ("text from a user again", _message(user, _text("住民票は日曜にも取れますか", v3))),
    ]
    if v3:
        pairs.append(("message edited", {"type": "messageEdited", "source": user,
                                         "message": _text("住民票は土曜にも取れますか", v3)}))
    pairs += [
        ("membership joined", {"type": "membership", "source": user,   # not in the samples; LINE documents it
                               "membership": {"type": "joined", "membershipId": 3189}}),
        ("an event type this SDK does not know", {"type": "somethingNew", "source": user, "somethingNew": {"n": 1}}),
        ("follow", {"type": "follow", "source": user, **({"follow": {"isUnblocked": True}} if v3 else {})}),
        ("unfollow", {"type": "unfollow", "source": user}),
    ]
    return pairs


def _id() -> str:
    return str(next(_message_ids))


def _quote(v3: bool) -> dict:
    return {"quoteToken": uuid.uuid4().hex} if v3 else {}


def _text(text: str, v3: bool) -> dict:
    return {"type": "text", "id": _id(), "text": text, **_quote(v3)}


def _media(kind: str, v3: bool, *, external: bool, duration: int | None = None) -> dict:
    provider = ({"type": "external", "originalContentUrl": "https://example.org/media/original",
                 **({"previewImageUrl": "https://example.org/media/preview"} if kind != "audio" else {})}
                if external else {"type": "line"})
    return {"type": kind, "id": _id(), **({"duration": duration} if duration else {}), "contentProvider": provider,
            **_quote(v3)}


def _message(source: dict, content: dict) -> dict:
    return {"type": "message", "source": source, "message": content}


def _postback(source: dict, data: str, params: dict | None) -> dict:
    return {"type": "postback", "source": source, "postback": {"data": data, **({"params": params} if params else {})}}


def _user(user_id: str) -> dict:
    return {"type": "user", "userId": user_id}


def _group(group_id: str) -> dict:
    return {"type": "group", "groupId": group_id}


def _in_group(group_id: str, user_id: str) -> dict:
    return {**_group(group_id), "userId": user_id}


def _room(room_id: str, user_id: str | None = None) -> dict:
    return {"type": "room", "roomId": room_id, **({"userId": user_id} if user_id else {})}
