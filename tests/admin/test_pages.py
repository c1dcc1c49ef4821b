"""Console pages over real data: the dashboard's growth figures, the friends page, the segment builder's answer."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from messages import broadcasts
from reports import snapshots
from segments.store import FollowerStore

AT = datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc)


def follower(store: FollowerStore, number: int, **attributes) -> str:
    user_id = f"U{number:032x}"
    store.follow(user_id, at=AT, unblocked=False)
    store.record_consent(user_id, granted=True, at=AT)
    store.update(user_id, **attributes)
    return user_id


def seed_followers(console_services, central: int, north: int) -> None:
    store = FollowerStore(console_services.redis, console_services.config.city)
    for number in range(central):
        follower(store, number, district="中央", age="30代", interests=["防災"])
    for number in range(central, central + north):
        follower(store, number, district="北部", age="70代以上", interests=["子育て"])


def test_the_dashboard_shows_net_friends_progress_and_the_week(client, as_staff, console_services):
    today = datetime.now(console_services.config.tz).date()
    for offset, (followers, blocks) in enumerate([(15000, 1000), (15100, 1010)]):
        day = today - timedelta(days=8 - 7 * offset)
        snapshots.store_insight(console_services.redis, day, status=snapshots.READY, followers=followers,
                                targeted_reaches=followers - blocks, blocks=blocks, fetched_at=AT)
    as_staff("writer")
    html = client.get("/admin/").get_data(as_text=True)
    assert "14,090" in html  # 15,100 − 1,010
    assert "目標 20,000人" in html and "あと 5,910人" in html
    assert 'src="/admin/dashboard/net_friends.png"' in html
    chart = client.get("/admin/dashboard/net_friends.png")
    assert chart.mimetype == "image/png" and chart.data.startswith(b"\x89PNG")


def test_the_dashboard_without_any_statistics_says_so(client, as_staff):
    as_staff("writer")
    html = client.get("/admin/").get_data(as_text=True)
    assert "LINE の統計がまだありません" in html


def test_the_friends_page_counts_by_attribute_and_hides_small_cells(client, as_staff, console_services):
    seed_followers(console_services, central=12, north=3)
    as_staff("writer")
    html = client.get("/admin/friends").get_data(as_text=True)
    assert "<td>中央</td><td class=\"number\">12人</td>" in html
    assert "<td>北部</td><td class=\"number\">10人未満</td>" in html
    assert "<td>北部</td><td class=\"number\">3人</td>" not in html
    assert "15人" in html  # friends who consented
    assert "U0000" not in html  # no user IDs anywhere


def test_the_segment_builder_gets_count_and_description(client, as_staff, console_services):
    seed_followers(console_services, central=12, north=3)
    as_staff("writer")
    answer = client.get("/admin/segments/audience.json", query_string={"expr": "地区:中央 AND interest:防災"}).json
    assert answer["ok"] and answer["count"] == "12人" and answer["expression"] == "district:中央 AND interest:防災"
    assert "中央" in answer["description"] and answer["description"].endswith("方")
    small = client.get("/admin/segments/audience.json", query_string={"expr": "district:北部"}).json
    assert small["count"] == "10人未満" and small["small"]


def test_a_segment_typing_error_says_where_and_why(client, as_staff):
    as_staff("writer")
    answer = client.get("/admin/segments/audience.json", query_string={"expr": "district:中央 AND"}).json
    assert not answer["ok"] and answer["position"] >= 0 and answer["error"]
    unknown = client.get("/admin/segments/audience.json", query_string={"expr": "district:火星"}).json
    assert not unknown["ok"] and "火星" in unknown["error"]


def test_the_dashboard_lists_broadcasts_waiting_for_approval_and_scheduled(client, as_staff, console_services):
    redis = console_services.redis
    waiting = broadcasts.create(redis, actor="sato", title="ごみの日のお知らせ",
                                variants={"ja": [{"type": "text", "text": "明日は燃えるごみの日です。"}]})
    broadcasts.submit(redis, console_services.config.city, waiting.id, actor="sato")
    as_staff("writer")
    html = client.get("/admin/").get_data(as_text=True)
    assert "ごみの日のお知らせ" in html and f"/admin/broadcasts/{waiting.id}" in html
