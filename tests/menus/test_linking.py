"""Who sees which menu: the default for strangers, per-segment links, bulk relinking with progress and resume."""

from __future__ import annotations

import pytest

from menus import editing, jobs, keys, publish, store, sync
from menus.model import MenuError
from menus.plan import Plan, Rule
from segments.store import FollowerStore
from tests.menus.conftest import AT, friends, seen


def test_a_first_run_publishes_every_demo_menu_and_strangers_see_the_register_menu(demo_menus, linesim):
    summary = linesim.richmenus()
    assert sorted(summary["aliases"]) == ["disaster", "easy", "en", "main", "more", "register"]
    assert summary["default"] == summary["aliases"]["register"]
    stranger = friends(demo_menus, linesim, 1)[0]
    assert seen(linesim, stranger) == "register" and linesim.user_menu(stranger)["source"] == "default"
    assert linesim.api_errors() == []
    assert not jobs.install_demo_menus_if_absent(demo_menus.redis, demo_menus.queue(jobs.QUEUE)), "only once"


def test_registering_and_changing_language_links_the_segments_menu(demo_menus, linesim):
    citizen = friends(demo_menus, linesim, 1, language="ja-easy")[0]
    assert jobs.link_follower(citizen) == "easy"
    assert (seen(linesim, citizen), linesim.user_menu(citizen)["source"]) == ("easy", "user")
    store_ = FollowerStore(demo_menus.redis, demo_menus.config.city)
    store_.update(citizen, language="en")
    assert jobs.link_follower(citizen) == "en" and seen(linesim, citizen) == "en"
    store_.update(citizen, language="ja")
    assert jobs.link_follower(citizen) == "main" and seen(linesim, citizen) == "main"
    store_.erase(citizen)
    jobs.forget_friend_menu(demo_menus, citizen)
    assert seen(linesim, citizen) == "register", "an erased citizen sees the menu for strangers"
    assert store.applied_of(demo_menus.redis, citizen) is None
    assert citizen not in store.desired(demo_menus.redis)


def test_a_registration_through_the_pending_set_links_without_naming_the_citizen_in_jobs(demo_menus, linesim,
                                                                                        run_jobs):
    citizen = friends(demo_menus, linesim, 1, language="en")[0]
    jobs.link_later(demo_menus, citizen)
    queued = demo_menus.queue(jobs.QUEUE).jobs[-1]
    assert citizen not in repr(queued.args) + repr(queued.kwargs)
    run_jobs()
    assert seen(linesim, citizen) == "en"


def change_rules(services, *rules: Rule) -> None:
    plan = store.get_plan(services.redis)
    editing.save_plan(services.redis, services.config.city, Plan(plan.default, plan.registered, plan.disaster, rules),
                      actor="admin")
    jobs.relink_everyone(services.redis, services.config.city)
    jobs.request_sync(services.redis, services.queue(jobs.QUEUE))


def test_a_rule_change_relinks_everyone_in_bulk_with_progress(demo_menus, linesim, run_jobs):
    english = friends(demo_menus, linesim, 1100, language="en")
    japanese = friends(demo_menus, linesim, 3, language="ja")
    change_rules(demo_menus)
    run_jobs()
    assert {seen(linesim, user) for user in english[::100] + japanese} == {"main"}
    change_rules(demo_menus, Rule("language:en", "en"))
    run_jobs()
    progress = sync.progress(demo_menus.redis)
    assert (progress.state, progress.total, progress.done) == ("done", 1100, 1100)
    assert linesim.richmenus()["friendsSeeing"][store.line_ids(demo_menus.redis)["en"]] == 1100
    assert {seen(linesim, user) for user in japanese} == {"main"}


def test_a_bad_plan_is_refused_whole(demo_menus):
    plan = store.get_plan(demo_menus.redis)
    with pytest.raises(MenuError) as refused:
        editing.save_plan(demo_menus.redis, demo_menus.config.city,
                          Plan("register", "nowhere", "disaster", (Rule("language:xx", "en"),)), actor="admin")
    assert len(refused.value.problems) == 2 and "nowhere" in refused.value.problems[0]
    assert store.get_plan(demo_menus.redis) == plan
    with pytest.raises(MenuError, match="1 行目"):
        editing.parse_rules("language:en en")


def test_a_run_cut_short_resumes_where_it_stopped(demo_menus, linesim, run_jobs, monkeypatch):
    english = friends(demo_menus, linesim, 1200, language="en")
    change_rules(demo_menus)
    run_jobs()
    monkeypatch.setattr(sync, "ATTEMPTS", 1)
    linesim.set_limits(richmenu_bulk_link="1/hour")       # the second request fails: the run stops there
    change_rules(demo_menus, Rule("language:en", "en"))
    with pytest.raises(Exception):
        jobs.sync_menus()
    stopped = sync.progress(demo_menus.redis)
    assert (stopped.state, stopped.done, stopped.total) == ("failed", 500, 1200)
    assert sync.needs_run(demo_menus.redis)
    demo_menus.redis.set(keys.SYNC_LEASE, "a worker still running")
    assert not jobs.recover(), "a held lease means the run is alive"
    demo_menus.redis.delete(keys.SYNC_LEASE)
    linesim.set_limits(richmenu_bulk_link=None)
    demo_menus.queue(jobs.QUEUE).empty()
    assert jobs.recover()
    run_jobs()
    resumed = sync.progress(demo_menus.redis)
    assert (resumed.state, resumed.total) == ("done", 700), "only those not yet moved"
    assert {seen(linesim, user) for user in english[::50]} == {"en"}
    assert not sync.needs_run(demo_menus.redis)


def test_a_failed_image_upload_leaves_the_old_menu_in_place(demo_menus, linesim):
    redis = demo_menus.redis
    before = store.line_ids(redis)["main"]
    menus_before = linesim.richmenus()["menus"]
    linesim.faults(endpoint="richmenu_image_upload", error_500=1.0)
    with pytest.raises(MenuError, match="今のメニューのまま"):
        publish.publish(redis, demo_menus.gateway, "main")
    assert store.line_ids(redis)["main"] == before
    assert linesim.richmenus()["menus"] == menus_before, "the half-made rich menu was deleted"
    assert linesim.richmenus()["aliases"]["main"] == before


def test_a_published_edit_moves_its_friends_then_deletes_the_old_version(demo_menus, linesim, run_jobs):
    redis = demo_menus.redis
    citizen = friends(demo_menus, linesim, 1, language="ja")[0]
    jobs.link_follower(citizen)
    old = store.line_ids(redis)["main"]
    stored = store.get_menu(redis, "main")
    editing.save_menu(redis, key="main", name=stored.menu.name, chat_bar_text="メニュー", layout="full-4",
                      areas=[editing.AreaInput(label, "message", label) for label in ("ごみ", "住民票", "防災", "設定")],
                      image=None, actor="writer", at=AT)
    new = publish.publish(redis, demo_menus.gateway, "main")
    jobs.request_sync(redis, demo_menus.queue(jobs.QUEUE))
    run_jobs()
    assert linesim.user_menu(citizen)["richMenu"]["richMenuId"] == new
    assert old not in demo_menus.gateway.rich_menu_ids()
    assert store.retired(redis) == set()


def test_menus_go_on_again_when_the_emulator_starts_empty(demo_menus, linesim, run_jobs):
    """`citybot run` starts a fresh linesim each time while our Redis remembers the menus it published."""
    linesim.reset()
    assert linesim.richmenus()["default"] is None
    assert jobs.republish_to_empty_line(demo_menus.redis, demo_menus.queue(jobs.QUEUE))
    run_jobs()
    summary = linesim.richmenus()
    assert sorted(summary["aliases"]) == ["disaster", "easy", "en", "main", "more", "register"]
    assert summary["default"] == summary["aliases"]["register"]
    registered = friends(demo_menus, linesim, 1, language="ja")[0]
    jobs.link_later(demo_menus, registered)
    run_jobs()
    assert seen(linesim, registered) == "main" and linesim.api_errors() == []
