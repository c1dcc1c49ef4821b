"""Starts every Python process of a shifted test run at another time: the faketime of `.ci/test-on-other-days`.

On PYTHONPATH only in those runs. `TEST_CLOCK_SHIFT_SECONDS` is the same number for every process (pytest,
linesim, `citybot run`, RQ workers), so they agree on the time to within their start-up delays, and the
clock ticks on from there. time-machine moves `time.time()`, `datetime.now()` and friends; `time.monotonic()`
(timeouts, rate limits) keeps real time. Without the variable this file does nothing.
"""

import os

_SHIFT = os.environ.get("TEST_CLOCK_SHIFT_SECONDS")
if _SHIFT:
    import time

    import time_machine

    time_machine.travel(time.time() + float(_SHIFT), tick=True).start()
