"""Disaster mode at 20,000 friends: time from the admin's switch to the last friend's menu changed, against
linesim with LINE's rate limits, and back again (every friend must get exactly the menu they had).

The friends are a city's mix: unregistered (the default menu), registered in Japanese (main), in やさしい日本語
(easy) and in other languages (en). The linking run is the job a worker runs (menus.sync), run here in this
process. Prints one JSON line.

    .venv/bin/python bench/richmenu_switch.py               # 20,000 friends
    .venv/bin/python bench/richmenu_switch.py --friends 2000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._servers import redis_server  # noqa: E402
from bench.delivery import services_for  # noqa: E402
from linesim import process as linesim_process  # noqa: E402
from menus import disaster, jobs, store, sync  # noqa: E402
from segments.store import FollowerStore  # noqa: E402

MIX = (("register", None, 0.25), ("main", "ja", 0.55), ("easy", "ja-easy", 0.1), ("en", "en", 0.1))
"""Menu, language and share of the friends; unregistered friends see the default menu."""
TARGET_SECONDS = 60.0
"""Our target: in a disaster every friend has the disaster menu within a minute of the switch."""


def add_friends(services, sim, count: int) -> dict[str, str]:
    """`count` friends in linesim and in our store; returns user ID → the menu the plan gives them."""
    user_ids = sim.create_users(count)
    followers = FollowerStore(services.redis, services.config.city)
    chooser = random.Random(7)
    expected = {}
    at = datetime.now(timezone.utc)
    for user_id in user_ids:
        menu, language, _ = chooser.choices(MIX, weights=[share for *_, share in MIX])[0]
        followers.follow(user_id, at=at, unblocked=False)
        if language:
            followers.record_consent(user_id, granted=True, at=at)
            followers.update(user_id, district="中央", language=language)
        expected[user_id] = menu
    return expected


def run_to_the_end(services) -> None:
    sync.run(services.redis, services.gateway, owner="bench")


def seeing(sim) -> dict[str, int]:
    summary = sim.richmenus()
    names = {rich_menu_id: alias for alias, rich_menu_id in summary["aliases"].items()}
    return {names.get(key, key or "(none)"): count for key, count in summary["friendsSeeing"].items()}


def timed_switch(services, sim, switch, **kwargs) -> dict:
    clicked_ms = time.time() * 1000
    switch(services.redis, services.queue(jobs.QUEUE), actor="bench", reason="benchmark", at=datetime.now(timezone.utc),
           **kwargs)
    services.queue(jobs.QUEUE).empty()              # the job runs here, not in a worker
    started = time.perf_counter()
    run_to_the_end(services)
    run_seconds = time.perf_counter() - started
    last_change_ms = sim.richmenus()["lastChangeMs"]
    return {"seconds_to_last_friend": round((last_change_ms - clicked_ms) / 1000, 3),
            "run_seconds": round(run_seconds, 3), "linked_or_unlinked": sync.progress(services.redis).total,
            "line_requests": sync.progress(services.redis).requests,
            "recorded_seconds": store.get_mode(services.redis).seconds, "friends_seeing": seeing(sim)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--friends", type=int, default=20_000)
    parser.add_argument("--limits", choices=["line", "fast"], default="line")
    args = parser.parse_args()
    with redis_server() as redis_url, tempfile.TemporaryDirectory() as data_dir:
        running = linesim_process.start(channel_secret="bench-secret", access_token="bench-token", limits=args.limits)
        try:
            sim = running.handle
            services, _ = services_for(redis_url, sim, data_dir)
            expected = add_friends(services, sim, args.friends)
            jobs.install_demo_menus_if_absent(services.redis, services.queue(jobs.QUEUE))
            services.queue(jobs.QUEUE).empty()
            jobs.relink_everyone(services.redis, services.config.city)
            sync.request_run(services.redis)
            started = time.perf_counter()
            run_to_the_end(services)
            setup_seconds = time.perf_counter() - started
            before = {user_id: sim.user_menu(user_id)["richMenu"]["richMenuId"] for user_id in list(expected)[:2000]}
            normal = seeing(sim)
            on = timed_switch(services, sim, disaster.switch_on, city_name=services.config.city.name)
            off = timed_switch(services, sim, disaster.switch_off)
            after = {user_id: sim.user_menu(user_id)["richMenu"]["richMenuId"] for user_id in before}
            errors = sim.api_errors()
        finally:
            running.stop()
    print(json.dumps({
        "benchmark": "richmenu_switch", "friends": args.friends, "limits": args.limits,
        "first_linking_seconds": round(setup_seconds, 2), "normal_seeing": normal,
        "switch_on": on, "switch_off": off,
        "everyone_on_disaster_menu": on["friends_seeing"] == {"disaster": args.friends},
        "restored_exactly": after == before and off["friends_seeing"] == normal,
        "line_api_errors": len(errors), "target_seconds": TARGET_SECONDS,
        "met": on["seconds_to_last_friend"] <= TARGET_SECONDS and off["friends_seeing"] == normal,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
