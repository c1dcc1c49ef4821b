"""The chat simulator page in headless Chromium: a person acting as a citizen talks to a small echo bot."""

import pytest
from linebot.v3 import WebhookParser
from linebot.v3.messaging import ApiClient, Configuration, Message, MessagingApi, ReplyMessageRequest
from linebot.v3.webhooks import FollowEvent, MessageEvent, PostbackEvent, TextMessageContent
from playwright.sync_api import expect

from messages.gateway import LineGateway
from tests.linesim.bots import RecordingBot
from tests.linesim.test_richmenus import body, png


def answer_for(event) -> list[dict]:
    """A tiny echo bot: greets, echoes text with a Flex card, and names the postback it got."""
    if isinstance(event, FollowEvent):
        greeting = "おかえりなさい" if event.follow.is_unblocked else "友だち追加ありがとうございます"
        quick = {"items": [{"type": "action", "action": {"type": "postback", "label": "地区を設定",
                                                            "data": "district", "displayText": "地区を設定"}}]}
        return [{"type": "text", "text": greeting, "quickReply": quick}]
    if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
        button = {"type": "button", "style": "primary",
                  "action": {"type": "postback", "label": "詳しく", "data": "detail"}}
        card = {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": [
            {"type": "text", "text": "ごみ収集日", "weight": "bold"}, button]}}
        return [{"type": "text", "text": f"「{event.message.text}」ですね"},
                {"type": "flex", "altText": "ごみ収集日", "contents": card}]
    if isinstance(event, PostbackEvent):
        return [{"type": "text", "text": f"postback: {event.postback.data}"}]
    return []


@pytest.fixture
def echo_bot(linesim):
    parser = WebhookParser(linesim.channel_secret)
    client = ApiClient(Configuration(host=linesim.url, access_token=linesim.access_token))
    api = MessagingApi(client)

    def on_webhook(received):
        for event in parser.parse(received.body, received.signature):
            messages = answer_for(event)
            if messages:
                api.reply_message(ReplyMessageRequest(replyToken=event.reply_token,
                                                      messages=[Message.from_dict(m) for m in messages]))

    bot = RecordingBot(on_webhook=on_webhook).start()
    linesim.set_webhook(bot.url)
    yield bot
    bot.stop()
    client.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_a_citizen_can_talk_to_the_bot_from_the_chat_page(linesim, echo_bot, page):
    page.goto(linesim.url + "/chat")
    page.fill("#new-user-name", "さくら")
    page.click("#create-user")
    expect(page.locator("#chat-title")).to_contain_text("さくら")

    page.click("#follow-button")
    expect(page.locator(".row.bot")).to_contain_text(["友だち追加ありがとうございます"])
    expect(page.locator("#user-status")).to_have_text("友だち")

    page.locator("#quick-replies button", has_text="地区を設定").click()
    expect(page.locator(".row.user").last).to_have_text("地区を設定")
    expect(page.locator(".row.bot").last).to_have_text("postback: district")

    page.fill("#message-input", "ごみの日")
    page.press("#message-input", "Enter")
    expect(page.locator(".row.bot", has_text="「ごみの日」ですね")).to_be_visible()
    page.locator(".flex-bubble button", has_text="詳しく").click()
    expect(page.locator(".row.bot").last).to_have_text("postback: detail")

    page.click("#block-button")
    expect(page.locator("#user-status")).to_have_text("ブロック中")
    expect(page.locator("#send-button")).to_be_disabled()
    page.click("#unblock-button")
    expect(page.locator(".row.bot").last).to_have_text("おかえりなさい")


@pytest.mark.browser
def test_the_chat_page_tells_when_no_bot_is_listening(linesim, page):
    linesim.create_user("ひかり")
    page.goto(linesim.url + "/chat")
    page.select_option("#user-select", index=1)

    page.click("#follow-button")

    expect(page.locator("#notice")).to_contain_text("Webhook URL が設定されていません")
    expect(page.locator(".row.system")).to_have_text("友だち追加しました")


@pytest.mark.browser
def test_the_chat_page_draws_the_rich_menu_and_its_areas_can_be_tapped(linesim, echo_bot, page):
    gateway = LineGateway(linesim.access_token, linesim.url)
    areas = [{"bounds": {"x": 0, "y": 0, "width": 1250, "height": 843},
              "action": {"type": "message", "label": "ごみ", "text": "ごみの出し方"}},
             {"bounds": {"x": 1250, "y": 0, "width": 1250, "height": 843},
              "action": {"type": "richmenuswitch", "label": "次へ", "richMenuAliasId": "second", "data": "menu:2"}}]
    first = gateway.create_rich_menu(body(areas=areas, chatBarText="市のメニュー"))
    second = gateway.create_rich_menu(body(chatBarText="2 ページ目"))
    for rich_menu_id in (first, second):
        gateway.upload_rich_menu_image(rich_menu_id, png(), "image/png")
    gateway.set_rich_menu_alias("second", second, exists=False)
    gateway.set_default_rich_menu(first)
    gateway.close()

    page.goto(linesim.url + "/chat")
    page.fill("#new-user-name", "さくら")
    page.click("#create-user")
    page.click("#follow-button")
    expect(page.locator("#chat-bar")).to_contain_text("市のメニュー")
    expect(page.locator(".rich-menu__area")).to_have_count(2)
    page.get_by_role("button", name="ごみ").click()
    expect(page.locator(".row.user").last).to_have_text("ごみの出し方")
    expect(page.locator(".row.bot", has_text="「ごみの出し方」ですね")).to_be_visible()
    page.get_by_role("button", name="次へ").click()
    expect(page.locator(".row.bot").last).to_have_text("postback: menu:2")
    expect(page.locator("#chat-bar")).to_contain_text("2 ページ目")
    page.click("#chat-bar")
    expect(page.locator("#rich-menu-panel")).to_be_hidden()
