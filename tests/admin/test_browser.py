"""The console in headless Chromium (Playwright): compose a segmented notice, see its count and preview, be refused
approving one's own notice, approve as someone else, watch it deliver through linesim. Screenshots go to
test-artifacts/admin/."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect

from bot.faq import editing, gaps
from segments.store import FollowerStore
from tests.admin.conftest import browser_login, make_staff, screenshot

pytestmark = pytest.mark.browser

AT = datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc)
HOSTILE = "<img src=x onerror=\"document.title='pwned'\">"


def seed(services, linesim, district: str, count: int) -> list[str]:
    store = FollowerStore(services.redis, services.config.city)
    user_ids = linesim.create_users(count)
    for user_id in user_ids:
        store.follow(user_id, at=AT, unblocked=False)
        store.record_consent(user_id, granted=True, at=AT)
        store.update(user_id, district=district, interests=["防災"])
    return user_ids


def compose_notice(page, base_url: str) -> None:
    page.goto(f"{base_url}/admin/broadcasts/new")
    page.get_by_label("件名 (職員用)").fill("防災訓練 (中央地区)")
    page.locator('.builder__group[data-attribute="district"] [data-role="include"][value="中央"]').check()
    expect(page.locator("#segment")).to_have_value("district:中央")
    expect(page.locator('#audience [data-role="count"]')).to_have_text("12人")
    expect(page.locator('#audience [data-role="description"]')).to_contain_text("中央地区にお住まいの方")
    page.locator('select[name="m-ja-0-template"]').select_option("notice")
    page.locator('input[name="m-ja-0-title"]').fill("防災訓練のお知らせ")
    page.locator('textarea[name="m-ja-0-body"]').fill("5月1日 9時から中央公園で訓練をします。" + HOSTILE)
    page.locator('input[name="m-ja-0-date"]').fill("2026年5月1日")
    expect(page.locator("#phone .flex-bubble")).to_contain_text("防災訓練のお知らせ")
    expect(page.locator("#phone")).to_contain_text(HOSTILE)


def test_a_segmented_notice_from_compose_to_delivery(console_url, open_browser, citybot_services, linesim,
                                                     run_jobs):
    redis = citybot_services.redis
    central, north = seed(citybot_services, linesim, "中央", 12), seed(citybot_services, linesim, "北部", 4)
    make_staff(redis, "sato", "writer", "approver")
    make_staff(redis, "suzuki", "approver")

    writer = open_browser()
    browser_login(writer, console_url, "sato")
    compose_notice(writer, console_url)
    assert writer.locator("#phone img").count() == 0 and writer.title() != "pwned"
    screenshot(writer, "compose")
    writer.get_by_role("button", name="保存して承認を依頼").click()
    expect(writer.locator(".badge").first).to_have_text("承認待ち")
    expect(writer.locator("#phone .flex-bubble")).to_contain_text("防災訓練のお知らせ")
    screenshot(writer, "broadcast-awaiting-approval")
    writer.get_by_role("button", name="承認する").click()
    expect(writer.locator(".flash--error")).to_contain_text("承認できません")
    expect(writer.locator(".badge").first).to_have_text("承認待ち")

    approver = open_browser()
    browser_login(approver, console_url, "suzuki")
    approver.goto(writer.url)
    expect(approver.locator("#cost")).to_contain_text("12人")
    approver.get_by_role("button", name="承認する").click()
    expect(approver.locator(".flash--success")).to_contain_text("承認しました")
    run_jobs()
    approver.reload()
    expect(approver.locator(".badge").first).to_have_text("送信完了")
    expect(approver.locator('[data-field="delivered"]')).to_have_text("12人")
    screenshot(approver, "broadcast-sent")

    ledger = linesim.ledger()
    assert sorted(user for user, deliveries in ledger.items() if deliveries) == sorted(central)
    assert all(len(ledger[user]) == 1 for user in central) and not any(ledger.get(user) for user in north)
    assert writer.console_errors == [] and approver.console_errors == []


def test_a_typing_mistake_in_the_expression_says_where(console_url, open_browser, citybot_services):
    make_staff(citybot_services.redis, "sato", "writer")
    page = open_browser()
    browser_login(page, console_url, "sato")
    page.goto(f"{console_url}/admin/broadcasts/new")
    page.locator("#segment").fill("district:中央 AND")
    expect(page.locator('#audience [data-role="error"]')).to_contain_text("文字目")
    expect(page.locator("#segment")).to_have_attribute("aria-invalid", "true")
    page.locator("#segment").fill("district:中央")
    expect(page.locator('#audience [data-role="count"]')).to_have_text("10人未満")


def test_every_page_on_an_office_screen_and_a_phone(console_url, open_browser, citybot_services):
    redis = citybot_services.redis
    make_staff(redis, "boss", "writer", "approver", "admin")
    faq_csv = ("id,question,answer,category,department\n"
               "gomi-1,粗大ごみの出し方,予約してから出してください。,ごみ,環境課\n").encode()
    editing.import_file(redis, faq_csv, "faq.csv", actor="test", at=AT)
    gaps.record_unanswered(redis, "犬の登録はどこで", at=datetime.now(timezone.utc))
    pages = {"dashboard": "/admin/", "broadcasts": "/admin/broadcasts", "compose": "/admin/broadcasts/new",
             "faq": "/admin/faq", "faq-gaps": "/admin/faq/gaps", "faq-import": "/admin/faq/import",
             "friends": "/admin/friends", "reports": "/admin/reports", "audit": "/admin/audit", "staff": "/admin/staff"}
    for label, (width, height) in {"office": (1366, 768), "phone": (390, 844)}.items():
        page = open_browser(width, height)
        browser_login(page, console_url, "boss")
        for name, path in pages.items():
            page.goto(console_url + path)
            expect(page.locator("h1")).to_be_visible()
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} scrolls sideways on the {label} screen"
            screenshot(page, f"{label}-{name}")
        assert page.console_errors == [], page.console_errors


def test_the_keyboard_reaches_the_menu_and_the_login_form(console_url, open_browser, citybot_services):
    make_staff(citybot_services.redis, "sato", "writer")
    page = open_browser()
    page.goto(f"{console_url}/admin/login")
    expect(page.locator("#name")).to_be_focused()      # autofocus lands after "load": typing earlier is lost
    page.keyboard.type("sato")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery staple")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/admin/$"))
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".main-nav a").first).to_be_focused()
