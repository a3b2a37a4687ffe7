"""The yearly report's workflow in the domain: opening the year, missing programmes, each transition and
its refusals (which write nothing), the verifier rule, versions."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring import transitions
from monitoring.models import YearlyReport, YearlyReportEvent
from monitoring.querysets import missing_programmes
from monitoring.services import open_reporting
from smartcity.models import StaleVersion
from tests import clock
from tests.monitoring.conftest import complete, make_window, move

S = YearlyReport.Status
EXPECTED = {"34", "34.01", "34.02", "34.04", "34.71", "35.22", "33.18"}


def snapshot():
    return (list(YearlyReport.objects.order_by("pk").values()), YearlyReportEvent.objects.count(),
            YearlyReport.history.count())


def test_opening_a_year_creates_one_draft_report_per_expected_region_once(monitoring):
    reports = YearlyReport.objects.filter(window=monitoring.window)
    assert set(reports.values_list("region_id", flat=True)) == EXPECTED
    assert set(reports.values_list("status", flat=True)) == {S.DRAFT}
    assert open_reporting(monitoring.year) == 0
    assert reports.count() == len(EXPECTED)
    # Creation is in the audit trail.
    assert YearlyReport.history.filter(history_type="+").count() == len(EXPECTED)


def test_a_region_enrolled_after_the_year_is_not_expected(monitoring, world):
    from regions.models import Enrolment

    Enrolment.objects.filter(region_id="35.22").update(cohort_year=monitoring.year + 1)
    YearlyReport.objects.filter(window=monitoring.window, region_id="35.22").delete()
    assert open_reporting() == 0
    assert not YearlyReport.objects.filter(window=monitoring.window, region_id="35.22").exists()


def test_a_window_opening_later_creates_its_reports_on_its_day_not_before(monitoring):
    later = make_window(monitoring.year + 1, clock.today() + dt.timedelta(days=5), clock.today() + dt.timedelta(40))
    assert open_reporting(later.year) == 0
    assert not later.reports.exists()
    later.opens = clock.today()
    later.save()
    assert open_reporting() == len(EXPECTED)
    assert later.reports.count() == len(EXPECTED)


def test_missing_programmes_are_the_required_ones_without_an_update_this_year(monitoring, world):
    report = monitoring.report("34.02")
    assert [code for _pk, code, _name in missing_programmes([report])[report.pk]] == ["BTL-A", "BTL-B"]
    complete(monitoring, world)
    assert missing_programmes([report])[report.pk] == []


def test_region_staff_submit_a_complete_report_on_time(monitoring, world):
    complete(monitoring, world)
    report = transitions.submit_report(world.users["bantul"], monitoring.report("34.02"), 1)
    assert report.status == S.SUBMITTED and report.version == 2 and report.on_time is True
    event = report.events.get()
    assert (event.action, event.from_status, event.to_status, event.user) == (
        "submit", S.DRAFT, S.SUBMITTED, world.users["bantul"])
    assert report.history.first().history_change_reason == str(YearlyReportEvent.Action.SUBMIT.label)


def test_a_report_with_missing_programmes_is_not_submitted_and_nothing_is_written(monitoring, world):
    before = snapshot()
    with pytest.raises(transitions.Conflict) as refused:
        transitions.submit_report(world.users["bantul"], monitoring.report("34.02"), 1)
    assert [p["code"] for p in refused.value.details["missing_programmes"]] == ["BTL-A", "BTL-B"]
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["sleman", "diy", "admin", "kementerian", "penilai", "outsider"])
def test_only_the_regions_own_staff_submit_its_report(monitoring, world, persona):
    complete(monitoring, world)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        transitions.submit_report(world.users[persona], monitoring.report("34.02"), 1)
    assert snapshot() == before


def test_a_stale_or_missing_version_is_refused_and_nothing_is_written(monitoring, world):
    complete(monitoring, world)
    before = snapshot()
    with pytest.raises(StaleVersion):
        transitions.submit_report(world.users["bantul"], monitoring.report("34.02"), 7)
    with pytest.raises(ValidationError):
        transitions.submit_report(world.users["bantul"], monitoring.report("34.02"), None)
    assert snapshot() == before


def test_the_province_officer_verifies_a_submitted_report(monitoring, world):
    report = move(monitoring.report("34.02"), S.SUBMITTED, submitted_at=clock.now())
    report = transitions.verify_report(world.users["diy"], report, report.version)
    assert report.status == S.VERIFIED and report.verified_at is not None
    assert report.events.get().action == "verify"


@pytest.mark.parametrize("persona", ["bantul", "sleman", "admin", "kementerian", "penilai", "outsider"])
def test_nobody_but_the_province_officer_verifies_or_returns_a_report_of_diy(monitoring, world, persona):
    report = move(monitoring.report("34.02"), S.SUBMITTED, submitted_at=clock.now())
    before = snapshot()
    with pytest.raises(PermissionDenied):
        transitions.verify_report(world.users[persona], report, report.version)
    with pytest.raises(PermissionDenied):
        transitions.return_report(world.users[persona], report, report.version, "Perbaiki")
    assert snapshot() == before


def test_the_secretariat_verifies_where_the_province_has_no_officer(monitoring, world):
    report = move(monitoring.report("35.22"), S.SUBMITTED, submitted_at=clock.now())
    with pytest.raises(PermissionDenied):
        transitions.verify_report(world.users["diy"], report, report.version)
    report = transitions.verify_report(world.users["admin"], report, report.version)
    assert report.status == S.VERIFIED


def test_a_provinces_own_report_is_verified_by_the_secretariat_not_its_officer(monitoring, world):
    report = move(monitoring.report("34"), S.SUBMITTED, submitted_at=clock.now())
    with pytest.raises(PermissionDenied):
        transitions.verify_report(world.users["diy"], report, report.version)
    assert transitions.verify_report(world.users["admin"], report, report.version).status == S.VERIFIED


def test_a_province_officer_still_cannot_change_a_kabupatens_records(monitoring, world):
    from smartcity import policy

    diy = world.users["diy"]
    report = monitoring.report("34.02")
    assert policy.can(diy, policy.VERIFY, report)
    assert not policy.can(diy, policy.CHANGE, report)
    assert not policy.can(diy, policy.CHANGE, monitoring.programmes["BTL-A-required"])
    assert not policy.can(world.users["bantul"], policy.VERIFY, report)


def test_a_returned_report_carries_the_comment_and_is_resubmitted_keeping_its_first_submission(monitoring, world):
    complete(monitoring, world)
    bantul, diy = world.users["bantul"], world.users["diy"]
    report = transitions.submit_report(bantul, monitoring.report("34.02"), 1)
    first = report.submitted_at
    with pytest.raises(ValidationError):
        transitions.return_report(diy, report, report.version, "   ")
    report = transitions.return_report(diy, report, report.version, "Anggaran BTL-A belum diisi.")
    assert (report.status, report.comment) == (S.RETURNED, "Anggaran BTL-A belum diisi.")
    report = transitions.submit_report(bantul, report, report.version)
    assert report.status == S.SUBMITTED and report.submitted_at == first
    assert list(report.events.values_list("action", "comment")) == [
        ("submit", ""), ("return", "Anggaran BTL-A belum diisi."), ("submit", "")]


def test_a_draft_cannot_be_verified_nor_a_verified_one_submitted(monitoring, world):
    complete(monitoring, world)
    report = monitoring.report("34.02")
    with pytest.raises(transitions.Conflict):
        transitions.verify_report(world.users["diy"], report, report.version)
    report = move(report, S.VERIFIED, submitted_at=clock.now(), verified_at=clock.now())
    with pytest.raises(transitions.Conflict):
        transitions.submit_report(world.users["bantul"], report, report.version)


def test_the_secretariat_reopens_a_verified_report_with_a_reason(monitoring, world):
    report = move(monitoring.report("34.02"), S.VERIFIED, submitted_at=clock.now(), verified_at=clock.now())
    with pytest.raises(PermissionDenied):
        transitions.reopen_report(world.users["diy"], report, report.version, "Salah")
    with pytest.raises(ValidationError):
        transitions.reopen_report(world.users["admin"], report, report.version, "")
    report = transitions.reopen_report(world.users["admin"], report, report.version, "Data anggaran keliru.")
    assert (report.status, report.verified_at, report.comment) == (S.RETURNED, None, "Data anggaran keliru.")
    assert report.history.first().history_change_reason == "Data anggaran keliru."


def test_only_a_verified_report_is_reopened(monitoring, world):
    report = monitoring.report("34.02")
    with pytest.raises(transitions.Conflict):
        transitions.reopen_report(world.users["admin"], report, report.version, "Alasan")


def test_a_first_submission_after_the_due_date_is_late(monitoring, world):
    complete(monitoring, world)
    monitoring.window.due = clock.today() - dt.timedelta(days=1)
    monitoring.window.save()
    report = monitoring.report("34.02")
    assert report.is_overdue
    report = transitions.submit_report(world.users["bantul"], report, report.version)
    assert report.on_time is False


def test_due_is_the_end_of_the_due_date_in_jakarta(monitoring):
    due = monitoring.report("34.02").due_at
    assert due.isoformat().startswith(f"{monitoring.window.due.isoformat()}T23:59:59.999999+07:00")


def test_a_long_return_comment_is_kept_whole_and_the_audit_trail_takes_its_beginning(monitoring, world):
    complete(monitoring, world)
    report = transitions.submit_report(world.users["bantul"], monitoring.report("34.02"), 1)
    comment = "Realisasi anggaran tidak sesuai dengan DPA perubahan. " * 6  # over the audit trail's 100 characters
    report = transitions.return_report(world.users["diy"], report, report.version, comment)
    assert report.comment == comment.strip()
    assert report.history.first().history_change_reason == comment.strip()[:100]
