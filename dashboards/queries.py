"""The dashboard figures, national, per province and per region, as frozen view models.

Each function takes the user and the filters, never a request, so that the pages, the API, the
exports and the PDF national report read the very same figures. Everything is counted by the
database in a constant number of grouped queries (annotate/aggregate, a window function for the
ranked lists), whatever the number of regions, programmes or evaluations, and only over what the
policy lets the user see (Programme/Enrolment/Masterplan/Evaluation.objects.visible_to).

Programme figures follow the programme table (programmes.filtersets.ProgrammeFilterSet): the
current status of each programme (its latest update), of the programmes planned to run in the
chosen year, so that a number on the dashboard opens a table with the same number of rows.
With `data=verified` (Filters.data) the programme figures read each programme's status in the reporting
year as the region's verified yearly report saw it (monitoring.querysets.with_verified_status), over the
programmes of the regions whose report for that year is verified; by default they read the current
status, and the programmes whose status for the year is not yet verified are counted apart (`unverified`)
so that the pages can say how much of what they show is unchecked (StatusBasis).
Evaluation figures are those of the final evaluations of the chosen year's cycle (by default the
latest cycle with final results), compared with the year before; with a dimension chosen they
read that dimension's index instead of the overall index.
"""
from dataclasses import dataclass, field, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.db import connections
from django.db.models import Avg, Case, Count, DecimalField, F, Max, Min, Q, Subquery, Sum, Value, When, Window
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, RowNumber

from evaluations.index import improvement
from evaluations.models import Evaluation, default_predikat_thresholds
from evaluations.querysets import band_label, index_band_filters, previous_finals
from monitoring.completeness import share
from programmes.budget import ceiling, realisation, with_year_budget
from programmes.models import ConstraintCategory, Masterplan, Programme, ProgrammeUpdate, Term, UpdateStatus
from programmes.views.pages import status_count_expressions
from regions.models import Enrolment, Region, intake_label
from smartcity.dimensions import Dimension

TOP = 5            # regions in the best and the lowest lists
EXAMPLES = 3       # stalled programmes shown per constraint category
REGION_STALLED = 10
ACTIVE = (UpdateStatus.RUNNING, UpdateStatus.COMPLETED)
FINAL = Evaluation.Status.FINAL
INDEX = DecimalField(max_digits=3, decimal_places=2)


# --- filters -------------------------------------------------------------------------------------

VERIFIED = "verified"   # Filters.data: verified data only
FILTER_NAMES = ("year", "province", "cohort", "dimension", "data")


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    province: str | None = None
    cohort: int | None = None
    dimension: str | None = None
    data: str | None = None     # None: all data (the unverified share marked); "verified": verified data only

    @property
    def verified_only(self):
        return self.data == VERIFIED

    def params(self, **changes):
        """The filters as URL parameters (empty ones left out), with `changes` applied."""
        values = {**{k: getattr(self, k) for k in FILTER_NAMES}, **changes}
        return {k: v for k, v in values.items() if v not in (None, "")}

    def query(self, **changes):
        return urlencode(self.params(**changes))

    def without_province(self):
        return replace(self, province=None)


# --- view models ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StatusBasis:
    """Which status the programme figures read. `year`: the reporting year whose verification counts (the
    chosen year, else the latest whose reporting window has opened; None before any); `regions`: the regions
    whose yearly report for that year is verified."""

    year: int | None = None
    verified_only: bool = False
    regions: frozenset = frozenset()

    def programme_year(self, filters):
        """The year whose programmes are counted: the chosen one; with verified data, else the reporting year."""
        return filters.year or (self.year if self.verified_only else None)


def status_basis(filters):
    """The StatusBasis of the filters: two small queries at most (the reporting year, the verified regions)."""
    from monitoring.completeness import default_year
    from monitoring.models import YearlyReport

    year = filters.year or default_year()
    regions = frozenset(YearlyReport.objects.filter(window__year=year, status=YearlyReport.Status.VERIFIED)
                        .values_list("region_id", flat=True)) if year else frozenset()
    return StatusBasis(year=year, verified_only=filters.verified_only, regions=regions)


@dataclass(frozen=True)
class ProgrammeFigures:
    total: int = 0
    by_status: dict = field(default_factory=dict)  # {status value or "": count}; "" = no update yet
    stalled: int = 0
    quick_wins: int = 0
    quick_wins_active: int = 0
    budget_planned: Decimal = Decimal(0)
    budget_realised: Decimal = Decimal(0)
    # Programmes whose status for the reporting year is verified (their region's report is) and not yet
    # verified. With all data both are in `total`; with verified data only the verified ones are.
    verified: int = 0
    unverified: int = 0

    @property
    def unverified_share(self):
        """Per cent of the programmes whose status for the reporting year is not yet verified (None: none)."""
        return _share(self.unverified, self.verified + self.unverified)

    @property
    def progress(self):
        """Programmes running or completed: on track or done."""
        return sum(self.by_status.get(s, 0) for s in ACTIVE)

    @property
    def progress_share(self):
        """Per cent of the programmes running or completed (None without programmes)."""
        return _share(self.progress, self.total)

    @property
    def quick_win_share(self):
        """Share of quick wins running or completed, in per cent (None without quick wins)."""
        return _share(self.quick_wins_active, self.quick_wins)

    @property
    def budget_share(self):
        """Realised against the pagu of the same budget year (programmes.budget.realisation)."""
        return realisation(self.budget_realised, self.budget_planned)


@dataclass(frozen=True)
class DimensionRow:
    dimension: str
    label: str
    figures: ProgrammeFigures


@dataclass(frozen=True)
class StalledExample:
    programme_id: int
    code: str
    name: str
    region_code: str
    region_name: str
    constraint: str
    budget_planned: Decimal


@dataclass(frozen=True)
class ConstraintRow:
    category: str
    label: str
    count: int
    examples: tuple = ()


@dataclass(frozen=True)
class RankedRegion:
    evaluation_id: int
    region_code: str
    region_name: str
    province_code: str | None
    index: Decimal | None
    predikat: str
    rank: int | None
    previous: Decimal | None
    year: int | None = None

    @property
    def change(self):
        """The region's improvement: its score − the same score of its latest earlier final evaluation
        (evaluations.index.improvement, the one rule of pages, PDFs and the API)."""
        return improvement(self.index, self.previous)


@dataclass(frozen=True)
class EvaluationSummary:
    year: int | None
    previous_year: int | None
    count: int = 0
    average: Decimal | None = None
    previous_count: int = 0
    previous_average: Decimal | None = None
    distribution: tuple = ()   # ((predikat or index band, count), …) best first
    top: tuple = ()            # RankedRegion, best first
    bottom: tuple = ()         # RankedRegion, lowest first
    dimension: str | None = None
    # "predikat", or "index_band" where the cycle's instrument uses no predikat (five equal bands of 0.80).
    distribution_by: str = "predikat"

    @property
    def change(self):
        return _change(self.average, self.previous_average)


@dataclass(frozen=True)
class GroupRow:
    """One province (national dashboard) or one kabupaten/kota (province dashboard)."""

    code: str
    name: str
    kind: str
    enrolled: int
    cohort: int | None
    masterplans_legalised: int
    programmes: ProgrammeFigures
    evaluated: int
    average: Decimal | None
    previous_average: Decimal | None

    @property
    def change(self):
        return _change(self.average, self.previous_average)


@dataclass(frozen=True)
class Dashboard:
    filters: Filters
    province: Region | None       # the province the dashboard is about (None: national)
    group_level: str              # "province" or "region": what the rows of `groups` are
    enrolled: int
    cohorts: tuple                # ((cohort year, regions), …)
    masterplans: dict             # {status: count}
    regions_with_legalised: int
    programmes: ProgrammeFigures
    by_dimension: tuple           # DimensionRow, in the movement's order
    constraints: tuple            # ConstraintRow, most frequent first
    evaluation: EvaluationSummary
    groups: tuple                 # GroupRow
    basis: StatusBasis = StatusBasis()
    # The yearly reports of the reporting year (monitoring.completeness.Completeness; None before any year).
    completeness: object = None


@dataclass(frozen=True)
class YearPoint:
    year: int
    index: Decimal | None
    count: int = 1


@dataclass(frozen=True)
class Comparison:
    """An average over the evaluations the user may see, per cycle year."""

    label: str
    points: tuple                 # YearPoint
    dimension_indexes: dict       # {dimension: average} in the focus year
    aspect_indexes: dict

    def at(self, year):
        return next((p for p in self.points if p.year == year), None)


@dataclass(frozen=True)
class RegionDashboard:
    filters: Filters
    region: Region
    programmes: ProgrammeFigures
    by_dimension: tuple
    constraints: tuple            # ConstraintRow of the region (examples: its stalled programmes)
    evaluations: tuple            # RankedRegion per year, oldest first (the region's trend)
    years: tuple                  # cycle years of the trend
    focus: RankedRegion | None    # the evaluation of the chosen (or latest) year
    focus_year: int | None
    focus_dimension_indexes: dict
    focus_aspect_indexes: dict
    province_average: Comparison | None
    cohort_average: Comparison | None
    basis: StatusBasis = StatusBasis()

    @property
    def positions(self):
        """The focus year's index against each average: [{label, index, n, difference}]."""
        out = []
        for comparison in (self.province_average, self.cohort_average):
            point = comparison.at(self.focus_year) if comparison and self.focus else None
            if point is not None and point.count > 1:
                out.append({"label": comparison.label, "index": point.index, "n": point.count,
                            "difference": _change(self.focus.index, point.index)})
        return out


# --- helpers ------------------------------------------------------------------------------------

def _share(part, whole):
    return share(part or 0, whole)


def _change(now, before):
    if now is None or before is None:
        return None
    return (Decimal(now) - Decimal(before)).quantize(Decimal("0.01"))


def _avg(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


PROVINCE_OF_REGION = Coalesce("region__parent_id", "region_id")


def programme_aggregates():
    """The aggregates of ProgrammeFigures, for .aggregate() or .values(…).annotate()."""
    return {
        **status_count_expressions(),
        "quick_wins": Count("pk", filter=Q(term=Term.QUICK_WIN)),
        "quick_wins_active": Count("pk", filter=Q(term=Term.QUICK_WIN, current_status__in=ACTIVE)),
        # The pagu and realised amount of the year's budget row (programmes_for joins it, one row at most).
        "budget_planned_sum": Sum(ceiling("year_budget__")),
        "budget_realised_sum": Sum("year_budget__realised"),
    }


def _figures(row):
    row = row or {}
    by_status = {s: row.get(f"n_{s}") or 0 for s in UpdateStatus.values}
    by_status[""] = row.get("n_none") or 0
    return ProgrammeFigures(
        total=row.get("n_total") or 0, by_status=by_status, stalled=by_status[UpdateStatus.STALLED],
        quick_wins=row.get("quick_wins") or 0, quick_wins_active=row.get("quick_wins_active") or 0,
        budget_planned=row.get("budget_planned_sum") or Decimal(0),
        budget_realised=row.get("budget_realised_sum") or Decimal(0),
        verified=row.get("n_verified") or 0, unverified=row.get("n_unverified") or 0)


def score_expression(dimension=None):
    """The evaluation figure the dashboard reads: the overall index, or one dimension's index."""
    if dimension:
        return Cast(KeyTextTransform(dimension, "dimension_indexes"), INDEX)
    return F("index")


def programmes_for(user, filters, region=None, basis=None):
    year = basis.programme_year(filters) if basis else filters.year
    qs = Programme.objects.visible_to(user).order_by()
    if region is not None:
        qs = qs.filter(region=region)
    elif filters.province:
        qs = qs.in_province(filters.province)
    if filters.cohort and region is None:
        qs = qs.filter(region__enrolments__cohort_year=filters.cohort, region__enrolments__status="active")
    if filters.dimension:
        qs = qs.filter(dimension=filters.dimension)
    if year:
        qs = qs.running_in(year)
    # Budget figures: each programme's pagu and realised amount of the chosen year (of its current
    # update's year without one), from its budget row of that year: a LEFT JOIN on a unique key.
    return with_year_budget(qs, year)


def evaluations_for(user, filters):
    """Final evaluations the user may see, in the filters' province and cohort (every year)."""
    qs = Evaluation.objects.visible_to(user).filter(status=FINAL).order_by()
    if filters.province:
        qs = qs.in_province(filters.province)
    if filters.cohort:
        qs = qs.filter(region__enrolments__cohort_year=filters.cohort, region__enrolments__status="active")
    return qs


UNVERIFIED = "-unverified"  # the status bucket of programmes whose region's report is not verified


def _cube_rows(programmes, basis):
    """(region, dimension, [aggregate values… , n_verified, n_unverified]) per region and dimension.

    All data: the aggregates over the current status, one row per region and dimension; a region's
    programmes are verified or not as its report is. Verified data only: one row per region, dimension and
    verified status (one correlated lookup per programme, the same rule as with_verified_status), made into
    the same aggregates here; the programmes of unverified regions are counted as unverified only."""
    names = list(programme_aggregates())
    regions = basis.regions if basis else frozenset()
    marked = basis is not None and basis.year is not None
    if not (basis and basis.verified_only):
        for region_id, dimension, *values in _driver_rows(programmes.values_list("region_id", "dimension")
                                                          .annotate(**programme_aggregates())):
            total = values[names.index("n_total")] or 0
            verified = region_id in regions
            yield region_id, dimension, [*values, total if marked and verified else 0,
                                         total if marked and not verified else 0]
        return
    from monitoring.querysets import with_verified_status

    shown = Value(UNVERIFIED)
    if regions:
        shown = Case(When(region_id__in=sorted(regions), then=Coalesce("verified_status", Value(""))),
                     default=Value(UNVERIFIED))
    rows = with_verified_status(programmes, basis.year).annotate(shown=shown).values_list(
        "region_id", "dimension", "shown").annotate(
        n=Count("pk"), quick_wins=Count("pk", filter=Q(term=Term.QUICK_WIN)),
        budget_planned_sum=Sum(ceiling("year_budget__")), budget_realised_sum=Sum("year_budget__realised"))
    for region_id, dimension, status, n, quick_wins, planned, realised in _driver_rows(rows):
        if status == UNVERIFIED:
            yield region_id, dimension, [0] * len(names) + [0, n]
            continue
        cell = dict.fromkeys(names, 0)
        cell[f"n_{status}" if status else "n_none"] = n
        cell.update(n_total=n, quick_wins=quick_wins, quick_wins_active=quick_wins if status in ACTIVE else 0,
                    budget_planned_sum=planned or 0, budget_realised_sum=realised or 0)
        yield region_id, dimension, [cell[name] for name in names] + [n, 0]


def programme_cube(programmes, province_of=None, basis=None):
    """The programme figures in total, per dimension and per group (the region, or with `province_of`
    {region: province} the province), from one query grouped by region and dimension (see _cube_rows
    for `basis`).

    One pass over the programmes, grouped on their own columns (a hash aggregate with no join: at
    national scale 16,000 programmes); Python only adds up the database's subtotals, at most one per
    region and dimension, whatever the number of programmes.
    """
    names = [*programme_aggregates(), "n_verified", "n_unverified"]
    sums = [i for i, name in enumerate(names) if name.endswith("_sum")]
    by_dimension, by_group = {}, {}
    for region_id, dimension, values in _cube_rows(programmes, basis):
        values = [v or 0 for v in values]
        for i in sums:  # SQLite sums decimals as floats; PostgreSQL hands Decimals already
            if not isinstance(values[i], Decimal):
                values[i] = Decimal(str(values[i]))
        group = province_of.get(region_id, region_id) if province_of is not None else region_id
        for cells, key in ((by_dimension, dimension), (by_group, group)):
            cell = cells.get(key)
            cells[key] = values if cell is None else [a + b for a, b in zip(cell, values, strict=True)]
    totals = [sum(column) for column in zip(*by_dimension.values(), strict=True)] or [0] * len(names)

    def figures(cell):
        return _figures(dict(zip(names, cell, strict=True)) if cell else None)

    return (figures(totals),
            tuple(DimensionRow(value, label, figures(by_dimension.get(value))) for value, label in Dimension.choices),
            {group: figures(cell) for group, cell in by_group.items()})


def _driver_rows(queryset):
    """The rows of a values_list() queryset as the database driver returns them. The statement is the
    ORM's; only Django's per-value converters are skipped, which for the ~1,500 rows × 14 counts and
    sums of the national cube cost more CPU than the query itself (counts are ints either way)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _constraints(programmes, examples=EXAMPLES, basis=None):
    """Why programmes stall: the stalled programmes counted by constraint category, and per category
    the largest by planned budget as examples with their constraint. Two queries over the stalled
    programmes alone (the index on the current status), none joining the programmes to all updates:
    the examples are ranked by a window over each category, then read from their current updates.
    With verified data only: the programmes stalled as the verified reports saw them, and those updates."""
    if basis and basis.verified_only:
        from monitoring.querysets import with_verified_status

        if not basis.regions:
            return ()
        stalled = with_verified_status(programmes.filter(region_id__in=sorted(basis.regions)), basis.year,
                                       "constraint_category", "id").filter(verified_status=UpdateStatus.STALLED)
        category, update = F("verified_constraint_category"), "verified_id"
    else:
        stalled = programmes.filter(current_status=UpdateStatus.STALLED)
        category, update = F("current_constraint_category"), "current_update_id"
    counts = dict(stalled.values_list(category).annotate(n=Count("pk")))
    # The LIMIT (a true bound: a few examples per category) tells the planner how few rows come
    # back, so that it reads their updates by key instead of scanning every update.
    ranked = (stalled.annotate(rn=Window(RowNumber(), partition_by=[category],
                                         order_by=[F("budget_planned").desc(), F("pk").asc()]))
              .filter(rn__lte=examples).values(update)[:examples * (len(ConstraintCategory) + 1)])
    by_category = {}
    # The update's own category: the programme's current_constraint_category is its copy of the current one.
    for r in (ProgrammeUpdate.objects.filter(pk__in=ranked)
              .order_by("constraint_category", "-programme__budget_planned", "programme_id")
              .values("programme_id", "programme__code", "programme__name", "programme__region_id",
                      "programme__region__name", "programme__budget_planned", "constraint",
                      category=F("constraint_category"))):
        by_category.setdefault(r["category"], []).append(StalledExample(
            r["programme_id"], r["programme__code"], r["programme__name"], r["programme__region_id"],
            r["programme__region__name"], r["constraint"], r["programme__budget_planned"]))
    labels = dict(ConstraintCategory.choices)
    order = list(labels)
    rows = [ConstraintRow(category, str(labels.get(category, labels[ConstraintCategory.OTHER])), n,
                          tuple(by_category.get(category, ())))
            for category, n in counts.items()]
    return tuple(sorted(rows, key=lambda r: (-r.count, order.index(r.category) if r.category in order else 99)))


def _focus_year(evaluations, filters):
    if filters.year:
        return filters.year
    return evaluations.aggregate(y=Max("cycle__year"))["y"]


def _ranked(rows, dimension):
    return tuple(RankedRegion(r["pk"], r["region_id"], r["region__name"], r["region__parent_id"], _avg(r["score"]),
                              r["shown_predikat"], r["rank"], _avg(r["previous"]), r.get("cycle__year")) for r in rows)


# The predikat only where the cycle's instrument names one (the smart-city instrument does not).
SHOWN_PREDIKAT = Case(When(cycle__instrument__uses_predikat=True, then=F("predikat")), default=Value(""))


def _ranked_values(qs, user, dimension):
    """Each evaluation's score with `previous`: the same score of the region's latest earlier final evaluation
    the user may see, whatever its year (the improvement's reference, evaluations.querysets.previous_finals)."""
    previous = (previous_finals(base=Evaluation.objects.visible_to(user))
                .annotate(score=score_expression(dimension)).values("score")[:1])
    return qs.annotate(score=score_expression(dimension), previous=Subquery(previous, output_field=INDEX),
                       shown_predikat=SHOWN_PREDIKAT)


def evaluation_summary(user, filters):
    """The results of the year's final evaluations: counts, averages, predikat, best and lowest."""
    evaluations = evaluations_for(user, filters)
    year = _focus_year(evaluations, filters)
    if year is None:
        return EvaluationSummary(year=None, previous_year=None, dimension=filters.dimension)
    score = score_expression(filters.dimension)
    bands = index_band_filters("score")
    # The averages compare with the latest earlier cycle that has final evaluations here, whatever its year
    # (as a region's improvement does: a cycle may skip a year). One query: this year's row and the one before.
    per_year = list(evaluations.filter(cycle__year__lte=year).annotate(score=score).values("cycle__year").annotate(
        n=Count("pk", filter=Q(score__isnull=False)), avg=Avg("score"),
        **{f"band{i}": Count("pk", filter=q) for i, (_band, q) in enumerate(bands)}).order_by("-cycle__year")[:2])
    empty = {"n": 0, "avg": None, **{f"band{i}": 0 for i in range(len(bands))}}
    current = per_year[0] if per_year and per_year[0]["cycle__year"] == year else empty
    before = next((row for row in per_year if row["cycle__year"] < year), None)
    previous_year = before["cycle__year"] if before else None
    totals = {**current, "prev_n": before["n"] if before else 0, "prev_avg": before["avg"] if before else None}
    this_year = evaluations.filter(cycle__year=year)
    by_predikat = list(this_year.values_list("predikat", "cycle__instrument__uses_predikat").annotate(n=Count("pk")))
    counts = {p: n for p, _uses, n in by_predikat}
    if any(uses for _p, uses, _n in by_predikat):
        distribution_by = "predikat"
        order = [t["label"] for t in default_predikat_thresholds()]
        distribution = tuple((p, counts.get(p, 0)) for p in order) + tuple(
            (p, n) for p, n in counts.items() if p not in order)
    else:
        # The smart-city evaluation names no predikat: equal index bands, highest first.
        distribution_by = "index_band"
        distribution = tuple((band_label(band), totals[f"band{i}"]) for i, (band, _q) in reversed(list(enumerate(bands))))
    ranked = (_ranked_values(this_year, user, filters.dimension).filter(score__isnull=False)
              .annotate(best=Window(RowNumber(), order_by=[F("score").desc(), F("region_id").asc()]),
                        worst=Window(RowNumber(), order_by=[F("score").asc(), F("region_id").asc()]))
              .filter(Q(best__lte=TOP) | Q(worst__lte=TOP))
              .values("pk", "region_id", "region__name", "region__parent_id", "score", "shown_predikat", "rank",
                      "previous", "best", "worst"))
    ranked = list(ranked)
    top = _ranked(sorted((r for r in ranked if r["best"] <= TOP), key=lambda r: r["best"]), filters.dimension)
    # With few regions the two lists would overlap: a region in the best list is not also among the lowest.
    bottom = _ranked(sorted((r for r in ranked if r["worst"] <= TOP and r["best"] > TOP), key=lambda r: r["worst"]),
                     filters.dimension)
    return EvaluationSummary(
        year=year, previous_year=previous_year, count=totals["n"], average=_avg(totals["avg"]),
        previous_count=totals["prev_n"], previous_average=_avg(totals["prev_avg"]),
        distribution=distribution, top=top, bottom=bottom, dimension=filters.dimension,
        distribution_by=distribution_by)


# --- the national and the province dashboard ----------------------------------------------------------

def dashboard(user, filters):
    """The national dashboard (no province in the filters) or a province's (with one): the same
    figures, the rows of `groups` being provinces or the province's kabupaten/kota.

    The caller has asked the policy whether the user may open it (views.py, api.py); whatever the
    caller, nothing outside the user's view is counted. At most fourteen queries, whatever the data.
    """
    province = None
    if filters.province:
        province = Region.objects.filter(code=filters.province, kind=Region.Kind.PROVINCE).first()
    group_level = "region" if filters.province else "province"
    group_key = F("region_id") if filters.province else PROVINCE_OF_REGION

    basis = status_basis(filters)
    programmes = programmes_for(user, filters, basis=basis)
    province_of = None if filters.province else dict(
        Region.objects.filter(parent__isnull=False).values_list("code", "parent_id"))
    figures, by_dimension, by_group = programme_cube(programmes, province_of, basis)

    # Active enrolments only: a cancelled selection (Kota Depok 2018) is no participation.
    enrolments = Enrolment.objects.visible_to(user).active().order_by()
    if filters.province:
        enrolments = enrolments.filter(Q(region_id=filters.province) | Q(region__parent_id=filters.province))
    if filters.cohort:
        enrolments = enrolments.filter(cohort_year=filters.cohort)
    if filters.year:
        enrolments = enrolments.filter(cohort_year__lte=filters.year)
    cohorts = tuple(enrolments.values_list("cohort_year").annotate(n=Count("pk")).order_by("cohort_year"))
    # Regions, not enrolments: Sleman (2017) is in the 2021 intake too. The cohort is the first intake.
    enrolled_by_group = {r["group"]: r for r in enrolments.annotate(group=group_key).values("group")
                         .annotate(n=Count("region", distinct=True), cohort=Min("cohort_year"))}

    masterplans = Masterplan.objects.visible_to(user).order_by()
    if filters.province:
        masterplans = masterplans.in_province(filters.province)
    if filters.cohort:
        masterplans = masterplans.filter(region__enrolments__cohort_year=filters.cohort, region__enrolments__status="active")
    masterplan_counts = dict(masterplans.values_list("status").annotate(n=Count("pk")))
    legalised = masterplans.filter(status=Masterplan.Status.LEGALISED)
    regions_with_legalised = legalised.aggregate(n=Count("region", distinct=True))["n"]
    legalised_by_group = dict(legalised.annotate(group=group_key).values_list("group").annotate(n=Count("pk")))

    evaluation = evaluation_summary(user, filters)
    reporting = reporting_completeness(user, filters, basis.year)
    evaluated_by_group = {}
    if evaluation.year is not None:
        score = score_expression(filters.dimension)
        evaluated_by_group = {r["group"]: r for r in evaluations_for(user, filters)
                              .filter(cycle__year__in=[evaluation.year, evaluation.previous_year])
                              .annotate(group=group_key, score=score).values("group").annotate(
                                  n=Count("pk", filter=Q(cycle__year=evaluation.year, score__isnull=False)),
                                  avg=Avg("score", filter=Q(cycle__year=evaluation.year)),
                                  prev=Avg("score", filter=Q(cycle__year=evaluation.previous_year)))}

    regions = Region.objects.visible_to(user).order_by("code")
    # A province's own records (e.g. a smart province's programmes) are a row of its dashboard too.
    regions = regions.filter(Q(code=filters.province) | Q(parent_id=filters.province)) if filters.province \
        else regions.filter(kind=Region.Kind.PROVINCE)
    groups = []
    for code, name, kind in regions.values_list("code", "name", "kind"):
        enrolled = enrolled_by_group.get(code, {})
        evaluated = evaluated_by_group.get(code, {})
        groups.append(GroupRow(
            code=code, name=name, kind=kind, enrolled=enrolled.get("n", 0), cohort=enrolled.get("cohort"),
            masterplans_legalised=legalised_by_group.get(code, 0), programmes=by_group.get(code) or _figures(None),
            evaluated=evaluated.get("n", 0), average=_avg(evaluated.get("avg")),
            previous_average=_avg(evaluated.get("prev"))))

    return Dashboard(
        filters=filters, province=province, group_level=group_level,
        enrolled=sum(r["n"] for r in enrolled_by_group.values()), cohorts=cohorts,
        masterplans={s: masterplan_counts.get(s, 0) for s in Masterplan.Status.values},
        regions_with_legalised=regions_with_legalised, programmes=figures,
        by_dimension=by_dimension, constraints=_constraints(programmes, basis=basis),
        evaluation=evaluation, groups=tuple(groups), basis=basis, completeness=reporting)


def reporting_completeness(user, filters, year):
    """Completeness and timeliness of the yearly reports of `year` the user may see, in the filters'
    province: monitoring.completeness, the one count the API and the completeness pages read too (the
    cohort and dimension filters do not apply: every expected region reports on all its programmes)."""
    from monitoring.completeness import completeness
    from monitoring.models import YearlyReport

    if year is None:
        return None
    reports = YearlyReport.objects.visible_to(user)
    if filters.province:
        reports = reports.in_province(filters.province)
    return completeness(reports, year)


# --- the region dashboard ------------------------------------------------------------------------------

def _averages(evaluations, label, focus_year):
    """Averages per cycle year, and the dimension/aspect averages of the focus year: two queries."""
    points = tuple(YearPoint(r["cycle__year"], _avg(r["avg"]), r["n"]) for r in
                   evaluations.values("cycle__year").annotate(avg=Avg("index"), n=Count("pk")).order_by("cycle__year"))
    dims, aspects = {}, {}
    if focus_year is not None:
        from evaluations.models import Aspect

        exprs = {f"d_{d}": Avg(Cast(KeyTextTransform(d, "dimension_indexes"), INDEX)) for d in Dimension.values}
        exprs.update({f"a_{a}": Avg(Cast(KeyTextTransform(a, "aspect_indexes"), INDEX)) for a in Aspect.values})
        row = evaluations.filter(cycle__year=focus_year).aggregate(**exprs)
        dims = {d: _avg(row[f"d_{d}"]) for d in Dimension.values}
        aspects = {a: _avg(row[f"a_{a}"]) for a in Aspect.values}
    return Comparison(label=label, points=points, dimension_indexes=dims, aspect_indexes=aspects)


def region_dashboard(user, region, filters):
    """One region's own figures, its evaluation trend, and its position against the averages of its
    province and its cohort, those averages counting only evaluations the user may see (with fewer
    than two regions behind an average, it is left out). `region` is already known visible."""
    from django.utils.translation import gettext as _

    basis = status_basis(filters)
    programmes = programmes_for(user, filters, region=region, basis=basis)
    figures, by_dimension, _by_group = programme_cube(programmes, basis=basis)
    constraints = _constraints(programmes, examples=REGION_STALLED, basis=basis)

    own = Evaluation.objects.visible_to(user).filter(status=FINAL, region=region).order_by("cycle__year")
    rows = list(own.annotate(score=F("index"), previous=F("index"), shown_predikat=SHOWN_PREDIKAT).values(
        "pk", "region_id", "region__name", "region__parent_id", "score", "shown_predikat", "rank", "previous",
        "cycle__year", "dimension_indexes", "aspect_indexes"))
    trend, previous = [], None
    for r in rows:
        r["previous"] = previous  # the year before, in the row order the database gave (oldest first)
        previous = r["score"]
        trend.append(r)
    evaluations = _ranked(trend, None)
    years = tuple(r["cycle__year"] for r in trend)
    focus_year = filters.year if filters.year else (years[-1] if years else None)
    focus_row = next((r for r in trend if r["cycle__year"] == focus_year), None)
    focus = next((e for e, r in zip(evaluations, trend, strict=True) if r is focus_row), None)

    others = Evaluation.objects.visible_to(user).filter(status=FINAL).order_by()
    province_average = cohort_average = None
    province_code = region.parent_id
    if province_code:
        province_average = _comparison(others.in_province(province_code), focus_year,
                                       _("Province average"))
    cohort = region.first_cohort()
    if cohort:
        cohort_average = _comparison(others.filter(region__enrolments__cohort_year=cohort,
                                                   region__enrolments__status="active"), focus_year,
                                     _("Average of %(intake)s") % {"intake": intake_label(cohort)})
    return RegionDashboard(
        filters=filters, region=region, programmes=figures, by_dimension=by_dimension,
        constraints=constraints, evaluations=evaluations, years=years, focus=focus, focus_year=focus_year,
        focus_dimension_indexes=dict(focus_row["dimension_indexes"]) if focus_row else {},
        focus_aspect_indexes=dict(focus_row["aspect_indexes"]) if focus_row else {},
        province_average=province_average, cohort_average=cohort_average, basis=basis)


def _comparison(evaluations, focus_year, label):
    comparison = _averages(evaluations, label, focus_year)
    # An "average" of the region alone tells nothing and would look like a comparison.
    if not any(p.count > 1 for p in comparison.points):
        return None
    return comparison
