"""Prints the moments `.ci/test-on-other-days` runs the tests at, each with its shift from now in seconds.

A leap day, a date a year ahead, and one minute before midnight JST on a Sunday (the run crosses into Monday,
into a new ISO week).
"""

import time
from datetime import datetime, timedelta, timezone

JST = timezone(timedelta(hours=9))


def moments(now: datetime) -> list[datetime]:
    sunday = (now + timedelta(days=6 - now.weekday())).replace(hour=23, minute=59, second=0, microsecond=0)
    return [datetime(2028, 2, 29, 10, 0, tzinfo=JST), now + timedelta(days=365), sunday]


if __name__ == "__main__":
    real = time.time()
    for moment in moments(datetime.fromtimestamp(real, JST)):
        print(moment.isoformat(timespec="minutes"), round(moment.timestamp() - real))
