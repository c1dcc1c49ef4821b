"""Shared by benchmarks and tests: free ports, waiting for a port, a throwaway redis-server (no project logic)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import time

from embedded_redis import server_binary
from linesim.process import free_port  # noqa: F401  (re-exported for benchmarks and tests)


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    _wait_until_listening(socket.AF_INET, ("127.0.0.1", port), timeout)


def wait_for_socket(path: str, timeout: float = 30.0) -> None:
    _wait_until_listening(socket.AF_UNIX, path, timeout)


def _wait_until_listening(family: int, address, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket(family) as sock:
            if sock.connect_ex(address) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {address}")


@contextlib.contextmanager
def redis_server(extra: tuple[str, ...] = (), binary: str = "", unix_socket: bool = False):
    """A redis-server with persistence off (unless `extra` turns it on), on a free TCP port or (as `citybot run`
    runs it) on a Unix socket; yields its URL."""
    port = 0 if unix_socket else free_port()
    with tempfile.TemporaryDirectory() as workdir:
        socket_path = os.path.join(workdir, "redis.sock")
        listen = ["--unixsocket", socket_path] if unix_socket else ["--bind", "127.0.0.1"]
        process = subprocess.Popen(
            [server_binary(binary), "--port", str(port), *listen, "--save", "", "--appendonly", "no",
             "--dir", workdir, *extra],
            stdout=subprocess.DEVNULL,
        )
        try:
            if unix_socket:
                wait_for_socket(socket_path)
                yield f"unix://{socket_path}?db=0"
            else:
                wait_for_port(port)
                yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


@contextlib.contextmanager
def process(command: list[str], port: int, env: dict | None = None):
    """A child process that listens on `port`; stopped on exit."""
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield child
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
