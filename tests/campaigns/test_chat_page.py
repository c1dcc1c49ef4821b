"""The LINE app simulator page: a citizen scans a poster's short link, follows and sends the prefilled code."""

import pytest
from playwright.sync_api import expect

from campaigns.model import prefill_text
from tests.campaigns.conftest import POSTER, WEDNESDAY


@pytest.mark.browser
def test_scanning_a_short_link_on_the_chat_page_follows_and_sends_the_code(campaigns, citybot_system, linesim,
                                                                          chromium, travel):
    context = chromium.new_context()
    page = context.new_page()
    try:
        with travel(WEDNESDAY, tick=True):
            linesim.create_user("ポスターを見た人")
            page.goto(linesim.url + "/chat")
            page.select_option("#user-select", index=1)
            page.fill("#scan-url", f"{citybot_system.url}/c/{POSTER.code}")
            page.click("#scan-button")
            expect(page.locator(".row.system")).to_have_text("友だち追加しました")
            expect(page.locator(".row.user").last).to_have_text(prefill_text(POSTER.code))
            expect(page.locator("#user-status")).to_have_text("友だち")
    finally:
        context.close()
