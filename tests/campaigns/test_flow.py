"""End to end through linesim: citizens scan a campaign's QR code, follow, send (or not) the prefilled code;
the short link, the bot and the weekly report count them honestly."""

from __future__ import annotations

from datetime import timedelta

import requests

from campaigns.model import prefill_text
from campaigns.store import daily_counts
from campaigns.tally import campaign_table
from reports import weekly
from reports.growth import IsoWeek
from reports.render import CHARTS, render_html
from tests.campaigns.conftest import ENDED, POSTER, WEDNESDAY, WEEK_END, WEEK_START
from tests.dialogs.helpers import mentions

PHONE = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148 Safari/604.1"}


def replies_to(linesim, user_id: str) -> list[str]:
    return [message.get("text", "") for entry in linesim.ledger(user_id) if entry.get("kind") == "delivery"
            for message in entry["messages"]]


def row_of(redis, code: str):
    return next(row for row in campaign_table(redis, WEEK_START, WEEK_END).rows if row.campaign.code == code)


def test_a_citizen_who_scans_the_poster_and_sends_the_code_is_counted_once(campaigns, citybot_system, linesim,
                                                                           travel):
    redis = campaigns.redis
    with travel(WEDNESDAY, tick=True):
        citizen = linesim.create_user("試験 次郎")
        scanned = linesim.scan(citizen, f"{citybot_system.url}/c/{POSTER.code}")
        assert scanned == {"status": 200, "opened": "chat", "prefilled": prefill_text(POSTER.code),
                           "followed": True, "sent": True}
        citybot_system.run_jobs()
        said = replies_to(linesim, citizen)
        assert any(campaigns.config.city.name in text and "プライバシー" not in text for text in said[:1])
        assert any(POSTER.name in text for text in said), said

        linesim.text(citizen, prefill_text(POSTER.code))        # sent twice
        linesim.text(citizen, POSTER.code.lower())               # and typed
        citybot_system.run_jobs()
        assert "コードを受け付けました" in replies_to(linesim, citizen)[-2]

    row = row_of(redis, POSTER.code)
    assert (row.week.scans, row.week.friends, row.total.friends) == (1, 1, 1)
    report = weekly.build(redis, campaigns.config, IsoWeek.of(WEDNESDAY.date()), generated_at=WEDNESDAY)
    reported = next(row for row in report.campaigns.rows if row.campaign.code == POSTER.code)
    assert reported.week.friends == 1 and reported.cost_per_friend is not None
    html = render_html(report, {name: "" for name in CHARTS})
    assert POSTER.name in html and "確定 = 読み取ったあと友だち追加コードを送ってくれた人" in html



def test_a_friend_after_midnight_is_counted_on_the_city_s_day_not_estimated_again(campaigns, citybot_system,
                                                                                   linesim, travel):
    night = WEDNESDAY.replace(hour=1)                   # 16:00 the day before in UTC
    with travel(night, tick=True):
        citizen = linesim.create_user("試験 夜子")
        linesim.scan(citizen, f"{citybot_system.url}/c/{POSTER.code}")
        citybot_system.run_jobs()
    counts = daily_counts(campaigns.redis, [POSTER.code])[POSTER.code]
    assert counts == {night.date(): {"scan": 1, "friend": 1}}
    row = row_of(campaigns.redis, POSTER.code)
    assert (row.week.scans, row.week.friends, row.week.estimated) == (1, 1, 0.0)

def test_a_friend_without_the_code_is_estimated_not_counted_exactly(campaigns, citybot_system, linesim, travel):
    with travel(WEDNESDAY, tick=True):
        quiet = linesim.create_user("試験 三郎")
        linesim.scan(quiet, f"{citybot_system.url}/c/{POSTER.code}", send=False)
        citybot_system.run_jobs()
    row = row_of(campaigns.redis, POSTER.code)
    assert (row.week.scans, row.week.friends) == (1, 0)
    assert row.week.estimated == 1.0, "no quiet days yet: the whole arrival is the (upper-bound) estimate"


def test_an_early_block_is_counted_once_for_the_campaign(campaigns, citybot_system, linesim, travel):
    with travel(WEDNESDAY, tick=True):
        citizen = linesim.create_user("試験 四郎")
        linesim.scan(citizen, f"{citybot_system.url}/c/{POSTER.code}")
        citybot_system.run_jobs()
    with travel(WEDNESDAY + timedelta(days=3), tick=True):
        linesim.block(citizen)
        linesim.unblock(citizen)
        linesim.block(citizen)
        citybot_system.run_jobs()
    row = row_of(campaigns.redis, POSTER.code)
    assert row.total.blocked == 1, "blocking twice is one early block"
    assert row.early_block_rate == 1.0


def test_a_code_typed_long_after_following_brings_nobody(campaigns, citybot_system, linesim, travel):
    with travel(WEDNESDAY - timedelta(days=2), tick=True):
        citizen = linesim.create_user("試験 五郎")
        linesim.follow(citizen)
        citybot_system.run_jobs()
    with travel(WEDNESDAY, tick=True):
        linesim.text(citizen, prefill_text(POSTER.code))
        citybot_system.run_jobs()
        assert "コードを受け付けました" in replies_to(linesim, citizen)[-2]
    assert row_of(campaigns.redis, POSTER.code).total.friends == 0


def test_ended_unknown_and_hostile_links_lead_to_the_add_friend_page_and_are_counted_as_such(
        campaigns, citybot_system, travel):
    with travel(WEDNESDAY, tick=True):
        base = citybot_system.url
        ended = requests.get(f"{base}/c/{ENDED.code}", headers=PHONE, allow_redirects=False, timeout=5)
        unknown = requests.get(f"{base}/c/QQQQQ", headers=PHONE, allow_redirects=False, timeout=5)
        hostile = requests.get(f"{base}/c/https:%2F%2Fevil.example%2F?next=//evil.example", headers=PHONE,
                               allow_redirects=False, timeout=5)
    for answer in (ended, unknown):
        assert answer.status_code == 302
        assert answer.headers["Location"] == "https://line.me/R/ti/p/%40linesim"
        assert answer.headers["Cache-Control"] == "no-store"
    assert hostile.status_code in (302, 404)
    assert "evil" not in hostile.headers.get("Location", "")
    assert row_of(campaigns.redis, ENDED.code).week.after_end == 1
    assert campaign_table(campaigns.redis, WEEK_START, WEEK_END).unknown_scans == 1


def test_robots_and_repeated_scans_are_not_counted_and_no_address_is_stored(campaigns, citybot_system, travel):
    link = f"{citybot_system.url}/c/{POSTER.code}"
    with travel(WEDNESDAY, tick=True):
        for _ in range(3):
            assert requests.get(link, headers=PHONE, allow_redirects=False, timeout=5).status_code == 302
        requests.get(link, headers={"User-Agent": "Slackbot-LinkExpanding 1.0"}, allow_redirects=False, timeout=5)
        requests.head(link, headers=PHONE, allow_redirects=False, timeout=5)
        chat = requests.get(link, headers=PHONE, allow_redirects=False, timeout=5).headers["Location"]
    assert chat.startswith("https://line.me/R/oaMessage/%40linesim/?")
    row = row_of(campaigns.redis, POSTER.code)
    assert (row.week.scans, row.week.filtered) == (1, 5)
    assert mentions(campaigns.redis, "127.0.0.1") == [], "the visitor's address is nowhere in Redis"


def test_erasing_forgets_which_campaign_brought_the_citizen(campaigns, citybot_system, linesim, travel):
    with travel(WEDNESDAY, tick=True):
        citizen = linesim.create_user("試験 六子")
        linesim.scan(citizen, f"{citybot_system.url}/c/{POSTER.code}")
        citybot_system.run_jobs()
        assert mentions(campaigns.redis, citizen)
        linesim.text(citizen, "データ削除")
        citybot_system.run_jobs()
        confirm = [entry for entry in linesim.ledger(citizen) if entry.get("kind") == "delivery"][-1]["messages"][-1]
        action = next(item["action"] for item in confirm["quickReply"]["items"]
                      if item["action"]["label"] == "はい、削除します")
        linesim.postback(citizen, action["data"], action.get("displayText"))
        citybot_system.run_jobs()
    assert mentions(campaigns.redis, citizen) == []
    assert row_of(campaigns.redis, POSTER.code).total.friends == 1, "the count (no ID) stays"
