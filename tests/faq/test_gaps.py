from datetime import timedelta

from bot.faq import gaps
from bot.faq.grouping import GapEntry, group


def test_near_identical_questions_are_counted_together(now):
    entries = [
        GapEntry("unanswered", "犬の登録はどこで？", None, now),
        GapEntry("unanswered", "犬の登録はどこで", None, now + timedelta(minutes=1)),
        GapEntry("unanswered", "犬の登録はどこ？", None, now + timedelta(minutes=2)),
        GapEntry("unanswered", "花火大会の日程", None, now + timedelta(minutes=3)),
        GapEntry("unhelpful", "犬の登録はどこで？", "pet", now + timedelta(minutes=4)),
    ]
    top = group(entries)
    assert [(gap.count, gap.kind, gap.faq_id) for gap in top] == [(3, "unanswered", None), (1, "unhelpful", "pet"),
                                                                   (1, "unanswered", None)]
    assert top[0].text == "犬の登録はどこ？"
    assert top[0].last_at == now + timedelta(minutes=2)
    assert top[2].text == "花火大会の日程"


def test_top_gaps_reads_only_the_period_asked_for(redis, now):
    gaps.record_unanswered(redis, "古い質問", at=now - timedelta(days=10))
    for minute in range(3):
        gaps.record_unanswered(redis, "プールの営業時間", at=now + timedelta(minutes=minute))
    gaps.record_unanswered(redis, "ｐｏｏｌの営業時間は", at=now)
    found = gaps.top_gaps(redis, now - timedelta(days=1))
    assert [(gap.text, gap.count) for gap in found] == [("プールの営業時間", 3), ("ｐｏｏｌの営業時間は", 1)]
    past_week = gaps.top_gaps(redis, now - timedelta(days=14), until=now - timedelta(days=7))
    assert [(gap.text, gap.count) for gap in past_week] == [("古い質問", 1)]


def test_old_entries_are_dropped_on_write(redis, now):
    gaps.record_unanswered(redis, "とても古い質問", at=now - timedelta(days=gaps.GAP_RETENTION_DAYS + 1))
    gaps.record_unanswered(redis, "新しい質問", at=now)
    assert [entry.text for entry in gaps.entries(redis, now - timedelta(days=1000))] == ["新しい質問"]


def test_feedback_is_counted_and_unhelpful_answers_are_gaps(redis, now):
    gaps.record_feedback(redis, "hazard", helpful=True, question="ハザードマップ", at=now)
    gaps.record_feedback(redis, "hazard", helpful=False, question="洪水の地図", at=now)
    assert gaps.feedback_counts(redis) == {"hazard": {"helpful": 1, "unhelpful": 1}}
    [gap] = gaps.top_gaps(redis, now - timedelta(hours=1))
    assert (gap.text, gap.kind, gap.faq_id) == ("洪水の地図", "unhelpful", "hazard")
