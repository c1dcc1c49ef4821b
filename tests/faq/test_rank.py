import numpy as np
import pytest

from bot.faq.evaluate import average_precision, first_correct_rank, quality
from bot.faq.index import char_grams
from bot.faq.rank import lookup


@pytest.mark.parametrize("question, expected", [
    ("粗大ゴミってどうやって出すの", "gomi-sodai"),
    ("そだいごみ", "gomi-sodai"),                        # kana instead of kanji
    ("家具を捨てたい", "gomi-sodai"),                    # an alias
    ("住民票 コンビニ", "juminhyo-conbini"),
    ("じゅうみんひょう こんびに", "juminhyo-conbini"),
    ("こくほに入りたい", "kokuho-join"),                 # citizens' abbreviation
    ("ほいくえんのもうしこみ", "hoikuen-apply"),
    ("ｺﾞﾐの日はいつ？", "gomi-day"),                     # half-width katakana
    ("ハザードマッブ", "hazard"),                        # a typo
    ("避難場所", "hinanjo"),                             # a synonym
    ("図書館何時まで", "library-hours"),
])
def test_citizens_wording_gets_the_right_answer(sample_index, question, expected):
    found = lookup(sample_index, question)
    assert found.verdict == "answer"
    assert found.best.id == expected


@pytest.mark.parametrize("question", ["あいうえお", "今日の天気は？", "こんにちは", "おすすめのラーメン屋"])
def test_nonsense_gets_nothing_rather_than_a_wrong_answer(sample_index, question):
    assert lookup(sample_index, question).verdict == "none"


@pytest.mark.parametrize("question, both", [
    ("住民票", {"juminhyo-conbini", "juminhyo-window"}),
    ("ごみ", {"gomi-day", "gomi-sodai"}),
])
def test_a_close_call_asks_back_with_the_candidates(sample_index, question, both):
    found = lookup(sample_index, question)
    assert found.verdict == "ask"
    assert both <= {hit.faq.id for hit in found.candidates}


def test_hits_are_best_first_and_limited(sample_index):
    found = lookup(sample_index, "マイナンバーカード", top=3)
    scores = [hit.score for hit in found.hits]
    assert scores == sorted(scores, reverse=True)
    assert len(found.hits) <= 3


def test_an_empty_question_finds_nothing(sample_index):
    assert lookup(sample_index, "   ").verdict == "none"


def test_char_grams_ignore_spaces():
    assert char_grams("ご み") == ["ごみ"]
    assert char_grams("住民票") == ["住民", "民票", "住民票"]


def test_plain_words_keep_every_short_unit_but_symbols():
    from bot.faq.engine import analyzer

    assert analyzer().analyze("粗大ゴミってどうやって出すの？").plain == (
        "粗大", "ごみ", "って", "どう", "遣る", "て", "出す", "の")


def test_the_faq_words_channel_finds_a_situation_written_only_in_the_answer(sample_faqs):
    from bot.faq.engine import analyzer
    from bot.faq.index import FaqIndex, Weights

    index = FaqIndex(sample_faqs, analyzer(), Weights(question_words=0, question_chars=0, question_readings=0,
                                                      faq_words=1.0))
    assert lookup(index, "マルチコピー機って何時まで使えるの").best.id == "juminhyo-conbini"   # only its answer says so


def test_quality_counts_first_correct_rank():
    results = [(["a", "b"], {"a"}), (["b", "a"], {"a"}), (["x", "y", "z", "w", "v", "a"], {"a"}), (["b"], {"a"})]
    figures = quality(results)
    assert figures.success_at_1 == 0.25
    assert figures.success_at_5 == 0.5
    assert figures.mrr == pytest.approx((1 + 0.5 + 1 / 6) / 4)
    assert first_correct_rank(["b", "c"], {"c", "b"}) == 1


def test_map_counts_every_correct_faq():
    assert average_precision(["a", "x", "b"], {"a", "b"}) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision(["x", "a"], {"a", "b"}) == pytest.approx(0.5 / 2)    # b never found
    assert quality([(["a", "x", "b"], {"a", "b"}), (["x"], {"a"})]).map == pytest.approx((1 + 2 / 3) / 4)


def test_the_dense_channel_joins_the_fusion_when_every_faq_has_vectors(sample_faqs):
    from bot.faq.engine import analyzer
    from bot.faq.index import FaqIndex

    vectors = {faq.id: np.zeros((1 + len(faq.aliases), 3), dtype=np.float32) for faq in sample_faqs}
    vectors["library-hours"][0] = [1.0, 0.0, 0.0]
    index = FaqIndex(sample_faqs, analyzer(), vectors=vectors)
    query = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    assert lookup(index, "開いている時間", query_vector=query).best.id == "library-hours"
    assert FaqIndex(sample_faqs, analyzer(), vectors={"hazard": vectors["hazard"]}).dense is None
