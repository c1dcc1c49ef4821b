from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

import pytest

from reports import opendata, snapshots
from reports.counters import count_event
from reports.disclosure import SUPPRESSED_NOTE, suppress_group
from tests.reports.helpers import CITY


@pytest.mark.parametrize("counts, total, hidden", [
    ({"a": 30, "b": 20, "c": 12}, 62, set()),
    ({"a": 30, "b": 9, "c": 12}, 51, {"b", "c"}),         # one small cell: the next smallest hides it
    ({"a": 30, "b": 9, "c": 3}, 42, {"b", "c"}),          # two small cells protect each other
    ({"a": 30, "b": 9}, None, {"b"}),                     # no published total: nothing to subtract from
    ({"a": 0, "b": 0}, 0, {"a", "b"}),
    ({"a": 5}, 5, {"a"}),
])
def test_small_cells_and_the_cells_that_would_reveal_them_are_hidden(counts, total, hidden):
    shown = suppress_group(counts, total)
    assert {name for name, value in shown.items() if value is None} == hidden
    assert all(shown[name] == counts[name] for name in counts if name not in hidden)


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def find(table, item, attribute="合計", value=""):
    return next(row for row in table if row[1:4] == [item, attribute, value])


def seed_october(redis):
    for n in range(25):
        count_event(redis, "follow", date(2026, 10, 1 + n % 28))
    for n in range(14):
        count_event(redis, "registration", date(2026, 10, 5), {"district": "中央" if n < 11 else "北部"})
    count_event(redis, "follow", date(2026, 11, 1))  # next month: not counted
    at = datetime(2026, 11, 1, tzinfo=timezone.utc)
    snapshots.store_insight(redis, date(2026, 10, 30), status="ready", followers=15_000, targeted_reaches=1,
                            blocks=2_000, fetched_at=at)
    snapshots.store_insight(redis, date(2026, 10, 31), status="ready", followers=15_020, targeted_reaches=1,
                            blocks=2_001, fetched_at=at)


def test_a_month_of_counts_becomes_an_open_data_csv(redis):
    seed_october(redis)
    table = rows(opendata.month_csv(redis, CITY, "2026-10"))
    assert table[0] == ["年月", "項目", "属性", "値", "件数", "注記"]
    assert all(row[0] == "2026-10" for row in table[1:])
    assert find(table, "友だち数 (月末、ブロックを除く)")[4] == "13019"
    assert find(table, "友だち追加")[4] == "25"
    assert find(table, "属性の登録")[4] == "14"
    assert find(table, "属性の登録", "地区", "中央")[4] == "11"
    assert find(table, "ブロック")[4:] == ["", SUPPRESSED_NOTE]


def test_small_cells_never_appear_in_the_open_data(redis):
    seed_october(redis)
    table = rows(opendata.month_csv(redis, CITY, "2026-10"))
    published = [int(row[4]) for row in table[1:] if row[4]]
    assert published and min(published) >= 10
    assert find(table, "属性の登録", "地区", "北部")[4:] == ["", SUPPRESSED_NOTE]
    assert [row[3] for row in table if row[1:3] == ["属性の登録", "地区"]] == list(CITY.districts)


def test_the_csv_is_written_under_the_given_folder(redis, tmp_path):
    path = opendata.write_month(redis, CITY, "2026-10", tmp_path / "opendata")
    assert path == tmp_path / "opendata" / "opendata-line-2026-10.csv"
    assert rows(path.read_text(encoding="utf-8"))[0][0] == "年月"


@pytest.mark.parametrize("text", ["2026/10", "202610", "2026-13", "Oct 2026"])
def test_months_must_be_written_yyyy_mm(text):
    with pytest.raises(ValueError):
        opendata.parse_month(text)
