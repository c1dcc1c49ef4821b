"""Redis and LINE I/O: put a stored menu on LINE — create, upload its image, point its alias — all or nothing.

LINE's rich menus cannot be edited: a changed menu is a new rich menu. Friends keep the old version until
the linking run (menus.sync) moves them, and only then is the old one deleted, so nobody's menu ever
disappears. A failed image upload deletes the new rich menu and leaves the old one in place.
"""

from __future__ import annotations

import logging

from redis import Redis

from menus import store
from menus.images import image_problems
from menus.model import MenuError, check, to_line
from messages.errors import DeliveryError
from messages.gateway import LineGateway
from messages.ratelimit import SharedRateLimiter

RATES = {"richmenu_create": "100/hour", "richmenu_delete": "100/hour", "richmenu_bulk": "2000/second"}
"""LINE's limits for these endpoints ([REF]#rate-limits): creating and deleting rich menus 100 an hour, bulk
link and unlink among "all other endpoints". Shared by every process through Redis."""

MAX_RICH_MENUS = 1000
"""LINE: a channel has at most 1,000 rich menus (ours, and old versions not yet deleted)."""

log = logging.getLogger(__name__)


def limiter(redis: Redis) -> SharedRateLimiter:
    return SharedRateLimiter(redis, RATES)


def publish(redis: Redis, gateway: LineGateway, key: str) -> str:
    """The new LINE rich menu ID; MenuError (Japanese, nothing changed at LINE or here) when it cannot be."""
    stored = store.get_menu(redis, key)
    if stored is None:
        raise MenuError([f"メニュー「{key}」がありません。"])
    check(stored.menu, store.menu_keys(redis))
    found = image_problems(stored.image, stored.menu.pixels)
    if found:
        raise MenuError(found)
    if len(store.line_ids(redis)) + len(store.retired(redis)) >= MAX_RICH_MENUS:
        raise MenuError([f"LINE のリッチメニューは 1 チャネル {MAX_RICH_MENUS:,} 件までです。使わないメニューを減らしてください。"])
    rates = limiter(redis)
    if not rates.allow("richmenu_create"):
        minutes = int(rates.seconds_until_free("richmenu_create") // 60) + 1
        raise MenuError([f"LINE では 1 時間に作れるリッチメニューは 100 件までです。約 {minutes} 分後にもう一度公開してください。"])
    try:
        line_id = gateway.create_rich_menu(to_line(stored.menu))
    except DeliveryError as error:
        raise MenuError([f"LINE がメニューを受け付けませんでした: {_explain(error)}"]) from error
    try:
        gateway.upload_rich_menu_image(line_id, stored.image, stored.image_type)
        gateway.set_rich_menu_alias(key, line_id, exists=stored.line_id is not None)
    except DeliveryError as error:
        delete_quietly(redis, gateway, line_id)
        raise MenuError([f"画像を LINE に送れなかったため、公開を取りやめました (今のメニューのままです): {_explain(error)}"]) from error
    store.set_line_id(redis, key, line_id)
    return line_id


def delete_quietly(redis: Redis, gateway: LineGateway, line_id: str) -> bool:
    """Delete a rich menu nobody should see any more; False (kept for later) when LINE cannot now."""
    if not limiter(redis).allow("richmenu_delete"):
        return False
    try:
        gateway.delete_rich_menu(line_id)
    except DeliveryError as error:
        if error.status != 404:
            log.warning("could not delete rich menu %s: %s", line_id, error)
            return False
    return True


def _explain(error: DeliveryError) -> str:
    details = "; ".join(f"{item.get('property', '')}: {item.get('message', '')}" for item in error.details
                        if isinstance(item, dict))
    return error.message + (f" ({details})" if details else "")
