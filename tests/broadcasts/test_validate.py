import pytest

from messages import templates
from messages.templates import TemplateError
from messages.validate import check_messages, utf16_length

LANGUAGES = ("ja", "ja-easy", "en")


def paths(problems):
    return [problem.path for problem in problems]


def test_every_template_builds_messages_line_accepts():
    messages = [
        templates.notice("ごみ収集日の変更", "5月の収集日が変わります。", "2026年5月1日", "https://example.jp/gomi"),
        templates.event("市民まつり", "5月3日(日) 10時〜", "中央公園", "どなたでも参加できます。"),
        templates.disaster_alert("大雨警報", "川に近づかないでください。", evacuation="避難指示", issued="5月1日 10:00",
                                 link_url="https://example.jp/hinan"),
        templates.text("テスト"),
        templates.image("https://example.jp/map.png"),
    ]
    assert check_messages(messages) == []


def test_the_disaster_alert_is_high_contrast_with_the_evacuation_wording_large():
    alert = templates.disaster_alert("大雨警報", "川に近づかないでください。", evacuation="避難指示")
    bubble = alert["contents"]
    assert bubble["header"]["backgroundColor"] == templates.ALERT_COLOR
    slot = bubble["body"]["contents"][0]
    assert slot["contents"][0] == {**slot["contents"][0], "text": "避難指示", "size": "xxl", "weight": "bold"}
    assert alert["altText"].startswith("【緊急・防災】")


def test_build_from_a_description_and_refuse_unknown_templates():
    assert templates.build({"template": "text", "body": "こんにちは"}) == {"type": "text", "text": "こんにちは"}
    assert templates.build({"type": "text", "text": "raw"}) == {"type": "text", "text": "raw"}
    with pytest.raises(TemplateError, match="テンプレート「poster」はありません"):
        templates.build({"template": "poster"})
    with pytest.raises(TemplateError, match="項目が正しくありません"):
        templates.build({"template": "notice", "title": "x"})


def test_too_long_text_says_by_how_much_to_shorten():
    (problem,) = check_messages([templates.text("あ" * 5003)], path="variants.ja", where="日本語")
    assert problem.path == "variants.ja[0].text"
    assert problem.where == "日本語 1通目 本文"
    assert "5,003文字" in problem.message and "3文字以上短く" in problem.message


def test_text_length_is_counted_in_utf16_units_like_line():
    assert utf16_length("🌀" * 3) == 6
    (problem,) = check_messages([templates.text("🌀" * 2501)])
    assert "5,002文字" in problem.message and "絵文字" in problem.message


def test_all_problems_are_reported_together():
    too_many = [templates.text("x")] * 6
    broken = [templates.text(""), templates.image("http://example.jp/a.png")] + too_many
    problems = check_messages(broken, path="m")
    assert "m" in paths(problems)                                   # 8 messages
    assert "m[0].text" in paths(problems)                          # empty text
    assert "m[1].originalContentUrl" in paths(problems)             # not HTTPS
    assert "m[1].previewImageUrl" in paths(problems)
    assert any("3通減らして" in str(problem) for problem in problems)


def test_alt_text_and_urls_in_flex_are_checked():
    card = templates.notice("t" * 1500, "本文", "5月1日", "https://example.jp/" + "a" * 1000)
    problems = check_messages([card])
    assert paths(problems) == ["messages[0].altText", "messages[0].contents.footer.contents[0].action.uri"]
    assert "1,506文字" in problems[0].message and "6文字以上短く" in problems[0].message
