"""End to end through linesim: a citizen reports a pothole with a photo and the place, staff change its status,
the citizen is told; the bad inputs on the way keep what the citizen already sent."""

from __future__ import annotations

import io
import threading

import pytest
from PIL import Image

from bot import keys as bot_keys
from bot.jobs import handle_event
from civic import store
from civic.jobs import notify_citizen
from civic.storage import photo_storage
from tests.dialogs.helpers import mentions

INSIDE = (35.6812, 139.7671)
OUTSIDE = (34.6937, 135.5023)


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (1200, 900), "#777777")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"                 # Make
    exif[0x8825] = {1: "N", 2: (35.0, 40.0, 52.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


class Reporter:
    def __init__(self, linesim, system):
        self.linesim, self.system = linesim, system
        self.user_id = linesim.create_user("通報 花子")
        linesim.follow(self.user_id)
        system.run_jobs()
        self.seen = len(self._deliveries())

    def _deliveries(self):
        return [entry for entry in self.linesim.ledger(self.user_id) if entry.get("kind") == "delivery"]

    def act(self, action: str, *args) -> list[dict]:
        getattr(self.linesim, action)(self.user_id, *args)
        self.system.run_jobs()
        deliveries = self._deliveries()
        new, self.seen = deliveries[self.seen:], len(deliveries)
        return [message for delivery in new for message in delivery["messages"]]

    def tap(self, messages: list[dict], label: str) -> list[dict]:
        message = messages[-1]
        actions = ([item["action"] for item in message["quickReply"]["items"]] if "quickReply" in message
                   else [button["action"] for button in message["contents"]["footer"]["contents"]])
        action = next(action for action in actions if action.get("label") == label)
        return self.act("postback", action["data"], action.get("displayText"))


@pytest.fixture
def reporter(citybot_system, linesim):
    return Reporter(linesim, citybot_system)


def test_a_report_with_a_photo_and_a_place_reaches_staff_and_the_status_reaches_the_citizen(reporter, citybot_system):
    services = citybot_system.services
    asked = reporter.act("text", "通報")
    assert "どんなことですか" in asked[-1]["text"]
    asked = reporter.tap(asked, "道路の穴・破損")
    kinds = [item["action"]["type"] for item in asked[-1]["quickReply"]["items"]]
    assert kinds[:2] == ["camera", "cameraRoll"]
    asked = reporter.act("image", photo_with_gps())
    assert "1 枚目" in asked[-1]["text"]
    asked = reporter.tap(asked, "次へ (場所)")
    asked = reporter.act("location", *OUTSIDE)
    assert "市の外" in asked[-1]["text"], "outside the boundary: asked again kindly"
    asked = reporter.act("location", *INSIDE, "中央公園前")
    asked = reporter.act("text", "３０ｃｍくらいの穴があります")
    assert asked[-1]["type"] == "flex"
    done = reporter.tap(asked, "送信する")
    assert "受付番号" in done[-1]["text"]

    (report,) = store.all_reports(services.redis)
    assert (report.category, report.status, report.latitude, report.place) == ("road", "received", INSIDE[0], "中央公園前")
    assert report.comment == "30cmくらいの穴があります"
    assert store.photo_states(services.redis, report.report_id) == {0: "ok"}
    kept = photo_storage(services.config).read(report.report_id, 0, "photo")
    assert Image.open(io.BytesIO(kept)).getexif() == {}, "no EXIF, no GPS kept"
    assert b"PhoneMaker" not in kept

    change = store.change_status(services.redis, report.report_id, "in_progress", public_comment="来週補修します。",
                                 reason="", actor="staff", at=report.received_at)
    services.queue("default").enqueue(notify_citizen, report.report_id, change)
    told = reporter.act("sticker")  # any later action; the jobs run and the push lands
    texts = [message.get("text", "") for message in told]
    assert any(report.receipt in text and "対応中" in text and "来週補修します" in text for text in texts), texts


def test_cancel_resume_and_a_question_mid_report_lose_nothing(reporter, citybot_system):
    redis = citybot_system.services.redis
    asked = reporter.act("text", "通報")
    reporter.tap(asked, "街灯・防犯灯の故障")
    answer = reporter.act("text", "粗大ごみの出し方は？")
    assert answer, "the FAQ answered the question"
    assert store.load_draft(redis, reporter.user_id).category == "light", "the draft waits"
    again = reporter.act("text", "通報")
    assert "書きかけ" in again[-1]["text"]
    resumed = reporter.tap(again, "続ける")
    assert "写真" in resumed[-1]["text"]
    cancelled = reporter.tap(resumed, "やめる")
    assert "取り消しました" in cancelled[-1]["text"] and store.load_draft(redis, reporter.user_id) is None
    stale = reporter.act("postback", "civ:send", "送信する")
    assert "時間がたった" in stale[-1]["text"], "an old button after the draft is gone gets a polite reply"


def test_a_typed_address_a_non_image_and_a_broken_photo_are_handled(reporter, citybot_system, linesim):
    redis = citybot_system.services.redis
    asked = reporter.act("text", "通報")
    asked = reporter.tap(asked, "不法投棄")
    linesim.send_events([{"type": "message", "source": {"type": "user", "userId": reporter.user_id},
                          "message": {"type": "file", "id": "9990001", "fileName": "a.pdf", "fileSize": 10}}])
    citybot_system.run_jobs()
    asked = reporter.act("image", b"this is not an image")
    asked = reporter.tap(asked, "次へ (場所)")
    asked = reporter.act("text", "南公園の東側の入口")
    asked = reporter.tap(asked, "なし")
    reporter.tap(asked, "送信する")
    (report,) = store.all_reports(redis)
    assert report.place == "南公園の東側の入口" and report.latitude is None
    assert store.photo_states(redis, report.report_id)[0].startswith("rejected:"), "kept, and marked"


def test_a_flood_from_one_friend_stops_at_the_daily_limit(reporter, citybot_system):
    services = citybot_system.services
    limit = services.config.civic.daily_limit
    for _ in range(limit):
        asked = reporter.tap(reporter.act("text", "通報"), "その他")
        asked = reporter.tap(asked, "写真なしで進む")
        asked = reporter.act("text", "市役所前")
        reporter.tap(reporter.tap(asked, "なし"), "送信する")
    refused = reporter.act("text", "通報")
    assert "1日 5 件まで" in refused[-1]["text"]
    assert len(store.all_reports(services.redis)) == limit


def test_erasing_keeps_the_report_but_not_the_citizen(reporter, citybot_system):
    redis = citybot_system.services.redis
    asked = reporter.tap(reporter.act("text", "通報"), "その他")
    asked = reporter.tap(asked, "写真なしで進む")
    reporter.tap(reporter.tap(reporter.act("text", "市役所前"), "なし"), "送信する")
    reporter.tap(reporter.act("text", "通報"), "その他")          # a second one, left as a draft
    assert [name for name in mentions(redis, reporter.user_id) if name.startswith("citybot:civic:")]
    confirm = reporter.act("text", "データ削除")
    reporter.tap(confirm, "はい、削除します")
    (report,) = store.all_reports(redis)
    assert report.user_id == "" and report.place == "市役所前"
    assert mentions(redis, reporter.user_id) == []


def test_a_citizen_s_next_event_waits_for_the_one_another_worker_is_handling(reporter, citybot_system):
    """Photos sent together land on several workers at once; each must see the draft the previous one left."""
    redis = citybot_system.services.redis
    busy = redis.lock(bot_keys.USER_EVENTS_LOCK.format(user_id=reporter.user_id), timeout=60)
    assert busy.acquire(blocking=False), "as if another worker were handling this citizen's previous event"
    reporter.linesim.text(reporter.user_id, "通報")          # queued, not run
    (job,) = citybot_system.services.queue("events").jobs
    worker = threading.Thread(target=handle_event, args=job.args, daemon=True)
    worker.start()
    worker.join(0.5)
    assert worker.is_alive() and store.load_draft(redis, reporter.user_id) is None, "it waits"
    busy.release()
    worker.join(30)
    assert not worker.is_alive() and store.load_draft(redis, reporter.user_id) is not None, "then it runs"
