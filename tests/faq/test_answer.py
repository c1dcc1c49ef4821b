from bot.faq import answer
from bot.faq.model import Faq
from config import Config
from messages.limits import QUICK_REPLY_LABEL
from messages.validate import check_messages

CITY = Config.from_env({}, dotenv=None).city


def test_a_long_answer_is_trimmed_and_points_to_the_details():
    url = "https://www.city.hikaridai.example.jp/gomi/sodai"
    faq = Faq("long", "長い回答の質問", "説明です。" * 400, department="市民課", phone="0000-00-0000", url=url)
    message = answer.answer_bubble(faq)
    body = message["contents"]["body"]["contents"][2]["text"]
    assert len(body) < answer.MAX_ANSWER + 40
    assert body.endswith("（続きは「詳しくはこちら」をご覧ください）")
    assert message["contents"]["footer"]["contents"][0]["action"]["uri"] == url
    assert len(message["altText"]) <= answer.MAX_ALT_TEXT
    assert check_messages([message]) == []


def test_a_long_answer_without_a_page_points_to_the_department():
    faq = Faq("long", "長い回答の質問", "説明です。" * 400, department="市民課", phone="0000-00-0000")
    message = answer.answer_bubble(faq)
    assert message["contents"]["body"]["contents"][2]["text"].endswith("（続きは担当へお問い合わせください）")
    assert [button["action"]["label"] for button in message["contents"]["footer"]["contents"]] == ["電話する"]


def test_a_short_answer_without_url_or_phone_has_no_buttons():
    message = answer.answer_bubble(Faq("s", "質問", "短い回答です。"))
    assert "footer" not in message["contents"]


def test_ask_back_labels_fit_line_limits():
    faqs = [Faq(f"f{n}", "とても長い質問文がここに入りますがラベルは二十文字までです" + str(n), "回答") for n in range(3)]
    message = answer.ask_back(faqs)
    labels = [item["action"]["label"] for item in message["quickReply"]["items"]]
    assert all(len(label) <= QUICK_REPLY_LABEL for label in labels)
    assert labels[-1] == answer.NONE_OF_THESE
    assert check_messages([message]) == []
