from __future__ import annotations

import pytest

from segments.expr import And, Not, Or, Term, describe, parse


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("all", "友だち全員 (同意や登録の有無を問わず)"),
        ("district:中央", "中央地区にお住まいの方"),
        ("age:70代以上", "70代以上の方"),
        ("interest:防災", "防災に関心がある方"),
        ("language:en", "言語に英語を選んでいる方"),
        ("language:ja-easy", "言語にやさしい日本語を選んでいる方"),
        ("NOT district:中央", "中央地区にお住まいではない方"),
        ("NOT age:10代", "10代ではない方"),
        ("NOT interest:防災", "防災に関心がない方"),
        ("NOT language:en", "言語に英語を選んでいない方"),
        ("district:中央 AND (interest:防災 OR interest:子育て) AND NOT age:10代",
         "中央地区にお住まいで、防災または子育てに関心があり、10代ではない方"),
        ("district:中央 OR district:北部 OR district:南部", "中央地区、北部地区または南部地区にお住まいの方"),
        ("age:10代 OR age:20代", "10代または20代の方"),
        ("language:en OR language:zh", "言語に英語または中国語を選んでいる方"),
        ("NOT (interest:防災 OR interest:子育て)", "防災と子育てのいずれにも関心がない方"),
        ("NOT (age:10代 OR age:20代 OR age:30代)", "10代、20代と30代のいずれでもない方"),
        ("NOT (district:中央 OR district:北部)", "中央地区と北部地区のいずれにもお住まいではない方"),
        ("NOT (language:en OR language:zh)", "言語に英語と中国語のいずれも選んでいない方"),
        ("district:中央 OR interest:防災", "中央地区にお住まいの方、または防災に関心がある方"),
        ("district:中央 OR NOT age:10代", "中央地区にお住まいの方、または10代ではない方"),
        ("district:中央 OR district:北部 OR interest:防災",
         "中央地区にお住まいの方、または北部地区にお住まいの方、または防災に関心がある方"),
        ("district:中央 AND age:10代 OR interest:防災",
         "「中央地区にお住まいで、10代の方」、または防災に関心がある方"),
        ("district:中央 AND (age:10代 OR interest:防災)",
         "中央地区にお住まいで、「10代の方」または「防災に関心がある方」のいずれかに当てはまる方"),
        ("(age:10代 OR interest:防災) AND district:中央",
         "「10代の方」または「防災に関心がある方」のいずれかに当てはまり、中央地区にお住まいの方"),
        ("NOT (district:中央 AND age:10代)", "「中央地区にお住まいで、10代の方」に当てはまらない方"),
        ("NOT (district:中央 OR age:10代) AND interest:防災",
         "「中央地区にお住まいの方、または10代の方」に当てはまらず、防災に関心がある方"),
        ("NOT NOT age:10代", "「10代ではない方」に当てはまらない方"),
    ],
)
def test_it_describes_expressions_in_one_japanese_sentence(text, sentence):
    assert describe(parse(text)) == sentence


def test_a_district_named_with_its_own_suffix_is_not_doubled():
    assert describe(Term("district", "港地区")) == "港地区にお住まいの方"


def test_an_unknown_language_code_is_shown_as_written():
    assert describe(Term("language", "fr")) == "言語にfrを選んでいる方"


def test_all_inside_another_condition_is_refused():
    with pytest.raises(ValueError):
        describe(And((Term("age", "10代"), Not(Or((Term("age", "20代"), parse("all")))))))
