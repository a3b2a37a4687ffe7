"""Completeness and timeliness of the yearly reports of a year, per province and per region, counted by the
database over the reports the user may see (five queries whatever the number of regions).

    expected   reports of the year (one per expected region: monitoring.services.open_reporting)
    submitted  reports whose data is in: submitted or verified
    on_time    reports first submitted on or before the due instant (whatever their status since)
    verified   reports verified
    returned   reports returned for correction (by the verifier, or reopened by the secretariat)
    overdue    reports still draft or returned after the due instant
"""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from regions.models import Region

from .models import ReportingWindow, YearlyReport
from .services import open_reporting
from .transitions import today

FIGURES = ("expected", "submitted", "on_time", "verified", "returned", "overdue")
S = YearlyReport.Status


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    province: str
    expected: int
    submitted: int
    on_time: int
    verified: int
    returned: int
    overdue: int
    report: int | None = None   # a region's report of the year (its id); None on a province's row

    @property
    def figures(self):
        return {name: getattr(self, name) for name in FIGURES}

    @property
    def submitted_share(self):
        """Per cent of the expected reports submitted or verified (None: none expected)."""
        return share(self.submitted, self.expected)

    @property
    def verified_share(self):
        return share(self.verified, self.expected)


def share(part, whole):
    """`part` in per cent of `whole`, to one decimal (None when `whole` is 0): the one rounding of shares."""
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")) if whole else None


@dataclass(frozen=True)
class Completeness:
    year: int | None
    window: ReportingWindow | None
    provinces: list
    regions: list

    @property
    def total(self):
        return {name: sum(getattr(r, name) for r in self.provinces) for name in FIGURES}

    @property
    def total_row(self):
        return Row(code="", name="", province="", **self.total)

    def regions_of(self, province):
        """The rows of a province's own report and of its kabupaten/kota."""
        return [r for r in self.regions if r.province == province]


def default_year():
    """The latest year whose reporting window has opened (None: no window yet)."""
    return (ReportingWindow.objects.filter(opens__lte=today()).order_by("-year")
            .values_list("year", flat=True).first())


def _counts(window):
    overdue = timezone.now() > window.due_at
    return {
        "expected": Count("pk"),
        "submitted": Count("pk", filter=Q(status__in=YearlyReport.LOCKED)),
        "on_time": Count("pk", filter=Q(submitted_at__lte=window.due_at)),
        "verified": Count("pk", filter=Q(status=S.VERIFIED)),
        "returned": Count("pk", filter=Q(status=S.RETURNED)),
        "overdue": Count("pk", filter=Q(status__in=[S.DRAFT, S.RETURNED]) if overdue else Q(pk__in=[])),
    }


def completeness(reports, year):
    """The figures of `year` over `reports` (a YearlyReport queryset already scoped and filtered)."""
    open_reporting(year)
    window = ReportingWindow.objects.filter(year=year).first() if year else None
    if window is None:
        return Completeness(year, None, [], [])
    reports = reports.filter(window=window).order_by()
    counts = _counts(window)
    provinces = (reports.annotate(province_code=Coalesce("region__parent_id", "region_id"))
                 .values("province_code").annotate(**counts).order_by("province_code"))
    names = dict(Region.objects.filter(code__in=[p["province_code"] for p in provinces]).values_list("code", "name"))
    by_province = [Row(code=p["province_code"], name=names.get(p["province_code"], ""), province=p["province_code"],
                       **{f: p[f] for f in FIGURES}) for p in provinces]
    regions = (reports.values("region_id", "region__name", "region__parent_id").annotate(**counts, report=Max("pk"))
               .order_by("region_id"))
    by_region = [Row(code=r["region_id"], name=r["region__name"], province=r["region__parent_id"] or r["region_id"],
                     report=r["report"], **{f: r[f] for f in FIGURES}) for r in regions]
    return Completeness(year, window, by_province, by_region)
