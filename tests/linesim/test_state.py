from linesim.ledger import Ledger
from linesim.tokens import ReplyTokens, ReplyWindow
from linesim.users import Users


def test_one_delivery_record_is_shared_by_all_its_recipients():
    ledger = Ledger()

    delivery = ledger.record("multicast", "r1", 1000, [{"type": "text", "text": "x"}], ["U1", "U2"])

    assert ledger.deliveries("U1")[0] is delivery is ledger.deliveries("U2")[0]
    assert ledger.summary() == {"users": 2, "deliveries": 2, "requests": {"multicast": 1}}


def test_the_timeline_merges_actions_and_deliveries_in_order():
    ledger = Ledger()
    ledger.record_action("U1", 1, "text", {"text": "こんにちは"})
    ledger.record("reply", "r1", 2, [{"type": "text", "text": "はい"}], ["U1"])
    ledger.record("push", "r2", 3, [{"type": "text", "text": "他の人へ"}], ["U2"])
    ledger.record_action("U1", 4, "block", {})

    assert [(e["seq"], e["kind"]) for e in ledger.timeline("U1")] == [(1, "action"), (2, "delivery"), (4, "action")]
    assert [e["seq"] for e in ledger.timeline("U1", after_seq=2)] == [4]


def test_a_reply_token_works_once_and_only_in_time():
    tokens = ReplyTokens(ttl_seconds=60)
    used = tokens.issue("U1", 0, ReplyWindow(event_ms=0))
    late = tokens.issue("U1", 0, ReplyWindow(event_ms=0))

    assert tokens.redeem(used, 59_000) == "U1"
    assert tokens.redeem(used, 59_000) is None
    assert tokens.redeem(late, 60_000) is None


def test_a_redelivered_token_never_outlives_20_minutes_after_the_event():
    tokens = ReplyTokens(ttl_seconds=60)
    token = tokens.issue("U1", 19 * 60_000 + 30_000, ReplyWindow(event_ms=0))

    assert tokens.redeem(token, 20 * 60_000) is None


def test_unblocking_is_a_follow_that_says_so():
    users = Users()
    user = users.create("A", "ja", 0)

    first, _, again = users.follow(user, 1), users.block(user, 2), users.follow(user, 3)

    assert (first, again) == (False, True)
    assert user.first_followed_ms == 1 and user.status_at(2) == "blocked"
