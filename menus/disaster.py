"""Redis I/O: disaster mode, switched on or off by one admin in one step (no second approver: minutes matter).

Switching writes the mode, the audit entry and a request for a linking run in one transaction, so a crash
right after the click still switches: the run (menus.sync) is enqueued at once and, if it never runs or its
worker dies, started again by recovery a minute later. While the mode is on, the greeting says so and the
FAQ prefers its 防災 entries (both read the mode directly, with no run needed); the disaster menu is everyone's menu once the
run is done. Switching on also opens the pre-written urgent notice as a draft for a fast approval. Nobody can
change the plan meanwhile (menus.editing refuses), so switching off gives every friend exactly the menu they
had: their normal-times menu was never touched, only which menu LINE shows.
"""

from __future__ import annotations

from datetime import datetime

from redis import Redis
from redis.exceptions import WatchError
from rq import Queue

import audit
from menus import jobs, keys, store
from menus.model import MenuError
from messages import broadcasts

URGENT_TITLE = "【緊急】災害に関するお知らせ"
URGENT_TEXT = ("【{city}からの緊急のお知らせ】\n"
               "現在、市内で災害が発生しています。\n"
               "・身の安全を確保してください。\n"
               "・避難所の場所は、メニューの「避難所」から確認できます。\n"
               "・最新の情報は市のホームページと防災行政無線でお知らせします。\n"
               "(この文は、状況に合わせて書き直してから承認してください)")
"""Pre-written so staff only adjust it; the approver still reads it before it goes to every friend."""

MAX_REASON = 200


def switch_on(redis: Redis, queue: Queue, *, actor: str, reason: str, at: datetime, city_name: str) -> store.Mode:
    """Turn disaster mode on and enqueue the linking run; MenuError (Japanese) when it cannot be."""
    reason = _checked_reason(reason)
    if store.is_disaster(redis):
        raise MenuError(["すでに災害モードです。"])
    plan = store.get_plan(redis)
    if plan is None or store.get_menu(redis, plan.disaster) is None:
        raise MenuError(["災害時メニューが登録されていないため、災害モードにできません。"])
    draft = broadcasts.create(redis, actor=actor, title=URGENT_TITLE, urgent=True, now=at,
                              variants={"ja": [{"type": "text", "text": URGENT_TEXT.format(city=city_name)}]})
    _switch(redis, disaster=True, actor=actor, reason=reason, at=at,
            extra={"broadcast_id": draft.id})
    queue.enqueue(jobs.sync_menus, job_timeout=jobs.SYNC_TIMEOUT)
    return store.get_mode(redis)


def switch_off(redis: Redis, queue: Queue, *, actor: str, reason: str, at: datetime) -> store.Mode:
    """Back to normal times: every friend's own menu comes back."""
    _switch(redis, disaster=False, actor=actor, reason=_checked_reason(reason), at=at, extra={})
    queue.enqueue(jobs.sync_menus, job_timeout=jobs.SYNC_TIMEOUT)
    return store.get_mode(redis)


def _checked_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise MenuError(["理由を入力してください (監査ログに残ります)。"])
    if len(reason) > MAX_REASON:
        raise MenuError([f"理由は {MAX_REASON} 文字以内にしてください。"])
    return reason


def _switch(redis: Redis, *, disaster: bool, actor: str, reason: str, at: datetime, extra: dict) -> None:
    with redis.pipeline(transaction=True) as pipe:
        try:
            pipe.watch(keys.MODE)
            if store.get_mode(pipe).disaster == disaster:
                raise MenuError(["すでに災害モードです。" if disaster else "災害モードではありません。"])
            pipe.multi()
            pipe.delete(keys.MODE)
            pipe.hset(keys.MODE, mapping={"mode": "disaster" if disaster else "normal", "switch": "pending",
                                          "reason": reason, "actor": actor,
                                          "since": at.isoformat(timespec="milliseconds"), **extra})
            pipe.hincrby(keys.SYNC, "wanted", 1)
            audit.record(redis, actor=actor, action="menus.disaster_on" if disaster else "menus.disaster_off",
                         target="disaster-mode", details={"reason": reason, **_draft(extra)}, pipeline=pipe)
            pipe.execute()
        except WatchError:
            raise MenuError(["ほかの管理者が同時に切り替えました。画面を読み込み直して確認してください。"]) from None


def _draft(extra: dict) -> dict:
    return {"broadcast": extra["broadcast_id"]} if "broadcast_id" in extra else {}
