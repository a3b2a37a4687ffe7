"""Verified data: a programme's status in year Y as the region's verified report saw it (the updates
posted before its verification), and nothing for a region whose report is not verified."""
import datetime as dt

from monitoring.models import YearlyReport
from monitoring.querysets import with_verified_status
from programmes.models import Programme, ProgrammeUpdate
from tests import clock
from tests.monitoring.conftest import complete, move, post


def test_verified_status_reads_only_the_updates_posted_before_the_verification(monitoring, world):
    year, bantul = monitoring.year, world.users["bantul"]
    ended = monitoring.programmes["BTL-E-ended"]
    post(bantul, ended, year - 1, status="running")
    complete(monitoring, world)
    post(world.users["sleman"], monitoring.programmes["SLM-A-required"], year)
    verified_at = clock.now()
    move(monitoring.report("34.02"), YearlyReport.Status.VERIFIED, submitted_at=verified_at, verified_at=verified_at)
    # After the verification: an earlier year's correction (that year is not locked).
    later = post(bantul, ended, year - 1, status="completed")
    ProgrammeUpdate.objects.filter(pk=later.pk).update(created_at=verified_at + dt.timedelta(minutes=5))
    statuses = dict(with_verified_status(Programme.objects.all(), year).values_list("code", "verified_status"))
    assert statuses["BTL-E"] == "running"
    assert statuses["BTL-A"] == "running"
    assert statuses["BTL-C"] == "completed"
    assert statuses["BTL-D"] is None  # no update of year ≤ Y
    assert statuses["SLM-A"] is None  # Sleman's report is not verified
    assert Programme.objects.get(code="BTL-E").current_status == "completed"
