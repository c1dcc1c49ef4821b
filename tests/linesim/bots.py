"""Test helpers: tiny webhook receivers standing in for a bot (citybot's own app is tested elsewhere)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from linesim.process import free_port


@dataclass
class Received:
    body: str
    headers: dict[str, str]

    @property
    def payload(self) -> dict:
        return json.loads(self.body)

    @property
    def signature(self) -> str:
        return self.headers["x-line-signature"]


@dataclass
class RecordingBot:
    """Records every webhook; answers `status` after `delay` seconds, after calling `on_webhook` if set."""

    status: int = 200
    delay: float = 0.0
    on_webhook: Callable[[Received], None] | None = None
    received: list[Received] = field(default_factory=list)

    def start(self) -> "RecordingBot":
        self.port = free_port()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/callback"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        bot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received = Received(raw.decode("utf-8"), {k.lower(): v for k, v in self.headers.items()})
                bot.received.append(received)
                if bot.on_webhook:
                    bot.on_webhook(received)
                time.sleep(bot.delay)
                self.send_response(bot.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                """Quiet: tests read `received` instead."""

        return Handler
