"""The data stage of every report: gather what a report shows into frozen view models, in a constant
number of queries, with every label already in the report's language. Nothing here renders; the
template stage reads only these objects, and the fingerprint of a report is the hash of them.

The final level of a criterion and the index figures come from evaluations.results (never
re-computed here); a final evaluation's published figures are the stored ones.
"""
import dataclasses
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    F,
    Q,
    Subquery,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _

from evaluations import results as evaluation_results
from evaluations.facts import NO_UPDATE_LABEL, implementation_facts
from evaluations.index import improvement, level_reached, round2
from evaluations.models import Aspect, Criterion, Cycle, Evaluation, Interview, SelfAssessment
from evaluations.querysets import band_counts, band_label, previous_finals
from evaluations.results import criterion_scores, results_of
from programmes.budget import realisation
from programmes.models import ConstraintCategory, Programme, UpdateStatus
from regions.models import Enrolment
from smartcity import policy
from smartcity.dimensions import Dimension

# Bump when the layout changes what a report shows: every stored PDF then counts as out of date.
FORMAT_VERSION = 4
NO_UPDATE = ""


def _dec(value):
    return None if value is None else Decimal(str(value))


# --- view models ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """One labelled value of a chart or table (an aspect, a dimension, a province, a predikat…)."""

    key: str
    label: str
    value: Decimal | None
    count: int | None = None


@dataclass(frozen=True)
class CriterionRow:
    code: str
    question: str
    aspect: str
    aspect_label: str
    dimension: str
    dimension_label: str
    weight: Decimal
    self_level: int | None
    final_level: Decimal | None
    level_reached: int | None
    descriptor: str
    agreed: bool


@dataclass(frozen=True)
class InterviewRow:
    """A presentation and interview with the assessors (evaluations.Interview), as the report prints it."""

    date: object
    mode_label: str
    venue: str
    attendees: str
    notes: str


@dataclass(frozen=True)
class ProgrammeRow:
    code: str
    name: str
    term_label: str
    opd: str
    status: str
    status_label: str
    progress: int | None
    budget_planned: Decimal
    budget_realised: Decimal | None
    constraint_label: str = ""
    constraint: str = ""
    next_steps: str = ""


@dataclass(frozen=True)
class DimensionProgrammes:
    key: str
    label: str
    programmes: tuple[ProgrammeRow, ...]


@dataclass(frozen=True)
class CriterionGroup:
    """The criteria of one aspect, in the instrument's order, with the aspect's index."""

    aspect: Figure
    criteria: tuple[CriterionRow, ...]


@dataclass(frozen=True)
class DimensionCriteria:
    """A dimension's index and the codes of the criteria whose final levels make it."""

    dimension: Figure
    codes: tuple[str, ...]


@dataclass(frozen=True)
class StatusGroup:
    key: str
    label: str
    programmes: tuple[ProgrammeRow, ...]


@dataclass(frozen=True)
class DimensionCounts:
    """One dimension in the annex: its programmes per status (counts in Annex.status_counts' order, and the
    programmes themselves grouped by status in the same order, empty statuses left out)."""

    label: str
    counts: tuple[int, ...]
    by_status: tuple[StatusGroup, ...]

    @property
    def total(self):
        return sum(self.counts)


@dataclass(frozen=True)
class Annex:
    year: int
    by_dimension: tuple[DimensionProgrammes, ...]
    status_counts: tuple[Figure, ...]
    quick_wins: tuple[Figure, ...]
    stalled: tuple[ProgrammeRow, ...]
    budget_planned: Decimal
    budget_realised: Decimal

    @property
    def programme_count(self):
        return sum(len(d.programmes) for d in self.by_dimension)

    @property
    def status_table(self):
        """[(label, programmes, quick wins)] per status, for the annex table."""
        return [(s.label, s.count, q.count) for s, q in zip(self.status_counts, self.quick_wins, strict=True)]

    @property
    def dimension_table(self):
        """Per dimension with programmes, its programmes by status (the columns of status_counts). Grouped from
        the programme rows the data stage fetched anyway: no query of its own."""
        table = []
        for d in self.by_dimension:
            groups = [StatusGroup(s.key, s.label, tuple(p for p in d.programmes if p.status == s.key))
                      for s in self.status_counts]
            table.append(DimensionCounts(d.label, tuple(len(g.programmes) for g in groups),
                                         tuple(g for g in groups if g.programmes)))
        return tuple(table)

    @property
    def quick_win_count(self):
        return sum(q.count for q in self.quick_wins)

    @property
    def realisation(self):
        """Realised against the pagu of the year (programmes.budget.realisation), None without a pagu."""
        return realisation(self.budget_realised, self.budget_planned)


@dataclass(frozen=True)
class EvaluationReportData:
    evaluation_id: int
    region_code: str
    region_name: str
    province_name: str
    year: int
    cycle_name: str
    status: str
    status_label: str
    draft: bool
    shows_scores: bool
    shows_answers: bool
    index: Decimal | None
    predikat: str
    rank: int | None
    ranked_count: int
    previous_year: int | None
    previous_index: Decimal | None
    aspects: tuple[Figure, ...]
    dimensions: tuple[Figure, ...]
    criteria: tuple[CriterionRow, ...]
    # As the movement publishes results: improvement, ranks among the cycle's published evaluations, the letter.
    improvement: Decimal | None = None
    published: bool = False
    rank_province: int | None = None
    rank_national: int | None = None
    published_in_province: int = 0
    published_nationally: int = 0
    letter_number: str = ""
    letter_date: object = None
    uses_predikat: bool = True
    assessors: tuple[str, ...] = ()
    strengths: str = ""
    weaknesses: str = ""
    recommendations: str = ""
    annex: Annex = None
    interviews: tuple = ()   # (InterviewRow, …): the presentation and interview with the assessors

    @property
    def change(self):
        return self.improvement

    @property
    def has_final_levels(self):
        """Whether any criterion shows a final level (not before the assessors scored, nor when they are hidden)."""
        return any(c.final_level is not None for c in self.criteria)

    @property
    def criteria_by_aspect(self):
        """The criteria grouped by aspect (consecutive runs in the instrument's order), each with its aspect's index."""
        aspects = {a.key: a for a in self.aspects}
        groups = []
        for row in self.criteria:
            if not groups or groups[-1][0].key != row.aspect:
                groups.append((aspects.get(row.aspect) or Figure(row.aspect, row.aspect_label, None), []))
            groups[-1][1].append(row)
        return tuple(CriterionGroup(aspect, tuple(rows)) for aspect, rows in groups)

    @property
    def criteria_by_dimension(self):
        """Each dimension with the codes of the criteria that name it."""
        return tuple(DimensionCriteria(d, tuple(c.code for c in self.criteria if c.dimension == d.key))
                     for d in self.dimensions)


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    region_code: str
    region_name: str
    province_name: str
    index: Decimal | None
    predikat: str
    previous_index: Decimal | None
    published_improvement: Decimal | None = None
    published: bool = False

    @property
    def change(self):
        """The published improvement once the cycle is published (the letter's figure), else computed."""
        if self.published:
            return self.published_improvement
        return improvement(self.index, self.previous_index)


@dataclass(frozen=True)
class NationalReportData:
    year: int
    cycle_name: str
    cycle_status: str
    cycle_status_label: str
    draft: bool
    evaluation_count: int
    final_count: int
    enrolled_count: int
    average_index: Decimal | None
    previous_average_index: Decimal | None
    best: RankingRow | None
    programme_count: int
    stalled_count: int
    ranking: tuple[RankingRow, ...]
    provinces: tuple[Figure, ...]
    predikat: tuple[Figure, ...]  # or the equal index bands where the instrument uses no predikat
    dimensions: tuple[Figure, ...]
    constraints: tuple[Figure, ...]
    statuses: tuple[Figure, ...]
    uses_predikat: bool = True


def fingerprint(data):
    """The hash of everything a report shows (its view model) and of the layout version."""
    payload = json.dumps({"format": FORMAT_VERSION, "type": type(data).__name__, "data": dataclasses.asdict(data)},
                         sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


# --- the region's evaluation report --------------------------------------------------------------------

def _previous_final(region_id, year):
    """The region's latest earlier final evaluation, whatever its year (the improvement's reference)."""
    return previous_finals(region_id, year)


def evaluation_for_report(pk):
    """The evaluation with everything the report reads beside its scores (one query, one prefetch)."""
    return (Evaluation.objects.select_related("cycle", "cycle__instrument", "region", "region__parent")
            .prefetch_related("assignments__assessor").get(pk=pk))


def evaluation_report_data(evaluation, shows_scores=True, shows_answers=True):
    """The EvaluationReportData of `evaluation` (from evaluation_for_report). A draft shows the assessors'
    levels and the provisional index only when `shows_scores` (the requester may read them)."""
    cycle = evaluation.cycle
    final = evaluation.is_final
    draft = not final
    shows_scores = shows_scores or final
    scores = criterion_scores([evaluation])[evaluation.pk]
    results = results_of(evaluation, scores)
    agreed = {c.criterion_id for c in scores if c.agreed is not None}
    answers = {}
    if shows_answers:
        answers = dict(SelfAssessment.objects.filter(evaluation=evaluation).order_by()
                       .values_list("criterion_id", "level"))
    aspect_labels = dict(Aspect.choices)
    previous = evaluation_results.previous_final(evaluation)
    criteria = []
    for c in Criterion.objects.filter(instrument_id=cycle.instrument_id).order_by("position", "code"):
        # After the region's first evaluation its Baseline is scored on improvement (Criterion.frame).
        c.frame(previous is not None)
        level = results.criterion_levels.get(c.pk) if shows_scores else None
        reached = level_reached(level)
        criteria.append(CriterionRow(
            code=c.code, question=c.shown_question, aspect=c.aspect, aspect_label=str(aspect_labels.get(c.aspect, c.aspect)),
            dimension=c.dimension, dimension_label=c.get_dimension_display() if c.dimension else "", weight=c.weight,
            self_level=answers.get(c.pk), final_level=level, level_reached=reached,
            descriptor=c.descriptors[reached - 1] if reached else "", agreed=c.pk in agreed and shows_scores))
    if final:
        index, predikat = evaluation.index, evaluation.predikat
        aspect_values = {k: _dec(v) for k, v in evaluation.aspect_indexes.items()}
        dimension_values = {k: _dec(v) for k, v in evaluation.dimension_indexes.items()}
    elif shows_scores:
        index, predikat = results.index, results.predikat
        aspect_values, dimension_values = results.aspect_indexes, results.dimension_indexes
    else:
        index, predikat, aspect_values, dimension_values = None, "", {}, {}
    region = evaluation.region
    public = policy.public_evaluations_q()
    counts = Evaluation.objects.filter(cycle=cycle).aggregate(
        ranked=Count("pk", filter=Q(rank__isnull=False)), national=Count("pk", filter=public),
        province=Count("pk", filter=public & (Q(region__parent_id=region.parent_id) if region.parent_id
                                             else Q(region__parent__isnull=True))))
    ranked_count = counts["ranked"]
    # The one improvement rule (evaluations.results.improvement_of), fed the previous index just read.
    evaluation.previous_index = previous.index if previous else None
    published = policy.is_public(evaluation)
    uses_predikat = cycle.instrument.uses_predikat
    lead = _("lead")
    return EvaluationReportData(
        evaluation_id=evaluation.pk, region_code=region.code, region_name=region.name,
        province_name=region.parent.name if region.parent_id else region.name,
        year=cycle.year, cycle_name=str(cycle), status=evaluation.status,
        status_label=str(evaluation.get_status_display()), draft=draft, shows_scores=shows_scores,
        shows_answers=shows_answers, index=index, predikat=predikat if uses_predikat else "",
        rank=evaluation.rank if final else None, ranked_count=ranked_count,
        previous_year=previous.cycle.year if previous else None,
        previous_index=previous.index if previous else None,
        improvement=evaluation_results.improvement_of(evaluation) if final
        else improvement(index, evaluation.previous_index),
        published=published, rank_province=evaluation.rank_province if published else None,
        rank_national=evaluation.rank_national if published else None,
        published_in_province=counts["province"], published_nationally=counts["national"],
        letter_number=cycle.letter_number if published else "", letter_date=cycle.letter_date if published else None,
        uses_predikat=uses_predikat,
        aspects=tuple(Figure(key, str(label), aspect_values.get(key)) for key, label in Aspect.choices),
        dimensions=tuple(Figure(key, str(label), dimension_values.get(key)) for key, label in Dimension.choices),
        criteria=tuple(criteria),
        assessors=tuple((a.assessor.get_full_name() or a.assessor.username) + (f" ({lead})" if a.is_lead else "")
                        for a in sorted(evaluation.assignments.all(), key=lambda a: (not a.is_lead, a.assessor.username))),
        strengths=evaluation.strengths, weaknesses=evaluation.weaknesses,
        recommendations=evaluation.recommendations,
        annex=implementation_annex(region, cycle.year),
        interviews=tuple(InterviewRow(date=i.date, mode_label=str(i.get_mode_display()), venue=i.venue,
                                      attendees=i.attendees, notes=i.notes)
                         for i in Interview.objects.filter(evaluation=evaluation).order_by("date", "id")),
    )


def _status_figures(counts, choices):
    return tuple(Figure(value, str(label), None, counts.get(value, 0)) for value, label in choices)


def implementation_annex(region, year):
    """The region's programmes that had started by `year`, by dimension, each with its status as it stood
    then (its latest update of a year ≤ `year`); beside them the implementation facts the assessors saw
    (evaluations.facts: statuses, quick wins, stalled programmes and their constraints, budget)."""
    facts = implementation_facts(region, year)
    rows = (Programme.objects.filter(region=region).status_in_year(year, "progress").select_related("opd")
            .order_by("dimension", "code", "pk"))
    status_labels = dict(UpdateStatus.choices)
    by_dimension = {key: [] for key in Dimension.values}
    for p in rows:
        by_dimension[p.dimension].append(ProgrammeRow(
            code=p.code, name=p.name, term_label=str(p.get_term_display()), opd=p.opd.acronym if p.opd else "",
            status=p.status_then, status_label=str(status_labels.get(p.status_then) or NO_UPDATE_LABEL),
            progress=p.progress_then, budget_planned=p.budget_planned, budget_realised=None))
    return Annex(
        year=year,
        by_dimension=tuple(DimensionProgrammes(key, str(label), tuple(by_dimension[key]))
                           for key, label in Dimension.choices if by_dimension[key]),
        status_counts=tuple(Figure(value, str(label), None, n) for value, label, n in facts.status_counts),
        quick_wins=tuple(Figure(value, str(label), None, n) for value, label, n in facts.quick_wins),
        stalled=tuple(ProgrammeRow(
            code=s.code, name=s.name, term_label=s.term_label, opd=s.opd, status=UpdateStatus.STALLED,
            status_label=str(status_labels[UpdateStatus.STALLED]), progress=None, budget_planned=Decimal(0),
            budget_realised=None, constraint_label=str(s.constraint_label), constraint=s.constraint,
            next_steps=s.next_steps) for s in facts.stalled),
        budget_planned=facts.budget_planned, budget_realised=facts.budget_realised)


# --- the national summary ----------------------------------------------------------------------------

def national_report_data(year):
    """The NationalReportData of the cycle of `year` (Cycle.DoesNotExist if there is none)."""
    cycle = Cycle.objects.select_related("instrument").get(year=year)
    uses_predikat = cycle.instrument.uses_predikat
    evaluations = Evaluation.objects.filter(cycle=cycle)
    finals = evaluations.filter(status=Evaluation.Status.FINAL, index__isnull=False)
    is_final = Q(status=Evaluation.Status.FINAL, index__isnull=False)
    counts = evaluations.aggregate(total=Count("pk"), final=Count("pk", filter=is_final),
                                   average=Avg("index", filter=is_final))
    previous_index = Subquery(_previous_final("region_id", "cycle__year").values("index")[:1])
    # Once published, the ranks and improvements are the letter's (fixed at publication); before, the
    # ranking of the final indexes and the improvement over the region's latest earlier final index.
    ranking = tuple(
        RankingRow(rank=e["rank_national"] if e["published_at"] else e["rank"], region_code=e["region_id"],
                   region_name=e["region__name"], province_name=e["region__parent__name"] or e["region__name"],
                   index=e["index"], predikat=e["predikat"] if uses_predikat else "", previous_index=e["previous"],
                   published_improvement=e["improvement"], published=e["published_at"] is not None)
        for e in finals.annotate(previous=previous_index).order_by(F("rank").asc(nulls_last=True), "-index",
                                                                      "region__name")
        .values("rank", "rank_national", "published_at", "improvement", "region_id", "region__name",
                "region__parent__name", "index", "predikat", "previous"))
    previous_cycle = Cycle.objects.filter(year__lt=year).order_by("-year").values("pk").first()
    previous_average = None
    if previous_cycle:
        previous_average = Evaluation.objects.filter(cycle_id=previous_cycle["pk"], status=Evaluation.Status.FINAL,
                                                     index__isnull=False).aggregate(a=Avg("index"))["a"]
    # Provinces: a kabupaten/kota counts in its province; a smart province in itself.
    provinces = tuple(
        Figure(row["code"], row["name"], _round(row["average"]), row["n"])
        for row in finals.annotate(code=Coalesce("region__parent_id", "region_id"),
                                   name=Coalesce("region__parent__name", "region__name"))
        .order_by().values("code", "name").annotate(average=Avg("index"), n=Count("pk"))
        .order_by("-average", "name"))
    if uses_predikat:
        by_predikat = dict(finals.order_by().values_list("predikat").annotate(n=Count("pk")))
        predikat = tuple(Figure(label, label, None, by_predikat.get(label, 0))
                         for _minimum, label in cycle.instrument.thresholds())
    else:  # the movement gives no predikat: equal index bands, as the dashboards
        predikat = tuple(Figure(band_label(band), band_label(band), None, n) for band, n in band_counts(finals))
    decimal = DecimalField(max_digits=4, decimal_places=2)
    dimension_averages = finals.aggregate(**{
        key: Avg(Cast(KeyTextTransform(key, "dimension_indexes"), decimal)) for key in Dimension.values})
    dimensions = tuple(Figure(key, str(label), _round(dimension_averages[key])) for key, label in Dimension.choices)
    # Programmes of the evaluated year, each with its status as it stood then (status_in_year reads the
    # programme's copies of its current update where that update is of the year or before: most
    # programmes, for a report on a closed year; only the others look up their latest update of the year).
    statuses = dict(Programme.objects.status_in_year(year).order_by().values_list("status_then")
                    .annotate(n=Count("pk")))
    stalled_by = dict(Programme.objects.status_in_year(year, "constraint_category")
                      .filter(status_then=UpdateStatus.STALLED)
                      .order_by().values_list("constraint_category_then").annotate(n=Count("pk")))
    constraints = tuple(sorted((Figure(value, str(label), None, stalled_by.get(value, 0))
                                for value, label in ConstraintCategory.choices if stalled_by.get(value)),
                               key=lambda f: -f.count))
    enrolled = Enrolment.objects.active().filter(cohort_year__lte=year).values("region").distinct().count()
    average = _round(counts["average"])
    return NationalReportData(
        year=year, cycle_name=str(cycle), cycle_status=cycle.status, cycle_status_label=str(cycle.get_status_display()),
        draft=not cycle.is_ended, evaluation_count=counts["total"], final_count=counts["final"],
        enrolled_count=enrolled, average_index=average, previous_average_index=_round(previous_average),
        best=ranking[0] if ranking else None, programme_count=sum(statuses.values()),
        stalled_count=statuses.get(UpdateStatus.STALLED, 0), ranking=ranking, provinces=provinces,
        predikat=predikat, uses_predikat=uses_predikat, dimensions=dimensions, constraints=constraints,
        statuses=_status_figures(statuses, [*UpdateStatus.choices, (NO_UPDATE, NO_UPDATE_LABEL)]),
    )


def _round(value):
    """Averages are reported as the index is: two decimals, half up."""
    return None if value is None else round2(Decimal(value))


__all__ = ["Annex", "CriterionGroup", "CriterionRow", "DimensionCounts", "DimensionCriteria", "EvaluationReportData",
           "Figure", "NationalReportData", "RankingRow", "StatusGroup", "evaluation_for_report",
           "evaluation_report_data", "fingerprint", "implementation_annex", "national_report_data"]
