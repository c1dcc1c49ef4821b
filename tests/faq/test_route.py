from datetime import timedelta

from bot.events import Incoming
from bot.faq import answer, gaps, route

USER = "U" + "0" * 32


def text(body: str) -> Incoming:
    return Incoming(event_id="e1", type="message", source_type="user", user_id=USER, reply_token="r1",
                    timestamp_ms=0, mode="active", message_type="text", text=body)


def postback(data: str) -> Incoming:
    return Incoming(event_id="e2", type="postback", source_type="user", user_id=USER, reply_token="r2",
                    timestamp_ms=0, mode="active", postback_data=data)


def quick_replies(message: dict) -> list[dict]:
    return [item["action"] for item in message["quickReply"]["items"]]


def test_a_clear_question_gets_one_answer_bubble(ctx, stored_faqs):
    [message] = route(text("粗大ゴミってどうやって出すの"), ctx)
    body = message["contents"]["body"]["contents"]
    assert message["type"] == "flex"
    assert body[0]["text"] == "粗大ごみはどうやって出せばよいですか？"
    assert "担当: 環境課" in [item.get("text") for item in body]
    footer = message["contents"]["footer"]["contents"]
    assert footer[0]["action"] == {"type": "uri", "label": "詳しくはこちら",
                                   "uri": "https://www.city.hikaridai.example.jp/gomi/sodai"}
    assert footer[1]["action"]["uri"] == "tel:0000001001"
    assert [action["label"] for action in quick_replies(message)] == ["役に立った", "役に立たなかった"]


def test_a_close_call_asks_back_and_a_tap_answers(ctx, stored_faqs):
    [ask] = route(text("住民票"), ctx)
    assert ask["text"].startswith("次のどれについてですか？")
    choices = quick_replies(ask)
    assert choices[-1]["data"] == answer.POSTBACK_NONE
    tap = next(choice for choice in choices if choice["data"] == "faq:a:juminhyo-window")
    assert len(tap["label"]) <= 20
    [reply] = route(postback(tap["data"]), ctx)
    assert reply["contents"]["body"]["contents"][0]["text"] == "住民票の写しを窓口で請求するには何が必要ですか？"
    route(postback("faq:no:juminhyo-window"), ctx)
    [gap] = gaps.top_gaps(ctx.services.redis, ctx.now - timedelta(hours=1))
    assert (gap.text, gap.kind, gap.faq_id) == ("住民票", "unhelpful", "juminhyo-window")


def test_nonsense_gets_the_city_contact_and_is_logged(ctx, stored_faqs):
    [reply] = route(text("あいうえお"), ctx)
    assert ctx.city.contact_phone in reply["text"]
    assert ctx.city.website in reply["text"]
    [gap] = gaps.top_gaps(ctx.services.redis, ctx.now - timedelta(hours=1))
    assert (gap.text, gap.count, gap.kind) == ("あいうえお", 1, "unanswered")


def test_none_of_these_logs_the_question_as_unanswered(ctx, stored_faqs):
    route(text("ごみ"), ctx)
    [reply] = route(postback(answer.POSTBACK_NONE), ctx)
    assert ctx.city.contact_phone in reply["text"]
    assert [gap.text for gap in gaps.top_gaps(ctx.services.redis, ctx.now - timedelta(hours=1))] == ["ごみ"]


def test_feedback_is_recorded_once_per_answer(ctx, stored_faqs):
    route(text("ハザードマップ見たい"), ctx)
    [thanks] = route(postback("faq:yes:hazard"), ctx)
    route(postback("faq:yes:hazard"), ctx)
    assert "ありがとうございます" in thanks["text"]
    assert gaps.feedback_counts(ctx.services.redis) == {"hazard": {"helpful": 1, "unhelpful": 0}}


def test_a_tap_on_an_faq_that_was_removed_since_says_so(ctx, stored_faqs):
    assert route(postback("faq:a:no-such-faq"), ctx) == [answer.gone()]


def test_other_events_are_left_to_the_next_route(ctx, stored_faqs):
    assert route(postback("settings:open"), ctx) is None
    sticker = Incoming(event_id="e3", type="message", source_type="user", user_id=USER, reply_token="r3",
                       timestamp_ms=0, mode="active", message_type="sticker")
    assert route(sticker, ctx) is None


def test_replies_pass_the_line_message_checks(ctx, stored_faqs):
    from messages.validate import check_messages

    for question in ("粗大ゴミってどうやって出すの", "住民票", "あいうえお"):
        assert check_messages(route(text(question), ctx)) == []
