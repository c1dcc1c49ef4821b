"""Disaster mode: one switch makes the disaster menu everyone's, changes the greeting and the FAQ, opens the
urgent draft; switching off restores exactly what was there; a switch cut short by a crash completes."""

from __future__ import annotations

from pathlib import Path

import pytest

import audit
from bot.faq import rank
from bot.faq.engine import analyzer
from bot.faq.index import FaqIndex
from bot.faq.io import read_faqs
from menus import disaster, editing, jobs, keys, store, sync
from menus.model import MenuError
from menus.plan import Plan
from messages import broadcasts
from tests.menus.conftest import AT, friends, seen

DEMO_FAQ = Path(__file__).resolve().parents[2] / "cities" / "demo_faq.csv"


def everyone(demo_menus, linesim) -> dict[str, list[str]]:
    """Friends of every kind: strangers, and registered ones on each per-segment menu."""
    groups = {"register": friends(demo_menus, linesim, 3),
              **{menu: friends(demo_menus, linesim, 3, language=language)
                 for menu, language in (("easy", "ja-easy"), ("en", "en"), ("main", "ja"))}}
    for user_id in groups["easy"] + groups["en"] + groups["main"]:
        jobs.link_follower(user_id)
    return groups


def switch_on(services):
    return disaster.switch_on(services.redis, services.queue(jobs.QUEUE), actor="kanri", reason="震度6弱の地震",
                              at=AT, city_name=services.config.city.name)


def test_switching_on_and_off_in_one_step_each(demo_menus, linesim, run_jobs):
    redis = demo_menus.redis
    groups = everyone(demo_menus, linesim)
    before = {user: linesim.user_menu(user)["richMenu"]["richMenuId"] for users in groups.values() for user in users}
    assert {key: {seen(linesim, user) for user in users} for key, users in groups.items()} == {
        key: {key} for key in groups}

    mode = switch_on(demo_menus)
    assert mode.disaster and mode.switch == "pending"
    draft = broadcasts.get(redis, mode.broadcast_id)
    assert draft.urgent and draft.state == "draft" and "緊急" in draft.title
    entry = audit.entries(redis, count=1)[0]
    assert (entry.action, entry.actor, entry.details["reason"]) == ("menus.disaster_on", "kanri", "震度6弱の地震")
    run_jobs()
    assert {seen(linesim, user) for users in groups.values() for user in users} == {"disaster"}
    assert store.get_mode(redis).switch == "done" and store.get_mode(redis).seconds is not None

    disaster.switch_off(redis, demo_menus.queue(jobs.QUEUE), actor="kanri", reason="避難指示の解除", at=AT)
    run_jobs()
    after = {user: linesim.user_menu(user)["richMenu"]["richMenuId"] for user in before}
    assert after == before, "every friend has exactly the menu they had"
    assert audit.entries(redis, count=1)[0].action == "menus.disaster_off"
    assert not store.is_disaster(redis)


def test_a_switch_needs_a_reason_and_cannot_be_made_twice(demo_menus):
    with pytest.raises(MenuError, match="理由"):
        disaster.switch_on(demo_menus.redis, demo_menus.queue(jobs.QUEUE), actor="kanri", reason="  ", at=AT,
                           city_name="市")
    switch_on(demo_menus)
    with pytest.raises(MenuError, match="すでに"):
        switch_on(demo_menus)
    drafts = [b for b in broadcasts.recent(demo_menus.redis) if b.urgent]
    assert len(drafts) == 1, "a refused second switch opens no second draft"


def test_the_plan_cannot_change_during_a_disaster_and_comes_back_after(demo_menus):
    redis = demo_menus.redis
    plan = store.get_plan(redis)
    switch_on(demo_menus)
    with pytest.raises(MenuError, match="災害モードの間"):
        editing.save_plan(redis, demo_menus.config.city, Plan("register", "main", "disaster"), actor="admin")
    disaster.switch_off(redis, demo_menus.queue(jobs.QUEUE), actor="kanri", reason="解除", at=AT)
    assert store.get_plan(redis) == plan


def test_a_switch_interrupted_by_a_crash_completes_when_a_worker_comes_back(demo_menus, linesim, run_jobs):
    redis = demo_menus.redis
    groups = everyone(demo_menus, linesim)
    switch_on(demo_menus)                       # the click is stored; the worker dies before its job runs
    redis.set(keys.SYNC_LEASE, "the worker that died")
    demo_menus.queue(jobs.QUEUE).empty()
    assert not jobs.recover()
    redis.delete(keys.SYNC_LEASE)                # its lease lapses
    assert jobs.recover()
    run_jobs()
    assert {seen(linesim, user) for users in groups.values() for user in users} == {"disaster"}
    assert store.get_mode(redis).switch == "done"
    assert sync.progress(redis).state == "done"


def test_a_switch_made_while_a_run_is_going_is_not_lost(demo_menus, linesim, run_jobs):
    redis = demo_menus.redis
    groups = everyone(demo_menus, linesim)
    generation = sync.request_run(redis)
    switch_on(demo_menus)                       # bumps the generation after the run began
    assert int(redis.hget(keys.SYNC, "wanted")) == generation + 1
    run_jobs()
    assert {seen(linesim, user) for user in groups["en"]} == {"disaster"}
    assert store.get_mode(redis).switch == "done"


def test_the_greeting_says_so_during_a_disaster(demo_menus, linesim, citybot_system):
    switch_on(demo_menus)
    citizen = linesim.create_user()
    linesim.follow(citizen)
    citybot_system.run_jobs()
    first = [d for d in linesim.ledger(citizen) if d.get("kind") == "delivery"][0]["messages"][0]
    assert first["text"].startswith("【災害対応中】")
    disaster.switch_off(demo_menus.redis, demo_menus.queue(jobs.QUEUE), actor="kanri", reason="解除", at=AT)
    other = linesim.create_user()
    linesim.follow(other)
    citybot_system.run_jobs()
    assert "災害" not in [d for d in linesim.ledger(other) if d.get("kind") == "delivery"][0]["messages"][0]["text"]


@pytest.fixture(scope="module")
def demo_faq_index() -> FaqIndex:
    return FaqIndex(read_faqs(DEMO_FAQ.read_bytes(), DEMO_FAQ.name), analyzer())


def test_disaster_mode_prefers_the_faqs_bousai_entries_in_close_calls(demo_faq_index):
    question = "家が壊れた"
    plain = rank.lookup(demo_faq_index, question, top=5)
    preferred = rank.lookup(demo_faq_index, question, top=5, prefer="防災")
    assert preferred.hits[0].faq.category == "防災"
    assert plain.hits[0].faq.category != "防災"
    by_id = {hit.faq.id: hit.score for hit in plain.hits}
    for hit in preferred.hits:
        if hit.faq.id in by_id:
            factor = rank.PREFERRED_BOOST if hit.faq.category == "防災" else 1.0
            assert hit.score == pytest.approx(by_id[hit.faq.id] * factor)
