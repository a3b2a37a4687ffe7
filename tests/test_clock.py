"""The suite's one clock (tests/clock.py): this process, the processes it starts and the browser all read the
pinned instant, and it ticks on from there."""
import datetime as dt
import subprocess
import sys

from django.utils import timezone

from evaluations import transitions
from tests import clock

# The longest a whole run may take (CI stops at 90 minutes; a loaded machine took 65); the pinned clock
# ticks on from the pinned instant for that long at most.
RUN = dt.timedelta(hours=3)


def test_this_process_reads_the_pinned_instant_and_ticks_on():
    started = clock.pinned()
    now = timezone.now()  # noqa: TID251 — the portal's own reading of the clock is what is checked here
    assert started <= now <= started + RUN
    assert transitions.today() == clock.today()


def test_a_python_process_the_tests_start_reads_the_same_clock():
    code = "import datetime as dt; print(dt.datetime.now(dt.UTC).isoformat())"
    before = clock.now()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    after = clock.now()
    assert before - dt.timedelta(seconds=1) <= dt.datetime.fromisoformat(out.strip()) <= after + dt.timedelta(seconds=1)
