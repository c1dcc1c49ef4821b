"""Redis and file I/O: one month's aggregate counts as a CSV for the city's open-data catalogue."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from redis import Redis

from reports import snapshots
from reports.disclosure import HEADER, month_rows
from segments.city import City


def parse_month(text: str) -> date:
    """The first day of a month written yyyy-mm; ValueError otherwise."""
    year, separator, month = text.strip().partition("-")
    if not (separator and len(year) == 4 and year.isdigit() and month.isdigit()):
        raise ValueError(f"{text!r} is not a month like 2026-10")
    return date(int(year), int(month), 1)


def month_csv(redis: Redis, city: City, month: str) -> str:
    """The month's published counts (UTF-8 with BOM, so Excel opens it as Japanese)."""
    first = parse_month(month)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    days = snapshots.read_days(redis, first, last)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(month_rows(f"{first:%Y-%m}", days, city.attribute_values()))
    return out.getvalue()


def write_month(redis: Redis, city: City, month: str, folder: Path) -> Path:
    """Write `opendata-line-{yyyy-mm}.csv` into `folder` and return its path."""
    text = month_csv(redis, city, month)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"opendata-line-{parse_month(month):%Y-%m}.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path
