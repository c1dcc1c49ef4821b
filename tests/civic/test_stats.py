"""The weekly report's citizen-report figures."""

from __future__ import annotations

from datetime import date, timedelta

from civic import store
from civic.stats import weekly_rows
from reports import weekly
from reports.growth import IsoWeek
from tests.civic.helpers import AT, report


def test_received_closed_and_the_median_days_to_close_per_category(citybot_services):
    redis, config = citybot_services.redis, citybot_services.config
    quick = report(redis, at=AT)
    slow = report(redis, at=AT - timedelta(days=20))
    report(redis, category="light", at=AT)
    store.change_status(redis, quick.report_id, "done", public_comment="", reason="", actor="t",
                        at=AT + timedelta(days=2))
    store.change_status(redis, slow.report_id, "declined", public_comment="", reason="私有地のため", actor="t",
                        at=AT + timedelta(days=3))
    rows = {row.label: row for row in weekly_rows(store.all_reports(redis), config.civic,
                                                   date(2026, 11, 30), date(2026, 12, 6))}
    road, light = rows["道路の穴・破損"], rows["街灯・防犯灯の故障"]
    assert (road.received, road.closed, road.open_now) == (1, 2, 0)
    assert road.median_days_to_close == (2 + 23) / 2
    assert (light.received, light.closed, light.median_days_to_close, light.open_now) == (1, 0, None, 1)
    built = weekly.build(redis, config, IsoWeek.of(AT.date()), generated_at=AT)
    assert [row.received for row in built.civic][:2] == [1, 1]
