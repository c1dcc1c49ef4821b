import pytest

from linesim.faults import FaultSpec
from linesim.settings import Settings, parse_settings


def test_defaults_without_flags_or_environment():
    assert parse_settings([], {}) == Settings()


def test_flags_set_everything_the_issue_names():
    settings = parse_settings(["--port", "9000", "--channel-secret", "S", "--access-token", "T",
                               "--webhook-url", "http://127.0.0.1:8000/callback", "--limits", "fast",
                               "--quota", "500", "--fault", "multicast:error_500=0.1", "--rate-limit",
                               "push=5/second", "--unverified", "--redelivery"], {})

    assert (settings.port, settings.channel_secret, settings.access_token) == (9000, "S", "T")
    assert (settings.webhook_url, settings.limits, settings.quota) == ("http://127.0.0.1:8000/callback", "fast", 500)
    assert settings.faults == {"multicast": FaultSpec(error_500=0.1)}
    assert settings.rate_limits == {"push": "5/second"}
    assert (settings.verified, settings.redelivery) == (False, True)


def test_each_flag_has_an_environment_variable():
    environ = {"LINESIM_PORT": "9001", "LINESIM_CHANNEL_SECRET": "S", "LINESIM_ACCESS_TOKEN": "T",
               "LINESIM_WEBHOOK_URL": "http://x/callback", "LINESIM_LIMITS": "fast", "LINESIM_QUOTA": "none",
               "LINESIM_FAULTS": "push:drop=0.5;*:latency_ms=10", "LINESIM_RATE_LIMITS": "push=1/second",
               "LINESIM_UNVERIFIED": "1", "LINESIM_REDELIVERY": "true", "LINESIM_WEBHOOK_TIMEOUT": "1.5",
               "LINESIM_REPLY_TOKEN_TTL": "30", "LINESIM_INSIGHT_READY_HOUR": "6"}

    settings = parse_settings([], environ)

    assert settings == Settings(port=9001, channel_secret="S", access_token="T", webhook_url="http://x/callback",
                                limits="fast", quota=None, rate_limits={"push": "1/second"},
                                faults={"push": FaultSpec(drop=0.5), "*": FaultSpec(latency_ms=10)},
                                verified=False, redelivery=True, webhook_timeout=1.5, reply_token_ttl=30.0,
                                insight_ready_hour=6)


def test_a_flag_wins_over_its_environment_variable():
    assert parse_settings(["--port", "9002"], {"LINESIM_PORT": "9001"}).port == 9002


@pytest.mark.parametrize("argv, environ", [
    (["--limits", "slow"], {}), (["--quota", "-1"], {}), ([], {"LINESIM_PORT": "x"}),
    (["--rate-limit", "push"], {}), ([], {"LINESIM_FAULTS": "push:error_500=9"}), (["--insight-ready-hour", "24"], {}),
])
def test_bad_settings_stop_with_a_usage_error(argv, environ):
    with pytest.raises(SystemExit) as caught:
        parse_settings(argv, environ)

    assert caught.value.code == 2
