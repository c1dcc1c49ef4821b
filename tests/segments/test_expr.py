from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from segments.expr import All, And, Not, Or, SegmentSyntaxError, Term, describe, parse, to_text
from tests.segments.strategies import expressions

CENTRAL, NORTH = Term("district", "中央"), Term("district", "北部")
TEEN, DISASTER, CHILDCARE = Term("age", "10代"), Term("interest", "防災"), Term("interest", "子育て")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("all", All()),
        ("ALL", All()),
        ("  all  ", All()),
        ("district:中央", CENTRAL),
        ("District:中央", CENTRAL),
        ("地区:中央", CENTRAL),
        ("年代:10代", TEEN),
        ("関心:防災", DISASTER),
        ("言語:en", Term("language", "en")),
        ("age:１０代", TEEN),
        ("district：中央", CENTRAL),
        ("NOT age:10代", Not(TEEN)),
        ("not not age:10代", Not(Not(TEEN))),
        ("district:中央 AND age:10代", And((CENTRAL, TEEN))),
        ("district:中央 and age:10代 And interest:防災", And((CENTRAL, TEEN, DISASTER))),
        ("district:中央 OR district:北部", Or((CENTRAL, NORTH))),
        ("district:中央 AND age:10代 OR interest:防災", Or((And((CENTRAL, TEEN)), DISASTER))),
        ("district:中央 OR age:10代 AND interest:防災", Or((CENTRAL, And((TEEN, DISASTER))))),
        ("NOT district:中央 AND age:10代", And((Not(CENTRAL), TEEN))),
        ("NOT (district:中央 AND age:10代)", Not(And((CENTRAL, TEEN)))),
        ("district:中央 AND (interest:防災 OR interest:子育て) AND NOT age:10代",
         And((CENTRAL, Or((DISASTER, CHILDCARE)), Not(TEEN)))),
        ("(district:中央)", CENTRAL),
        ("((district:中央 AND age:10代))", And((CENTRAL, TEEN))),
        ("district:中央 AND (age:10代 AND interest:防災)", And((CENTRAL, And((TEEN, DISASTER))))),
        ("地区：中央　ＡＮＤ　（関心：防災　ＯＲ　関心：子育て）", And((CENTRAL, Or((DISASTER, CHILDCARE))))),
        ("district:中央AND", Term("district", "中央AND")),
        ("interest:健康・福祉", Term("interest", "健康・福祉")),
        ("district:緑ヶ丘\nOR\tdistrict:北部", Or((Term("district", "緑ヶ丘"), NORTH))),
    ],
)
def test_it_parses_without_a_city(text, expected):
    assert parse(text) == expected


def test_with_a_city_values_are_spelled_as_in_the_city_file(city):
    assert parse("language:EN OR language:Ja-Easy", city) == Or((Term("language", "en"), Term("language", "ja-easy")))


def test_with_a_city_every_value_it_offers_is_accepted(city):
    for attribute, values in city.attribute_values().items():
        for value in values:
            assert parse(f"{attribute}:{value}", city) == Term(attribute, value)


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("", 0, "条件が空です"),
        ("   ", 0, "条件が空です"),
        ("district:中央 AND", 15, "「AND」の後に条件がありません"),
        ("district:中央 OR", 14, "「OR」の後に条件がありません"),
        ("district:中央 OR OR age:10代", 15, "「OR」の後に条件がありません"),
        ("district:中央 AND NOT", 19, "「NOT」の後に条件がありません"),
        ("NOT", 3, "「NOT」の後に条件がありません"),
        ("(", 1, "「(」の後に条件がありません"),
        ("AND district:中央", 0, "「AND」の前に条件がありません"),
        ("(OR district:中央)", 1, "「OR」の前に条件がありません"),
        ("district:中央 age:10代", 12, "AND か OR が必要です"),
        ("district:中央 NOT age:10代", 12, "AND か OR が必要です"),
        ("(district:中央) (age:10代)", 14, "AND か OR が必要です"),
        ("(district:中央", 0, "この「(」を閉じる「)」がありません"),
        ("district:中央 AND (age:10代 OR (interest:防災)", 16, "この「(」を閉じる「)」がありません"),
        ("district:中央)", 11, "対応する「(」がない「)」です"),
        (")", 0, "対応する「(」がない「)」です"),
        ("()", 1, "括弧の中に条件がありません"),
        ("district:中央 AND ()", 17, "括弧の中に条件がありません"),
        ("foo:bar", 0, "属性「foo」はありません"),
        (":中央", 0, "「:」の前に属性名がありません"),
        ("district:", 9, "「district:」の後に値がありません"),
        ("district:中央:北部", 11, "値に「:」は使えません"),
        ("中央", 0, "「中央」は条件として読めません"),
        ("district:中央 AND 北部", 16, "「北部」は条件として読めません"),
        ('district:"中央"', 9, "引用符は要りません"),
        ("district:「中央」", 9, "引用符は要りません"),
        ("all AND district:中央", 0, "all (友だち全員) は単独で使ってください"),
        ("district:中央 OR (all)", 16, "all (友だち全員) は単独で使ってください"),
        ("NOT all", 4, "all (友だち全員) は単独で使ってください"),
        ("(" * 31 + "district:中央" + ")" * 31, 30, "括弧の入れ子が深すぎます"),
    ],
)
def test_each_syntax_error_says_where_and_why(text, position, reason):
    with pytest.raises(SegmentSyntaxError) as caught:
        parse(text)
    assert caught.value.position == position
    assert reason in caught.value.message_ja


@pytest.mark.parametrize(
    ("text", "position", "reason"),
    [
        ("district:中部", 9, "地区「中部」はありません。使える値: 中央、北部、南部、東部、西部、みなと、山手、緑ヶ丘"),
        ("age:10歳", 4, "年代「10歳」はありません。使える値: 10代、20代"),
        ("interest:野球 OR interest:防災", 9, "関心「野球」はありません。使える値: 防災、子育て"),
        ("district:中央 AND language:fr", 25, "言語「fr」はありません。使える値: ja (日本語)、ja-easy (やさしい日本語)、en (英語)"),
    ],
)
def test_values_the_city_does_not_offer_are_errors_listing_the_allowed_ones(city, text, position, reason):
    with pytest.raises(SegmentSyntaxError) as caught:
        parse(text, city)
    assert caught.value.position == position
    assert reason in caught.value.message_ja


def test_positions_refer_to_the_text_as_typed_even_when_normalisation_changes_its_length():
    typed = "関心:ｶﾞｲﾄﾞ AND "  # the half-width ｶﾞｲﾄﾞ is five characters, ガイド after NFKC three
    with pytest.raises(SegmentSyntaxError) as caught:
        parse(typed + "北部")
    assert caught.value.position == len(typed) == 13


def test_the_report_shows_the_text_with_a_caret_under_the_position_counting_wide_characters_twice():
    with pytest.raises(SegmentSyntaxError) as caught:
        parse("地区:中央 age:10代")
    lines = str(caught.value).splitlines()
    assert lines[0] == "7文字目: 条件と条件の間には AND か OR が必要です (否定は「AND NOT」と書きます)。"
    assert lines[1] == "  地区:中央 age:10代"
    assert lines[2] == "  " + " " * 10 + "^"


def test_the_caret_line_stays_on_one_line_when_the_text_has_line_breaks():
    with pytest.raises(SegmentSyntaxError) as caught:
        parse("district:中央 AND\nage:10代 北部")
    assert caught.value.caret_line() == " " * 27 + "^"
    assert str(caught.value).splitlines()[1] == "  district:中央 AND age:10代 北部"


@pytest.mark.parametrize(
    "text",
    [
        "all",
        "district:中央",
        "NOT age:10代",
        "NOT (NOT age:10代)",
        "district:中央 AND age:10代 OR interest:防災",
        "district:中央 AND (interest:防災 OR interest:子育て) AND NOT age:10代",
        "NOT (district:中央 OR district:北部)",
        "district:中央 AND (age:10代 AND interest:防災)",
        "(district:中央 OR district:北部) OR interest:防災",
    ],
)
def test_canonical_text_reads_back_as_the_same_expression(text):
    assert to_text(parse(text)) == text
    assert parse(to_text(parse(text))) == parse(text)


def test_canonical_text_uses_english_names_and_upper_case_operators():
    assert to_text(parse("地区:中央 and not （年代：１０代 or 年代:20代）")) == "district:中央 AND NOT (age:10代 OR age:20代)"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(expr=expressions)
def test_any_expression_reads_back_from_its_canonical_text_and_can_be_described(city, expr):
    assert parse(to_text(expr), city) == expr
    assert describe(expr).endswith(("方", "」", ")"))
