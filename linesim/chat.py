"""HTTP I/O: serves the chat simulator page (Japanese UI; plain HTML, CSS and JS, nothing from outside)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC = Path(__file__).resolve().parent / "static"


async def page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "chat.html", headers={"Cache-Control": "no-store"})


async def home(request: web.Request) -> web.Response:
    raise web.HTTPFound("/chat")


def register(app: web.Application) -> None:
    app.router.add_get("/", home)
    app.router.add_get("/chat", page)
    app.router.add_static("/chat/static/", STATIC)
