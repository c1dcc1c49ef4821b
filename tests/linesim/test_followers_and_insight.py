from datetime import date, datetime, timedelta

import pytest
from linebot.v3.insight.exceptions import ApiException as InsightApiException
from linebot.v3.messaging import ApiException
from linebot.v3.messaging.exceptions import ForbiddenException

from linesim.clock import JST
from linesim.insight import followers_insight
from linesim.users import Users


def test_follower_ids_come_in_pages_linked_by_next(linesim, api):
    users = linesim.create_users(7)
    linesim.block(users[3])

    pages, start = [], None
    while True:
        page = api.get_followers(start=start, limit=3)
        pages.append(page.user_ids)
        start = page.next
        if start is None:
            break

    assert [len(p) for p in pages] == [3, 3]
    assert sorted(sum(pages, [])) == sorted(users[:3] + users[4:])


def test_the_default_page_holds_300(linesim, api):
    linesim.create_users(301)

    page = api.get_followers()

    assert len(page.user_ids) == 300 and page.next


def test_an_unknown_or_expired_start_is_invalid(linesim, api):
    linesim.create_users(3)
    token = api.get_followers(limit=1).next
    linesim.advance_clock(24 * 3600 + 1)

    for start in (token, "made-up"):
        with pytest.raises(ApiException) as caught:
            api.get_followers(start=start, limit=1)
        assert caught.value.status == 400
        assert "Invalid start param" in caught.value.body


def test_an_unverified_account_cannot_list_followers(linesim, api):
    linesim.set_account(verified=False)

    with pytest.raises(ForbiddenException):
        api.get_followers()


def jst_day(days_ago: int) -> str:
    return (datetime.now(JST).date() - timedelta(days=days_ago)).strftime("%Y%m%d")


def test_today_is_unready_and_a_past_day_is_ready(linesim, insight_api):
    linesim.create_users(2)

    today = insight_api.get_number_of_followers(var_date=jst_day(0))
    last_week = insight_api.get_number_of_followers(var_date=jst_day(7))

    assert (today.status, today.followers) == ("unready", None)
    assert last_week.status == "ready"


def test_yesterday_becomes_ready_at_the_configured_hour(linesim, insight_api):
    now = datetime.now(JST)
    linesim.set_account(insightReadyHour=now.hour)
    linesim.advance_clock(-(now.minute * 60 + now.second + 5))  # just before the hour

    before = insight_api.get_number_of_followers(var_date=jst_day(1)).status
    linesim.advance_clock(10)
    after = insight_api.get_number_of_followers(var_date=jst_day(1)).status

    assert (before, after) == ("unready", "ready")


def test_days_before_november_2016_are_out_of_service(insight_api):
    answer = insight_api.get_number_of_followers(var_date="20161031")

    assert answer.status == "out_of_service"


def test_set_numbers_are_returned_as_ready(linesim, insight_api):
    linesim.set_insight(jst_day(0), followers=20000, targeted_reaches=18000, blocks=1500)

    answer = insight_api.get_number_of_followers(var_date=jst_day(0))

    assert (answer.status, answer.followers, answer.targeted_reaches, answer.blocks) == (
        "ready", 20000, 18000, 1500)


def test_the_date_is_required(insight_api):
    with pytest.raises(InsightApiException) as caught:
        insight_api.get_number_of_followers()

    assert caught.value.status == 400


def at(day: date, hour: int = 12) -> int:
    return int(datetime(day.year, day.month, day.day, hour, tzinfo=JST).timestamp() * 1000)


def test_derived_followers_count_first_adds_and_blocks_as_of_the_day():
    users, d1, d2, d3 = Users(), date(2026, 4, 1), date(2026, 4, 2), date(2026, 4, 3)
    alice, bob = users.create("A", "ja", at(d1)), users.create("B", "ja", at(d1))
    users.follow(alice, at(d1))
    users.follow(bob, at(d1))
    users.block(bob, at(d2))
    users.follow(bob, at(d3))  # unblocks: not a new friend

    counts = {day: followers_insight(day, users.all(), {}, datetime(2026, 5, 1, tzinfo=JST), 9)
              for day in (d1, d2, d3)}

    assert [(c["followers"], c["targetedReaches"], c["blocks"]) for c in counts.values()] == [
        (2, 2, 0), (2, 1, 1), (2, 2, 0)]
