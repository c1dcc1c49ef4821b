"""The composition root shared by the web app, the workers and the CLI: config, Redis, LINE gateway, queues.

Nothing is built at import time. Job functions take IDs only and call `current()` to reach the
services of the process they run in (the worker installs its own at start-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redis import Redis
from rq import Queue

from config import Config
from embedded_redis import running_url
from messages.gateway import LineGateway

QUEUES = ("events", "delivery", "default")
"""RQ queues in priority order: citizens' events first, then broadcast batches, then everything else."""


@dataclass
class Services:
    config: Config
    redis: Redis
    gateway: LineGateway
    _queues: dict[str, Queue] = field(default_factory=dict, repr=False)

    @classmethod
    def from_config(cls, config: Config, redis_url: str | None = None) -> "Services":
        """Connect to Redis (`redis_url` wins over the config, e.g. for the embedded server)."""
        url = redis_url or config.redis_url or running_url(config.data_dir)
        if not url:
            raise RuntimeError(
                "Redis に接続できません: REDIS_URL を設定するか、`citybot run` (make run) で組み込み Redis を起動してください。"
            )
        return cls(
            config=config,
            redis=Redis.from_url(url),
            gateway=LineGateway(config.line_channel_access_token, config.line_api_endpoint),
        )

    def queue(self, name: str) -> Queue:
        if name not in self._queues:
            self._queues[name] = Queue(name, connection=self.redis)
        return self._queues[name]


_current: Services | None = None


def install(services: Services) -> None:
    """Make these the services that jobs in this process use."""
    global _current
    _current = services


def current() -> Services:
    """The services of this process, built from the environment on first use."""
    global _current
    if _current is None:
        _current = Services.from_config(Config.from_env())
    return _current
