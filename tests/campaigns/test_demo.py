"""The demo city's campaigns and the simulated crowd that makes its campaign table meaningful in `make run`."""

from __future__ import annotations

from campaigns import links
from campaigns.demo import install_demo_campaigns_if_absent
from campaigns.tally import campaign_table
from linesim import crowd
from segments.store import FollowerStore
from tests.campaigns.conftest import WEDNESDAY, WEEK_END, WEEK_START


def test_the_crowd_plan_mixes_coded_uncoded_and_organic_arrivals_the_same_way_every_time():
    arrivals = crowd.plan(["A", "B"], 200)
    assert arrivals == crowd.plan(["A", "B"], 200)
    coded = sum(arrival.sends_code for arrival in arrivals)
    uncoded = sum(arrival.link is not None and not arrival.sends_code for arrival in arrivals)
    organic = sum(arrival.link is None for arrival in arrivals)
    assert 90 < coded < 150 and 20 < uncoded < 60 and 20 < organic < 60
    assert all(arrival.sends_code for arrival in arrivals if arrival.registers)


def test_demo_campaigns_are_installed_once_around_the_first_day(citybot_services):
    installed = install_demo_campaigns_if_absent(citybot_services.redis, at=WEDNESDAY)
    assert len(installed) == 4 and sum(campaign.ended_by(WEDNESDAY.date()) for campaign in installed) == 1
    assert install_demo_campaigns_if_absent(citybot_services.redis, at=WEDNESDAY) == []


def test_a_crowd_through_linesim_fills_every_column_of_the_table(citybot_system, linesim, travel):
    services = citybot_system.services
    city = services.config.city
    with travel(WEDNESDAY, tick=True):
        running = [campaign for campaign in install_demo_campaigns_if_absent(services.redis, at=WEDNESDAY)
                   if campaign.running_on(WEDNESDAY.date())]
        short_links = [links.short_link(citybot_system.url, campaign.code) for campaign in running]
        arrivals = crowd.plan(short_links, 16)
        assert crowd.arrive(linesim, arrivals, district=city.districts[0], age=city.age_groups[2],
                            interest=city.interests[0]) == 16
        citybot_system.run_jobs()
    table = campaign_table(services.redis, WEEK_START, WEEK_END)
    totals = [sum(getattr(row.week, name) for row in table.rows) for name in ("scans", "friends", "registered")]
    assert totals == [sum(a.link is not None for a in arrivals), sum(a.sends_code for a in arrivals),
                      sum(a.registers for a in arrivals)]
    assert sum(row.week.estimated for row in table.rows) > 0
    assert FollowerStore(services.redis, city).count_consented() >= sum(a.registers for a in arrivals)
