import pytest

from bot.faq.normalize import fold, normalize, to_hiragana
from bot.faq.synonyms import parse


@pytest.mark.parametrize("raw, expected", [
    ("ＡＢＣ１２３", "abc123"),          # full-width Latin and digits
    ("ｺﾞﾐ", "ゴミ"),                      # half-width katakana
    ("スポ-ツ", "スポーツ"),              # a dash written for the long vowel
    ("コ〜ヒ〜", "コーヒー"),
    ("緑ケ丘", "緑ヶ丘"),
    ("緑ヵ丘", "緑ヶ丘"),
    ("  住民票　\n コンビニ ", "住民票 コンビニ"),
])
def test_normalize_unifies_width_long_vowels_and_small_ke(raw, expected):
    assert normalize(raw) == expected


def test_normalize_keeps_ke_that_is_not_between_kanji():
    assert normalize("ケーキ") == "ケーキ"


@pytest.mark.parametrize("a, b", [
    ("ゴミ", "ごみ"),
    ("申し込み", "申込"),
    ("申込み", "申込"),
    ("引っ越し", "引越し"),
    ("ﾏｲﾅﾝﾊﾞｰ", "マイナンバー"),
])
def test_fold_makes_spelling_variants_equal(a, b):
    assert fold(a) == fold(b)


def test_to_hiragana_keeps_long_vowel_mark_and_kanji():
    assert to_hiragana("カード申請ー") == "かーど申請ー"


def test_synonyms_rewrite_longest_variant_first():
    synonyms = parse("マイナンバーカード = マイナカード, マイナ\n")
    assert synonyms.rewrite("マイナカード") == "マイナンバーカード"
    assert synonyms.rewrite("マイナ") == "マイナンバーカード"
    assert synonyms.rewrite("マイナンバーカードの申請") == "マイナンバーカードの申請"


def test_synonym_expansions_only_add_words_to_questions():
    synonyms = parse("# comment\nいくら > 料金 手数料\n")
    assert synonyms.rewrite("いくら") == "いくら"
    assert synonyms.expand("住民票はいくら") == "住民票はいくら 料金 手数料"
