"""Imported by every Python process the tests start (its folder is put first on PYTHONPATH by
`tests/clock.py`): the process reads the same pinned clock as the test that started it."""
import os

smartcity_traveller = None
_offset = os.environ.get("SMARTCITY_TEST_CLOCK_OFFSET")
if _offset is not None:
    try:
        import time

        import time_machine
    except ImportError:  # a Python without the test requirements (not ours): leave its clock alone
        pass
    else:
        smartcity_traveller = time_machine.travel(time.time() + float(_offset), tick=True)  # noqa: TID251
        smartcity_traveller.start()
        time.time()  # noqa: TID251 — time-machine ticks from the first reading: take it now, not seconds later
