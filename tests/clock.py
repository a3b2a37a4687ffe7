"""The suite's one clock: every test, and every process the tests start, reads the same pinned "now".

`start()` (called from `pytest_configure`) moves this process to the pinned instant with time-machine and
lets it tick from there. The instant is `TEST_CLOCK` (ISO 8601 with an offset) or `DEFAULT`; run the whole
suite at another date with e.g. `TEST_CLOCK=2027-12-07T10:00:00+07:00 ./scripts/test.sh`.

Processes the tests start (xdist workers, the Celery worker, gunicorn, `python -c`) inherit two variables:
`SMARTCITY_TEST_CLOCK_OFFSET` (seconds between the pinned clock and the real one) and a `PYTHONPATH` entry
whose `sitecustomize` applies that offset before anything else runs, so they read the very same clock as the
test that started them. Browser pages get it through Playwright's clock (`tests/browser/conftest.py`).

Tests ask this module for dates (`now()`, `today()`); ruff's banned-api (TID251) refuses `date.today()`,
`datetime.now()` and `timezone.now()` / `timezone.localdate()` anywhere under `tests/` but here.
"""
import datetime as dt
import os
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine

JAKARTA = ZoneInfo("Asia/Jakarta")
# A working Monday morning in Jakarta, far from a year's or a month's edge: nothing should depend on it, and
# CI runs the date-sensitive tests once more at `SECOND_DATE`.
DEFAULT = "2026-10-12T10:00:00+07:00"
# Early on 1 January in Jakarta while it is still 31 December in UTC: the year and the day both turn here.
SECOND_DATE = "2027-01-01T06:30:00+07:00"
# The modules whose tests read today's date (windows, due dates, year defaults, report dates, demo loading):
# `./scripts/test.sh` runs them again at SECOND_DATE (marker `dates`).
DATE_SENSITIVE = (
    "tests/test_clock.py",
    "tests/evaluations/test_transitions.py",
    "tests/evaluations/test_api.py",
    "tests/evaluations/test_demo.py",
    "tests/evaluations/test_pages.py",
    "tests/dashboards/",
    "tests/reports/test_data.py",
    "tests/reports/test_api.py",
    "tests/reports/test_in_flight.py",
    "tests/programmes/test_export.py",
    "tests/programmes/test_current_status.py",
    "tests/monitoring/",
    "tests/notifications/",
)
ENV = "TEST_CLOCK"
OFFSET_ENV = "SMARTCITY_TEST_CLOCK_OFFSET"
SITE_DIR = str(Path(__file__).with_name("clock_site"))

_traveller = None


def pinned():
    """The instant the suite starts at, from `TEST_CLOCK` or the default; a bad value stops the run."""
    raw = os.environ.get(ENV) or DEFAULT
    try:
        instant = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise SystemExit(f"{ENV}={raw!r} is not an ISO 8601 date and time (e.g. 2027-12-07T10:00:00+07:00)")
    if instant.tzinfo is None:
        raise SystemExit(f"{ENV}={raw!r} needs a UTC offset (e.g. +07:00)")
    return instant


def start():
    """Pin this process's clock (once) and hand the same clock to every process it starts."""
    global _traveller
    if _traveller is not None:
        return
    already = sys.modules.get("sitecustomize")
    if getattr(already, "smartcity_traveller", None) is not None:  # a child: its sitecustomize pinned it
        _traveller = already.smartcity_traveller
        return
    offset = os.environ.get(OFFSET_ENV)
    if offset is None:
        offset = pinned().timestamp() - time.time()  # the real clock, before travelling
        os.environ[OFFSET_ENV] = repr(offset)
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if SITE_DIR not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([SITE_DIR, *filter(None, paths)])
    _traveller = time_machine.travel(time.time() + float(offset), tick=True)
    _traveller.start()
    time.time()  # time-machine starts ticking at the first reading, not at start(): read it now


def now():
    """Now, as an aware datetime in Asia/Jakarta (the portal's calendar)."""
    return dt.datetime.now(JAKARTA)  # noqa: TID251 — the one place that reads the clock


def today():
    """Today in Asia/Jakarta, the calendar every window and year in the portal is read in."""
    return now().date()


def year():
    return today().year


def at(*args, **kwargs):
    """A datetime in Asia/Jakarta, e.g. `at(2026, 11, 23, 6, 30)`."""
    return dt.datetime(*args, **kwargs, tzinfo=JAKARTA)
