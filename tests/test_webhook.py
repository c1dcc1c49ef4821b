"""POST /callback: signature, size, shape, duplicates — nothing stored or enqueued unless all is well."""

from __future__ import annotations

import json

import pytest
from rq import Queue

import services as services_module
from app import create_app
from bot.intake import owns_event
from config import Config
from services import Services
from tests.plugins.citybot_fixtures import TEST_SECRET, TEST_TOKEN, sign, environment_for

USER = "U" + "0" * 31 + "1"


@pytest.fixture
def app(tmp_path, redis_url, redis):
    env = environment_for(tmp_path, redis_url, "http://127.0.0.1:9", TEST_SECRET, TEST_TOKEN)
    services = Services.from_config(Config.from_env(env, dotenv=None))
    yield create_app(services=services)
    services_module.install(None)


@pytest.fixture
def client(app):
    return app.test_client()


def text_event(event_id: str, text: str = "粗大ごみの出し方", redelivery: bool = False) -> dict:
    return {
        "type": "message", "mode": "active", "timestamp": 1_763_000_000_000,
        "source": {"type": "user", "userId": USER}, "webhookEventId": event_id,
        "deliveryContext": {"isRedelivery": redelivery}, "replyToken": "r" * 32,
        "message": {"id": "1", "type": "text", "text": text},
    }


def body_of(*events: dict) -> str:
    return json.dumps({"destination": "U" + "f" * 32, "events": list(events)}, ensure_ascii=False)


def post(client, body: str, signature: str | None = "auto"):
    headers = {"Content-Type": "application/json"}
    if signature == "auto":
        headers["X-Line-Signature"] = sign(body)
    elif signature is not None:
        headers["X-Line-Signature"] = signature
    return client.post("/callback", data=body.encode("utf-8"), headers=headers)


def queued(redis) -> int:
    return Queue("events", connection=redis).count


def test_a_signed_japanese_body_is_enqueued(client, redis):
    response = post(client, body_of(text_event("01JDEV0000000000000000000A", "住民票をコンビニで取りたい")))
    assert response.status_code == 200
    assert queued(redis) == 1


@pytest.mark.parametrize("signature", [None, "", "bm90IGEgc2lnbmF0dXJl", sign("another body")])
def test_a_missing_or_wrong_signature_is_refused_and_nothing_is_stored(client, redis, signature):
    response = post(client, body_of(text_event("01JDEV0000000000000000000B")), signature=signature)
    assert response.status_code == 400
    assert redis.dbsize() == 0


def test_a_signature_from_another_secret_is_refused(client, redis):
    body = body_of(text_event("01JDEV0000000000000000000C"))
    assert post(client, body, signature=sign(body, secret="someone-else")).status_code == 400
    assert redis.dbsize() == 0


def test_an_empty_event_list_gets_200(client, redis):
    assert post(client, body_of()).status_code == 200
    assert queued(redis) == 0


def owners(redis, event: dict) -> list[bool]:
    """For each queued job of this event: does it own the event (will it act)?"""
    jobs = Queue("events", connection=redis).get_jobs()
    return [owns_event(redis, event, job.id) for job in jobs if job.args[0]["webhookEventId"] == event["webhookEventId"]]


def test_a_redelivered_duplicate_is_recognised_and_only_the_first_job_acts(client, redis):
    event = text_event("01JDEV0000000000000000000D")
    first = post(client, body_of(event))
    again = post(client, body_of({**event, "deliveryContext": {"isRedelivery": True}}))
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.get_data(as_text=True) == "OK (1 duplicate)"
    assert owners(redis, event) == [True, False]


def test_the_same_event_twice_in_one_body_acts_once(client, redis):
    event = text_event("01JDEV0000000000000000000E")
    assert post(client, body_of(event, event)).get_data(as_text=True) == "OK (1 duplicate)"
    assert owners(redis, event) == [True, False]


@pytest.mark.parametrize("body", [
    "{not json",
    "[]",
    json.dumps({"destination": "x"}),
    json.dumps({"events": "nope"}),
    json.dumps({"events": [{"type": "message"}]}),
    json.dumps({"events": [{"type": "message", "webhookEventId": "x", "timestamp": "yesterday"}]}),
    json.dumps({"events": [{"type": "follow", "webhookEventId": "x", "timestamp": 1, "source": "U1"}]}),
    json.dumps({"events": [42]}),
])
def test_malformed_bodies_get_400_and_leave_nothing(client, redis, body):
    response = post(client, body)
    assert response.status_code == 400
    assert redis.dbsize() == 0


def test_one_bad_event_refuses_the_whole_body(client, redis):
    body = json.dumps({"events": [text_event("01JDEV0000000000000000000F"), {"type": "message"}]})
    assert post(client, body).status_code == 400
    assert redis.dbsize() == 0


def test_an_oversized_body_gets_413(client, redis):
    body = body_of(text_event("01JDEV0000000000000000000G", "あ" * 400_000))
    assert post(client, body).status_code == 413
    assert redis.dbsize() == 0


def test_events_the_sdk_would_call_unknown_are_accepted(client, redis):
    follow_without_follow_object = {
        "type": "follow", "mode": "active", "timestamp": 1, "source": {"type": "user", "userId": USER},
        "webhookEventId": "01JDEV0000000000000000000H", "deliveryContext": {"isRedelivery": False},
        "replyToken": "t" * 32,
    }
    text_without_quote_token = text_event("01JDEV0000000000000000000J")
    assert post(client, body_of(follow_without_follow_object, text_without_quote_token)).status_code == 200
    assert queued(redis) == 2


def test_healthz_reports_redis_and_queue_depths(client):
    post(client, body_of(text_event("01JDEV0000000000000000000K")))
    health = client.get("/healthz").json
    assert health["redis"] == "ok"
    assert health["queues"] == {"events": 1, "delivery": 0, "default": 0}
