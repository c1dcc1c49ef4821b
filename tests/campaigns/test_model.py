"""Pure campaign logic: form checks, codes in messages, links, scan filtering and the estimate's maths."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from campaigns import figures, links, scans
from campaigns.figures import Baseline, DayFlow
from campaigns.model import CODE, Campaign, CampaignError, code_in, from_form, new_code, prefill_text

FORM = {"name": "広報ひかり台 12月号", "medium": "広報誌", "starts": "2026-12-01", "ends": "2026-12-31", "cost": "30,000"}
MONDAY = date(2026, 11, 30)


def campaign(code="HK7QA", cost=None, starts=MONDAY, ends=MONDAY + timedelta(days=30)) -> Campaign:
    return Campaign(code, "ポスター", "ポスター", starts, ends, cost)


class TestForm:
    def test_a_good_form_gives_the_campaign_with_its_cost_in_yen(self):
        made = from_form("HK7QA", FORM)
        assert (made.name, made.medium, made.starts, made.ends, made.cost) == (
            "広報ひかり台 12月号", "広報誌", date(2026, 12, 1), date(2026, 12, 31), 30000)

    def test_every_problem_is_named_at_once_in_japanese(self):
        with pytest.raises(CampaignError) as raised:
            from_form("HK7QA", {"name": "", "medium": "テレビ", "starts": "12/1", "ends": "2026-12-31", "cost": "三万"})
        message = str(raised.value)
        for expected in ("名前を入力", "媒体を一覧から", "開始日を 2026-12-01 の形", "費用は円単位"):
            assert expected in message

    def test_the_end_cannot_come_before_the_start(self):
        with pytest.raises(CampaignError, match="終了日は開始日以降"):
            from_form("HK7QA", {**FORM, "ends": "2026-11-30"})

    def test_full_width_digits_and_an_empty_cost_are_understood(self):
        assert from_form("HK7QA", {**FORM, "cost": "１２０００円"}).cost == 12000
        assert from_form("HK7QA", {**FORM, "cost": " "}).cost is None


class TestCodes:
    def test_new_codes_use_the_unambiguous_alphabet_and_avoid_taken_ones(self):
        codes = {new_code(set()) for _ in range(200)}
        assert all(CODE.fullmatch(code) for code in codes)
        assert not any(char in code for code in codes for char in "0O1IL2Z5S8B")

    def test_the_prefilled_text_and_typed_variants_carry_the_code(self):
        assert code_in(prefill_text("HK7QA")) == ("HK7QA", True)
        assert code_in("友だち追加コード：ｈｋ７ｑａ") == ("HK7QA", True)
        assert code_in("hk7qa") == ("HK7QA", False)

    def test_a_question_about_a_code_is_not_taken_as_one(self):
        assert code_in("マイナンバーカードの暗証番号を忘れた") == (None, False)
        assert code_in("郵便番号のコードがわからない") == (None, False)
        assert code_in("友だち追加コード HK7Q") == (None, True), "the prefilled text, its code damaged"
        assert code_in("HELLO") == (None, False), "L and O are not in the alphabet"


class TestLinks:
    def test_links_lead_only_to_the_accounts_own_line_pages(self):
        assert links.add_friend_page("@abc1234d") == "https://line.me/R/ti/p/%40abc1234d"
        chat = links.chat_with_code("@abc1234d", "HK7QA")
        assert chat.startswith("https://line.me/R/oaMessage/%40abc1234d/?")
        assert "HK7QA" in chat and " " not in chat
        assert links.short_link("https://city.example/", "HK7QA") == "https://city.example/c/HK7QA"


class TestScans:
    PHONE = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148 Safari/604.1"}

    def test_a_phone_is_a_person_and_robots_previews_and_prefetches_are_not(self):
        assert not scans.is_bot("GET", self.PHONE)
        assert scans.is_bot("HEAD", self.PHONE)
        assert scans.is_bot("GET", {})
        assert scans.is_bot("GET", {**self.PHONE, "Sec-Purpose": "prefetch;prerender"})
        for agent in ("Googlebot/2.1", "facebookexternalhit/1.1", "Slackbot-LinkExpanding 1.0", "curl/8.4.0",
                      "python-requests/2.32", "Mozilla/5.0 HeadlessChrome/120"):
            assert scans.is_bot("GET", {"User-Agent": agent}), agent

    def test_a_visitor_token_depends_on_the_days_key_visitor_and_code(self):
        token = scans.visitor_token(b"k1", "192.0.2.1", "phone", "HK7QA")
        assert token == scans.visitor_token(b"k1", "192.0.2.1", "phone", "HK7QA")
        assert "192.0.2.1" not in token
        assert token != scans.visitor_token(b"k2", "192.0.2.1", "phone", "HK7QA")
        assert token != scans.visitor_token(b"k1", "192.0.2.2", "phone", "HK7QA")
        assert token != scans.visitor_token(b"k1", "192.0.2.1", "phone", "HK7QB")


class TestEstimate:
    def test_the_baseline_is_the_median_of_scan_free_days_and_unknown_below_a_week(self):
        quiet = [DayFlow(MONDAY + timedelta(days=n), arrivals) for n, arrivals in enumerate([2, 3, 9, 3, 4, 1, 3])]
        assert figures.baseline(quiet) == Baseline(3.0, 7)
        assert not figures.baseline(quiet[:6]).known
        busy = DayFlow(MONDAY, 50, scans={"A": 10})
        assert figures.baseline([*quiet, busy]).quiet_days == 7

    def test_extra_arrivals_are_shared_by_uncoded_scans_and_capped_by_them(self):
        base = Baseline(2.0, 10)
        flow = DayFlow(MONDAY, arrivals=14, scans={"A": 10, "B": 4}, coded={"A": 4})
        # 14 arrivals − 4 coded − 2 usual = 8 extra, shared 6 : 4 by the scans that brought no code
        assert figures.estimated(flow, base) == pytest.approx({"A": 4.8, "B": 3.2})
        capped = DayFlow(MONDAY, arrivals=100, scans={"A": 3})
        assert figures.estimated(capped, base) == {"A": 3.0}, "never more friends than scans"
        assert figures.estimated(DayFlow(MONDAY, 2, scans={"A": 5}), base) == {}, "no more than usual: none"

    def test_the_table_adds_up_the_week_and_the_total_and_the_cost_per_friend(self):
        poster = campaign(cost=12000)
        stored = {poster.code: {MONDAY: {"scan": 10, "friend": 4, "registered": 2, "blocked": 1, "bot": 3},
                                MONDAY + timedelta(days=7): {"scan": 6, "friend": 2, "repeat": 2}}}
        arrivals = {MONDAY: 4, MONDAY + timedelta(days=7): 2}
        table = figures.table([poster], stored, arrivals, first=MONDAY, week_start=MONDAY + timedelta(days=7),
                              week_end=MONDAY + timedelta(days=13))
        row = table.rows[0]
        assert (row.week.scans, row.week.friends, row.total.scans, row.total.friends) == (6, 2, 16, 6)
        assert (row.total.registered, row.total.blocked, row.total.filtered) == (2, 1, 5)
        assert table.baseline == Baseline(0.0, 12) and row.total.estimated == 0.0, "every arrival had its code"
        assert row.registration_rate == pytest.approx(2 / 6) and row.early_block_rate == pytest.approx(1 / 6)
        assert row.cost_per_friend == pytest.approx(2000)

    def test_no_cost_or_no_friend_gives_no_cost_per_friend(self):
        table = figures.table([campaign(cost=5000)], {}, {}, first=MONDAY, week_start=MONDAY, week_end=MONDAY)
        assert table.rows[0].cost_per_friend is None and table.rows[0].registration_rate is None
