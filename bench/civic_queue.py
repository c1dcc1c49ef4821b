"""The 市民通報 queue at 10,000 reports: server time of the console page (filters, table, every point for the
map, duplicate flags), measured in-process through Flask with a real Redis. Prints one JSON line.

    .venv/bin/python bench/civic_queue.py                  # 10,000 reports
    .venv/bin/python bench/civic_queue.py --reports 2000
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from admin import accounts  # noqa: E402
from app import create_app  # noqa: E402
from bench._servers import redis_server  # noqa: E402
from civic import store  # noqa: E402
from civic.dialog import Draft  # noqa: E402
from config import Config  # noqa: E402
from services import Services  # noqa: E402

TARGET_MS = 300.0
PASSWORD = "correct horse battery staple"
PAGES = ["/admin/civic", "/admin/civic?status=open", "/admin/civic?department=道路課&status=received",
         "/admin/civic?area=35.67,139.75,35.69,139.78", "/admin/civic?category=dumping"]


def seed(services: Services, count: int) -> None:
    chooser = random.Random(11)
    settings = services.config.civic
    (south, west), (north, east) = settings.boundary[2], settings.boundary[0]
    start = datetime(2026, 4, 1, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    for number in range(count):
        at = start + timedelta(minutes=37 * number)
        draft = Draft(store.new_report_id(), "confirm", chooser.choice(settings.categories).code, (),
                      chooser.uniform(south, north), chooser.uniform(west, east), "", "穴があります")
        report = store.submit(services.redis, f"U{number:032x}", draft, at)
        roll = chooser.random()
        if roll < 0.6:
            store.change_status(services.redis, report.report_id, "done" if roll < 0.5 else "in_progress",
                                public_comment="", reason="", actor="bench", at=at + timedelta(days=3))


def logged_in(app, redis):
    one_time = accounts.create(redis, "bench", ("approver",), actor="bench")
    accounts.change_password(redis, "bench", one_time, PASSWORD)
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/admin/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token})
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with redis_server() as redis_url, tempfile.TemporaryDirectory() as data_dir:
        config = Config.from_env({"REDIS_URL": redis_url, "CITYBOT_DATA_DIR": data_dir,
                                  "LINE_API_ENDPOINT": "http://127.0.0.1:9"}, dotenv=None)
        services = Services.from_config(config)
        seed(services, args.reports)
        client = logged_in(create_app(services=services), services.redis)
        gc.collect()
        gc.freeze()   # the seeding's objects are the benchmark's, not a web worker's: keep them out of GC passes
        timings: dict[str, list[float]] = {page: [] for page in PAGES}
        for _ in range(args.rounds):
            for page in PAGES:
                started = time.perf_counter()
                answer = client.get(page)
                timings[page].append((time.perf_counter() - started) * 1000)
                assert answer.status_code == 200, (page, answer.status_code)
        every = sorted(ms for values in timings.values() for ms in values)
        p95 = every[max(0, int(len(every) * 0.95) - 1)]
        print(json.dumps({"benchmark": "civic_queue", "reports": args.reports,
                          "median_ms": round(statistics.median(every), 1), "p95_ms": round(p95, 1),
                          "slowest_page": max(timings, key=lambda page: statistics.median(timings[page])),
                          "per_page_median_ms": {page: round(statistics.median(values), 1)
                                                 for page, values in timings.items()},
                          "target_ms": TARGET_MS, "meets_target": p95 <= TARGET_MS}, ensure_ascii=False))


if __name__ == "__main__":
    main()
