"""The compose form's pure mapping: slots to template specs and LINE messages, schedule fields both ways, diffs."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from werkzeug.datastructures import MultiDict

from admin import compose, review
from messages import schedule
from messages.errors import ScheduleRefused

JST = ZoneInfo("Asia/Tokyo")


def test_slots_become_specs_and_the_templates_messages():
    form = {"m-ja-0-template": "text", "m-ja-0-body": "こんにちは", "m-ja-1-template": "",
            "m-en-0-template": "image", "m-en-0-url": "https://example.jp/a.png"}
    specs, messages, errors = compose.read_messages(form, ("ja", "en"))
    assert errors == {}
    assert specs == {"ja": [{"template": "text", "body": "こんにちは"}],
                     "en": [{"template": "image", "url": "https://example.jp/a.png"}]}
    assert messages["ja"] == [{"type": "text", "text": "こんにちは"}]
    assert messages["en"][0]["previewImageUrl"] == "https://example.jp/a.png"


def test_a_missing_required_field_is_named_in_japanese():
    _, messages, errors = compose.read_messages({"m-ja-0-template": "event", "m-ja-0-title": "祭り"}, ("ja",))
    assert messages == {} and "日時" in errors["m-ja-0-template"] and "場所" in errors["m-ja-0-template"]


@pytest.mark.parametrize("raw, reason", [("{not json", "JSON として読めません"), ('["a"]', "1 件"),
                                         ('{"text": "x"}', "1 件")])
def test_raw_json_must_be_one_line_message(raw, reason):
    _, _, errors = compose.read_messages({"m-ja-0-template": "json", "m-ja-0-json": raw}, ("ja",))
    assert reason in errors["m-ja-0-template"]


def test_specs_and_raw_messages_show_again_in_the_form():
    fields = compose.message_fields({"ja": [{"template": "text", "body": "やあ"}, {"type": "sticker", "packageId": "1"}]})
    assert fields["m-ja-0-template"] == "text" and fields["m-ja-0-body"] == "やあ"
    assert fields["m-ja-1-template"] == "json" and '"sticker"' in fields["m-ja-1-json"]


@pytest.mark.parametrize("form, expected", [
    ({"schedule_kind": "now"}, None),
    ({"schedule_kind": "weekly", "weekly_days": ["0", "3"], "weekly_time": "07:30", "skip_dates": "2026-12-31"},
     schedule.Weekly((0, 3), time(7, 30), frozenset({date(2026, 12, 31)}))),
    ({"schedule_kind": "monthly", "monthly_nth": "last", "monthly_weekday": "4", "monthly_time": "08:00",
      "until": "2027-03-31"}, schedule.MonthlyNth(schedule.LAST, 4, time(8, 0), frozenset(), date(2027, 3, 31))),
])
def test_schedule_choices_round_trip(form, expected):
    rule = compose.read_schedule(MultiDict(form), JST)
    assert rule == expected
    assert compose.read_schedule(MultiDict(compose.schedule_fields(rule, JST)), JST) == rule


def test_a_once_schedule_is_in_the_citys_time_zone():
    rule = compose.read_schedule(MultiDict({"schedule_kind": "once", "once_date": "2026-05-01",
                                            "once_time": "09:00"}), JST)
    assert rule.at.utcoffset().total_seconds() == 9 * 3600
    assert compose.schedule_fields(rule, JST)["once_time"] == "09:00"


def test_an_unreadable_date_is_refused_in_japanese():
    with pytest.raises(ScheduleRefused, match="読めません"):
        compose.read_schedule(MultiDict({"schedule_kind": "weekly", "weekly_days": ["0"], "weekly_time": "07:00",
                                         "skip_dates": "12月31日"}), JST)


def test_the_diff_marks_removed_and_added_lines_in_order():
    changes = review.diff(["件名: A", "本文: 9時", "予定: すぐ"], ["件名: A", "本文: 10時", "予定: すぐ"])
    assert changes == [(" ", "件名: A"), ("-", "本文: 9時"), ("+", "本文: 10時"), (" ", "予定: すぐ")]
