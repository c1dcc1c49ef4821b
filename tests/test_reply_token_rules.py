"""When citybot still uses an event's reply token (pure): LINE refuses it a minute after the webhook arrived,
and a redelivered event's 20 minutes after the event."""

from bot.events import Incoming

RECEIVED = 1_800_000_000_000


def incoming(**overrides) -> Incoming:
    fields = dict(event_id="01J", type="message", source_type="user", user_id="U" + "1" * 32,
                  reply_token="t" * 32, timestamp_ms=RECEIVED - 500, mode="active", received_ms=RECEIVED)
    return Incoming(**{**fields, **overrides})


def test_a_token_is_used_within_its_minute_less_the_margin():
    event = incoming()
    assert event.reply_token_usable(RECEIVED + 49_999)
    assert not event.reply_token_usable(RECEIVED + 50_000)


def test_a_redelivered_token_is_not_used_near_twenty_minutes_after_the_event():
    late = incoming(is_redelivery=True, timestamp_ms=RECEIVED - 19 * 60_000 - 50_000)
    assert not late.reply_token_usable(RECEIVED + 1)
    assert incoming(is_redelivery=True, timestamp_ms=RECEIVED - 10 * 60_000).reply_token_usable(RECEIVED + 1)


def test_no_token_or_an_unknown_receipt_time():
    assert not incoming(reply_token=None).reply_token_usable(RECEIVED)
    assert incoming(received_ms=None).reply_token_usable(RECEIVED + 3_600_000)
