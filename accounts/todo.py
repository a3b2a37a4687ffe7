"""The home page as a to-do list, per role: what is due for the user's region (and by when, in the region's own
time), what waits for the province officer, what the assessor has to score, and national completeness for the
ministry and the secretariat. Each part costs a fixed number of queries whatever the number of regions."""
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.timezones import zone_of
from smartcity import policy

JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class Task:
    """One thing to do: what, for which region, by when (in the region's zone), and where to do it."""

    title: str
    region: str
    url: str
    due_local: dt.datetime | None  # wall-clock time in the region's zone
    zone: str
    days_left: int | None
    overdue: bool
    status: str
    comment: str = ""


def _task(title, region, url, due_at, status, comment="", late=None):
    zone, tz = zone_of(region.code)
    local = due_at.astimezone(tz)
    now = timezone.now()
    days_left = (local.date() - now.astimezone(tz).date()).days
    # Naive, so that the template's date filter does not turn it back into Jakarta time.
    return Task(title=title, region=region.name, url=url, due_local=local.replace(tzinfo=None), zone=zone, days_left=days_left,
                overdue=now > due_at if late is None else late, status=status, comment=comment)


def region_tasks(codes):
    """Draft and returned yearly reports of open windows, and self-assessments and surveys of cycles in their
    self-assessment stage, of the given regions, soonest due first (two queries)."""
    from evaluations.models import Cycle, Evaluation
    from monitoring.models import YearlyReport
    from monitoring.services import open_reporting
    from monitoring.transitions import today

    open_reporting()  # a window that opened today has its reports before they are listed
    tasks = []
    reports = (YearlyReport.objects.for_list().filter(region_id__in=codes, window__opens__lte=today(),
                                                      status__in=[YearlyReport.Status.DRAFT,
                                                                  YearlyReport.Status.RETURNED]))
    for r in reports:
        tasks.append(_task(_("Yearly report %(year)s") % {"year": r.window.year}, r.region, r.get_absolute_url(),
                           r.due_at, r.get_status_display(), r.comment if r.status == r.Status.RETURNED else ""))
    evaluations = (Evaluation.objects.filter(region_id__in=codes, cycle__status=Cycle.Status.SELF_ASSESSMENT,
                                             status__in=[Evaluation.Status.NOT_STARTED,
                                                         Evaluation.Status.SELF_ASSESSMENT])
                   .select_related("cycle", "region"))
    for e in evaluations:
        due_at = dt.datetime.combine(e.cycle.self_assessment_end, dt.time.max, tzinfo=JAKARTA)
        tasks.append(_task(_("Self-assessment %(year)s") % {"year": e.cycle.year}, e.region,
                           reverse("evaluations:self_assessment", args=[e.pk]), due_at, e.get_status_display()))
        tasks.append(_task(_("Citizen survey %(year)s") % {"year": e.cycle.year}, e.region,
                           reverse("evaluations:survey", args=[e.pk]), due_at, e.get_status_display()))
    return sorted(tasks, key=lambda t: (t.due_local, t.region, t.title))


def province_overview(user, province):
    """The province's kabupaten/kota in one table for the latest opened year, and the reports waiting for the
    officer's verification."""
    from monitoring.completeness import completeness, default_year
    from monitoring.models import YearlyReport

    year = default_year()
    figures = completeness(policy.restrict(YearlyReport.objects.all(), user, policy.VIEW), year)
    rows = [r for r in figures.regions if r.province == province and r.code != province]
    waiting = list(YearlyReport.objects.for_list().filter(status=YearlyReport.Status.SUBMITTED)
                   .verifiable_by(user).order_by("region_id"))
    return {"year": year, "rows": rows, "waiting": waiting}


def assessor_tasks(user):
    """The assessor's evaluations in open cycles: stage, deadline, criteria scored of all, agreements recorded."""
    from evaluations.models import Agreement, Assignment, Criterion, Score

    scored = (Score.objects.filter(evaluation=OuterRef("evaluation"), assessor=user).order_by()
              .values("evaluation").annotate(n=Count("pk")).values("n"))
    criteria = (Criterion.objects.filter(instrument=OuterRef("evaluation__cycle__instrument")).order_by()
                .values("instrument").annotate(n=Count("pk")).values("n"))
    agreed = (Agreement.objects.filter(evaluation=OuterRef("evaluation")).order_by()
              .values("evaluation").annotate(n=Count("pk")).values("n"))
    from evaluations.models import Cycle

    # Open cycles only: an ended cycle (closed or published) is no one's work any more.
    return list(Assignment.objects.of_assessor(user).exclude(evaluation__cycle__status__in=[Cycle.Status.DRAFT,
                                                                                             *Cycle.ENDED])
                .select_related("evaluation__region__parent")
                .annotate(scored=Subquery(scored, output_field=IntegerField()),
                          criteria=Subquery(criteria, output_field=IntegerField()),
                          agreed=Subquery(agreed, output_field=IntegerField()))
                .order_by("evaluation__cycle__assessment_end", "evaluation__region_id"))


def national_overview(user):
    from monitoring.completeness import completeness, default_year
    from monitoring.models import YearlyReport

    year = default_year()
    figures = completeness(policy.restrict(YearlyReport.objects.all(), user, policy.VIEW), year)
    return {"year": year, "provinces": figures.provinces, "total": figures.total if figures.provinces else None}
