"""HTTP I/O: linesim's aiohttp application (LINE API, control API under /_sim/, chat page) and its runner."""

from __future__ import annotations

from aiohttp import web

from linesim import api_content, api_info, api_richmenu, api_send, chat, control_admin, control_events, control_users
from linesim.bodies import READ_LIMIT_BYTES
from linesim.middleware import line_api
from linesim.settings import Settings
from linesim.simulator import SIM, Simulator


def build_app(settings: Settings) -> web.Application:
    """A fresh emulator with its own in-memory state; start it with `run` or an aiohttp runner."""
    app = web.Application(middlewares=[line_api], client_max_size=READ_LIMIT_BYTES)
    app[SIM] = Simulator(settings)
    for method, path, handler, name in (*api_send.ROUTES, *api_info.ROUTES, *api_richmenu.ROUTES,
                                   *api_content.ROUTES):
        app.router.add_route(method, path, handler, name=name)
    for method, path, handler in (*control_users.ROUTES, *control_events.ROUTES, *control_admin.ROUTES,
                                  *api_richmenu.CONTROL_ROUTES, *api_content.CONTROL_ROUTES):
        app.router.add_route(method, path, handler)
    chat.register(app)
    app.on_startup.append(_start_webhooks)
    app.on_cleanup.append(_stop_webhooks)
    return app


async def _start_webhooks(app: web.Application) -> None:
    await app[SIM].webhooks.start()


async def _stop_webhooks(app: web.Application) -> None:
    await app[SIM].webhooks.close()


def banner(settings: Settings) -> str:
    base = f"http://{settings.host}:{settings.port}"
    return (f"linesim: LINE API at {base} (limits: {settings.limits}); chat page {base}/chat; "
            f"webhooks to {settings.webhook_url or '(not set: POST /_sim/webhook)'}")


def run(settings: Settings) -> None:
    """Serve until SIGINT/SIGTERM; prints one line when ready to accept requests."""
    web.run_app(build_app(settings), host=settings.host, port=settings.port, access_log=None,
                print=lambda _: print(banner(settings), flush=True))
