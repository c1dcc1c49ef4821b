"""The LINE app simulator page: a citizen reports from the chat — category, a photo from the camera roll,
the location button, a comment, the confirmation card — and gets a receipt number."""

import pytest
from playwright.sync_api import expect

from civic import store
from tests.civic.test_flow import photo_with_gps


@pytest.mark.browser
def test_a_citizen_reports_a_pothole_from_the_chat_page(citybot_system, linesim, chromium, tmp_path):
    photo = tmp_path / "pothole.jpg"
    photo.write_bytes(photo_with_gps())
    context = chromium.new_context()
    page = context.new_page()

    def then(expected: str):
        """Work the queues until the bot's answer is on the page (the page sends its webhook when it is ready)."""
        for _ in range(50):
            citybot_system.run_jobs()
            try:
                expect(page.locator(".row.bot").last).to_contain_text(expected, timeout=300)
                return
            except AssertionError:
                continue
        expect(page.locator(".row.bot").last).to_contain_text(expected)

    try:
        user = linesim.create_user("画面の人")
        linesim.follow(user)
        citybot_system.run_jobs()
        page.goto(linesim.url + "/chat")
        page.select_option("#user-select", index=1)
        page.fill("#message-input", "通報")
        page.press("#message-input", "Enter")
        then("どんなことですか")
        page.locator("#quick-replies button", has_text="道路の穴・破損").click()
        then("写真を送ってください")
        with page.expect_file_chooser() as chooser:
            page.locator("#quick-replies button", has_text="写真を選ぶ").click()
        chooser.value.set_files(str(photo))
        then("1 枚目")
        page.locator("#quick-replies button", has_text="次へ (場所)").click()
        then("場所を教えてください")
        page.locator("#quick-replies button", has_text="位置情報を送る").click()
        then("ひとこと")
        page.fill("#message-input", "大きな穴です")
        page.press("#message-input", "Enter")
        then("この内容で送りますか")
        page.locator(".flex-bubble button", has_text="送信する").click()
        then("受付番号")
    finally:
        context.close()
    (report,) = store.all_reports(citybot_system.services.redis)
    assert report.photo_count == 1 and report.latitude is not None and report.comment == "大きな穴です"
