"""Flask: the campaigns' short links (/c/CODE) — count the scan, then send the phone on to LINE."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import Blueprint, Response, current_app, redirect, request
from redis.exceptions import RedisError

from campaigns import links, store
from campaigns.model import CODE
from messages.errors import DeliveryError

log = logging.getLogger(__name__)

short_links = Blueprint("campaigns", __name__)

UNAVAILABLE = ("<!doctype html><meta charset='utf-8'><title>しばらくお待ちください</title>"
               "<p>ただいま混み合っています。しばらくしてから、もう一度読み取ってください。</p>")


@short_links.get(links.SHORT_PATH.format(code="<code>"))
def visit(code: str):
    """Running campaign: LINE's chat with the code prefilled (a non-friend sees 友だち追加 first). Ended or
    unknown code: LINE's add-friend page. Always the account's own LINE pages, whatever the path holds."""
    services = current_app.extensions["citybot"]
    redis = services.redis
    code = code.upper() if CODE.fullmatch(code.upper()) else ""
    day = datetime.now(services.config.tz).date()
    try:
        seen = store.record_visit(redis, code, method=request.method, headers=request.headers,
                                  address=request.remote_addr or "", day=day)
        account = store.account_id(redis, services.gateway)
    except (RedisError, DeliveryError):
        log.exception("short link %s could not be served", code)
        return Response(UNAVAILABLE, status=503, mimetype="text/html", headers={"Retry-After": "30"})
    running = seen.campaign is not None and seen.campaign.running_on(day)
    target = links.chat_with_code(account, code) if running else links.add_friend_page(account)
    response = redirect(target, code=302)
    response.headers.update({"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
    return response
