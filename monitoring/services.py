"""Verb-named operations of the yearly monitoring report that are not transitions: opening the year's
reports, and the lock the reports put on programme updates."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from regions.models import Enrolment

from .models import ReportingWindow, YearlyReport
from .transitions import today


def _missing(year, day, lock=False):
    """(window id, region code) of every expected region without its report, for the window of `year`
    (None: every window) that has opened by `day`. Expected: an active enrolment whose intake (cohort) year
    is at most the window's year. Three queries whatever the number of windows and regions, in the ORM so
    that the embedded SQLite default runs it as PostgreSQL does."""
    windows = ReportingWindow.objects.filter(opens__lte=day).order_by("pk")
    if year is not None:
        windows = windows.filter(year=year)
    if lock:
        windows = windows.select_for_update()
    windows = list(windows.values_list("pk", "year"))
    if not windows:
        return []
    intakes = {}  # region → its first active intake year
    for region_id, cohort_year in (Enrolment.objects.filter(status=Enrolment.Status.ACTIVE,
                                                           cohort_year__lte=max(y for _pk, y in windows))
                                   .values_list("region_id", "cohort_year")):
        intakes[region_id] = min(cohort_year, intakes.get(region_id, cohort_year))
    have = set(YearlyReport.objects.filter(window_id__in=[pk for pk, _y in windows])
               .values_list("window_id", "region_id"))
    return [(pk, region_id) for pk, window_year in windows for region_id, first in sorted(intakes.items())
            if first <= window_year and (pk, region_id) not in have]


def _any_missing(year, day):
    """Whether any opened window of `year` (None: every window) lacks the report of an expected region: one
    EXISTS statement that stops at the first, so the lazy call on every page read costs one query and reads
    no rows when nothing is missing (the usual case)."""
    has_report = YearlyReport.objects.filter(window=OuterRef(OuterRef("pk")), region=OuterRef("region"))
    unreported = Enrolment.objects.filter(status=Enrolment.Status.ACTIVE, cohort_year__lte=OuterRef("year"))
    windows = ReportingWindow.objects.filter(opens__lte=day)
    if year is not None:
        windows = windows.filter(year=year)
    return windows.filter(Exists(unreported.filter(~Exists(has_report)))).exists()


def open_reporting(year=None):
    """Create the draft report of every expected region for the window of `year` (None: every window) that
    has opened by today in Jakarta; idempotent, and the number created is returned.

    Called when a window is saved and, lazily, before any list, page or figure of the reports is read: a
    window whose opening date is still to come creates nothing when it is saved, and its reports appear at
    the first read on or after that day (as do those of a region enrolled later with an earlier intake
    year). When nothing is missing this costs one query; otherwise the windows are locked, so two requests
    opening the same year at once create each report once."""
    day = today()
    if year is not None and not 2000 <= year <= 2100:
        return 0
    if not _any_missing(year, day):
        return 0
    with transaction.atomic():
        rows = _missing(year, day, lock=True)
        reports = [YearlyReport(window_id=window_id, region_id=region_id) for window_id, region_id in rows]
        bulk_create_with_history(reports, YearlyReport, default_change_reason="Reporting window opened")
    return len(reports)


def ensure_updates_open(region_id, year):
    """Refuse (ValidationError on `year`) a programme update of a region and year whose yearly report is
    submitted or verified. The report row is locked whatever its status, so an update and a submission of
    the same report never cross: whichever comes second sees the other (the lock lasts the caller's
    transaction)."""
    if year is None:
        return
    report = (YearlyReport.objects.select_for_update(of=("self",)).select_related("window")
              .filter(region_id=region_id, window__year=year).first())
    if report is None or not report.is_locked:
        return
    if report.status == YearlyReport.Status.VERIFIED:
        message = _("The yearly report for %(year)s has been verified, so its programme updates are closed. "
                    "Ask the national secretariat to reopen the report to correct them.")
    else:
        message = _("The yearly report for %(year)s has been submitted for verification, so its programme "
                    "updates are closed until the verifier returns it.")
    raise ValidationError({"year": [message % {"year": year}]})


@transaction.atomic
def set_reporting_window(user, year, opens, due, window=None, expected_version=None):
    """The secretariat sets (or moves) the reporting window of a year; the year's reports then open as
    open_reporting says. A window's year does not change once set. Returns the window."""
    from django.core.exceptions import PermissionDenied

    from smartcity import policy
    from smartcity.models import StaleVersion

    if not policy.can(user, policy.MANAGE_REFERENCE):
        raise PermissionDenied(_("Only the national secretariat sets the reporting windows."))
    if window is None:
        window = ReportingWindow(year=year, opens=opens, due=due)
        window.full_clean()
    else:
        window = ReportingWindow.objects.select_for_update().get(pk=window.pk)
        if expected_version is None or int(expected_version) != window.version:
            raise StaleVersion(window.version)
        if (window.opens, window.due) == (opens, due):
            return window
        window.opens, window.due = opens, due
        window.full_clean(validate_unique=False)
        window.version += 1
    window._history_user = user
    window.save()
    open_reporting(window.year)
    return window
