"""The embedded Redis keeps its data between runs and is reused while running."""

from __future__ import annotations

from redis import Redis

from embedded_redis import EmbeddedRedis, running_url


def test_data_survives_a_restart_and_a_running_server_is_reused(tmp_path):
    first = EmbeddedRedis.start(tmp_path)
    try:
        Redis.from_url(first.url).set("citybot:test", "残る")
        assert Redis.from_url(first.url).config_get("appendfsync") == {"appendfsync": "always"}
        reused = EmbeddedRedis.start(tmp_path)
        assert reused.process is None and reused.url == first.url
    finally:
        first.stop()
    assert running_url(tmp_path) is None
    second = EmbeddedRedis.start(tmp_path)
    try:
        assert Redis.from_url(second.url).get("citybot:test").decode() == "残る"
    finally:
        second.stop()
