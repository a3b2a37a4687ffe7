"""The demo's yearly monitoring reports: a reporting window for the year the demo is loaded in, open since
thirty days and due in thirty, and in it one report in each state the roles act on (every date relative
to the day of loading, so the demo never goes stale; the comments and figures are invented):

- Kulon Progo: every required programme reported, submitted and verified by `diy`;
- Sleman: every required programme reported, submitted, waiting for `diy`;
- Bantul: submitted, then returned by `diy` with a comment; the region is to correct one programme's
  update and resubmit. (The report's state is `returned`: the workflow has no way back to `draft`, and
  `returned` is the region's working copy with the same buttons; its history holds the comment.)

Everything goes through the real services and transitions (programmes.services.post_update,
monitoring.transitions), so the events, versions and audit trail are as in use; the times are then moved
back to the days the story tells. Idempotent: a window for the year that exists is left alone.
"""
import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from programmes.models import Programme, ProgrammeUpdate, UpdateStatus
from programmes.services import post_update

from . import transitions
from .models import ReportingWindow, YearlyReport, YearlyReportEvent
from .querysets import missing_programmes
from .services import open_reporting
from .transitions import today

JAKARTA = ZoneInfo("Asia/Jakarta")

STAFF = {"34.01": "kulonprogo", "34.04": "sleman", "34.02": "bantul"}
RETURN_COMMENT = ("Realisasi anggaran {code} tidak sesuai dengan DPA perubahan; mohon diperbaiki dan laporan "
                  "dikirim ulang.")


def build():
    day = today()
    year = day.year
    if ReportingWindow.objects.filter(year=year).exists():
        return
    ReportingWindow.objects.create(year=year, opens=day - dt.timedelta(days=30), due=day + dt.timedelta(days=30))
    open_reporting(year)
    users = get_user_model().objects.in_bulk([*STAFF.values(), "diy"], field_name="username")
    reports = {r.region_id: r for r in YearlyReport.objects.filter(window__year=year, region_id__in=list(STAFF))}
    for code, username in STAFF.items():
        if code in reports:
            _report_every_programme(reports[code], users[username], day)
    at = _clock(day)
    if report := reports.get("34.01"):
        _submit(report, users["kulonprogo"], at(-20))
        _act(transitions.verify_report, report, users["diy"], at(-16))
    if report := reports.get("34.04"):
        _submit(report, users["sleman"], at(-3))
    if report := reports.get("34.02"):
        _submit(report, users["bantul"], at(-12))
        programme = Programme.objects.filter(region_id="34.02", updates__year=year).order_by("code").first()
        _act(transitions.return_report, report, users["diy"], at(-9),
             RETURN_COMMENT.format(code=programme.code if programme else ""))


def _clock(day):
    return lambda days: dt.datetime.combine(day + dt.timedelta(days=days), dt.time(10, 0), JAKARTA)


def _report_every_programme(report, author, day):
    """Post this year's update of every required programme the report misses, carrying the last one on."""
    missing = [pk for pk, _code, _name in missing_programmes([report])[report.pk]]
    programmes = Programme.objects.filter(pk__in=missing).select_related("current_update").order_by("code")
    posted = []
    for programme in programmes:
        last = programme.current_update
        status = last.status if last and last.status not in (UpdateStatus.COMPLETED, UpdateStatus.CANCELLED) \
            else UpdateStatus.RUNNING
        progress = min(95, (last.progress if last else 0) + (5 if status == UpdateStatus.STALLED else 15))
        data = {"year": report.window.year, "status": status, "progress": progress,
                "budget_realised": last.budget_realised if last else None,
                "constraint_category": last.constraint_category if last and status == UpdateStatus.STALLED else "",
                "constraint": last.constraint if last and status == UpdateStatus.STALLED else "",
                "next_steps": "Lanjutkan pelaksanaan sesuai rencana aksi tahunan.",
                "evidence_url": f"https://{programme.region_id.replace('.', '')}.demo.smartcity.go.id/bukti/"
                                f"{programme.code.lower()}-{report.window.year}"}
        posted.append(post_update(author, programme, data).pk)
    ProgrammeUpdate.objects.filter(pk__in=posted).update(
        created_at=dt.datetime.combine(day - dt.timedelta(days=25), dt.time(9, 30), JAKARTA))


def _submit(report, user, at):
    report = _act(transitions.submit_report, report, user, at)
    YearlyReport.objects.filter(pk=report.pk).update(submitted_at=at)


def _act(move, report, user, at, *texts):
    report.refresh_from_db()
    report = move(user, report, report.version, *texts)
    last = YearlyReportEvent.objects.filter(report=report).order_by("-id").first()
    YearlyReportEvent.objects.filter(pk=last.pk).update(at=at)
    if report.status == YearlyReport.Status.VERIFIED:
        YearlyReport.objects.filter(pk=report.pk).update(verified_at=at)
    return report
