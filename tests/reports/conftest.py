"""Services for report jobs: the test Redis, linesim as LINE, two staff members who are linesim friends."""

from __future__ import annotations

import dataclasses

import pytest

import services as services_module
from services import Services


@pytest.fixture
def staff_ids(linesim) -> tuple[str, ...]:
    return tuple(linesim.create_users(2, follow=True))


@pytest.fixture
def report_config(citybot_config, staff_ids):
    return dataclasses.replace(citybot_config, staff_line_ids=staff_ids)


@pytest.fixture
def report_services(report_config, redis):
    """Installed for in-process jobs (services.current()); the `redis` fixture flushes around the test."""
    services = Services.from_config(report_config)
    services_module.install(services)
    yield services
    services_module.install(None)
    services.gateway.close()
