"""Services wired to the test Redis and linesim, followers in both, and an in-process delivery worker."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from time import monotonic, sleep

import pytest
from rq import SimpleWorker

import services as services_module
from config import Config
from messages import approval, broadcasts, jobs, lifecycle, tuning
from segments.store import FollowerStore
from services import Services
from tests.plugins.citybot_fixtures import NO_QUIET_HOURS


def linesim_environment(redis_url: str, linesim, data_dir) -> dict[str, str]:
    """What a worker or the CLI needs to reach this test's Redis and linesim; no quiet hours, so that tests
    pass at any hour."""
    return {"REDIS_URL": redis_url, "LINE_API_ENDPOINT": linesim.url, "LINE_CHANNEL_SECRET": linesim.channel_secret,
            "LINE_CHANNEL_ACCESS_TOKEN": linesim.access_token, "CITYBOT_DATA_DIR": str(data_dir),
            "CITYBOT_QUIET_HOURS": NO_QUIET_HOURS}


@pytest.fixture
def services(redis, redis_url, linesim, tmp_path):
    """Services of this process (jobs run in-process use them)."""
    built = Services.from_config(Config.from_env(linesim_environment(redis_url, linesim, tmp_path), dotenv=None))
    services_module.install(built)
    tuning.save(built.redis, backoff_base=0.05)
    yield built
    built.gateway.close()


def configure(services: Services, **changes) -> Services:
    """The same services with other settings (e.g. a weekly cap), installed for in-process jobs."""
    changed = replace(services, config=replace(services.config, **changes), _queues={})
    services_module.install(changed)
    return changed


def add_followers(services: Services, linesim, count: int, **attributes) -> list[str]:
    """Friends in linesim who are also consenting followers in our store with these attributes."""
    store = FollowerStore(services.redis, services.config.city)
    now = datetime.now(timezone.utc)
    user_ids = linesim.create_users(count, follow=True)
    for user_id in user_ids:
        store.follow(user_id, at=now, unblocked=False)
        store.record_consent(user_id, granted=True, at=now)
        if attributes:
            store.update(user_id, **attributes)
    return user_ids


def work(services: Services) -> None:
    """Run every due delivery job in this process until the queue is empty."""
    SimpleWorker([services.queue(jobs.QUEUE)], connection=services.redis).work(burst=True, with_scheduler=True)


def work_until_finished(services: Services, broadcast_id: str, *, timeout: float = 20.0) -> str:
    """Keep working (retries are scheduled a moment later) until the broadcast's run has ended."""
    deadline = monotonic() + timeout
    while monotonic() < deadline:
        work(services)
        state = broadcasts.get(services.redis, broadcast_id).state
        if state not in (lifecycle.SCHEDULED, lifecycle.SENDING):
            return state
        sleep(0.05)
    raise AssertionError(f"broadcast {broadcast_id} still {state} after {timeout} s")


def approved_broadcast(services: Services, *, segment: str, variants: dict, **options):
    """A broadcast written by tanaka, submitted, and approved by suzuki (queued to start at once)."""
    draft = broadcasts.create(services.redis, actor="tanaka", title=options.pop("title", "テスト配信"), segment=segment,
                              variants=variants, **options)
    broadcasts.submit(services.redis, services.config.city, draft.id, actor="tanaka")
    return approval.approve(services, draft.id, actor="suzuki")
