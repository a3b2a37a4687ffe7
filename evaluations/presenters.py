"""What the evaluation pages show, gathered in a constant number of queries: the results of a final
evaluation as the movement publishes them (index, improvement over the region's latest earlier final
index, ranks in the province and nationally, the result letter; a predikat only where the instrument
uses one; aspects, dimensions, criteria),
the moderation table, and the next steps open to the user. The arithmetic stays in evaluations.index
and evaluations.results; this module only reads and arranges."""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smartcity import policy
from smartcity.dimensions import Dimension

from . import results, transitions
from .index import level_reached, needs_agreement
from .models import Aspect, Cycle, Evaluation
from .querysets import ALL, score_visibility, visible_answers


def _decimal(value):
    return None if value in (None, "") else Decimal(str(value))


def descriptor_of(criterion, level):
    """The descriptor of the level a final level reaches (evaluations.index.level_reached: 3.50 → level 4)."""
    reached = level_reached(level)
    return criterion.descriptors[reached - 1] if reached else ""


@dataclass
class CriterionResult:
    criterion: object
    self_level: int | None
    final_level: Decimal | None
    descriptor: str
    agreed: bool


@dataclass
class Results:
    index: Decimal | None
    predikat: str                    # "" where the instrument uses none
    rank: int | None
    ranked: int
    previous: object | None          # the region's latest earlier final evaluation, whatever its year
    change: Decimal | None           # the improvement (results.improvement_of)
    published: bool = False          # smartcity.policy.is_public
    rank_province: int | None = None
    rank_national: int | None = None
    published_in_province: int = 0   # how many evaluations of the cycle the ranks are among
    published_nationally: int = 0
    province: object | None = None
    letter_number: str = ""
    letter_date: object | None = None
    uses_predikat: bool = False
    aspects: list = field(default_factory=list)      # [(value, label, weight, index)]
    dimensions: list = field(default_factory=list)   # [(value, label, index)]
    criteria: list = field(default_factory=list)     # [CriterionResult]


def evaluation_results(user, evaluation):
    """The Results of a final evaluation, or None while it is not final. Seven queries."""
    if not evaluation.is_final:
        return None
    cycle = evaluation.cycle
    previous = results.previous_final(evaluation)
    # The one improvement rule, fed the previous index just read (no second query).
    evaluation.previous_index = previous.index if previous is not None else None
    published = policy.is_public(evaluation)
    province_id = evaluation.region.parent_id
    counts = policy.public_evaluations(Evaluation.objects.filter(cycle=cycle)).aggregate(
        national=Count("pk"),
        province=Count("pk", filter=Q(region__parent_id=province_id)) if province_id else Count("pk", filter=Q(
            region__parent__isnull=True)))
    ranked = Evaluation.objects.filter(cycle=cycle, status=Evaluation.Status.FINAL, rank__isnull=False).count()
    weights = cycle.aspect_weights()
    uses_predikat = cycle.instrument.uses_predikat
    figures = Results(
        index=evaluation.index, predikat=evaluation.predikat if uses_predikat else "", rank=evaluation.rank,
        ranked=ranked, previous=previous, change=results.improvement_of(evaluation), published=published,
        rank_province=evaluation.rank_province if published else None,
        rank_national=evaluation.rank_national if published else None,
        published_in_province=counts["province"], published_nationally=counts["national"],
        province=evaluation.region.parent,
        letter_number=cycle.letter_number if published else "",
        letter_date=cycle.letter_date if published else None, uses_predikat=uses_predikat,
        aspects=[(value, label, weights[value], _decimal(evaluation.aspect_indexes.get(value)))
                 for value, label in Aspect.choices],
        dimensions=[(value, label, _decimal(evaluation.dimension_indexes.get(value)))
                    for value, label in Dimension.choices],
    )
    if score_visibility(user, evaluation) == ALL:
        criteria = results.frame_criteria(list(cycle.instrument.criteria.in_order()), previous)
        scores = results.criterion_scores([evaluation])[evaluation.pk]
        levels = results.results_of(evaluation, scores).criterion_levels
        agreed = {c.criterion_id for c in scores if c.agreed is not None}
        answers = {a.criterion_id: a.level for a in visible_answers(user, evaluation)}
        figures.criteria = [CriterionResult(criterion=c, self_level=answers.get(c.pk), final_level=levels.get(c.pk),
                                            descriptor=descriptor_of(c, levels.get(c.pk)), agreed=c.pk in agreed)
                            for c in criteria]
    return figures


def result_charts(figures):
    """The six-dimension and five-aspect charts of Results (from smartcity.charts, as in the PDF report),
    with the previous cycle beside them when there is one."""
    from smartcity import charts

    dimensions = {value: index for value, _label, index in figures.dimensions}
    aspects = {value: index for value, _label, _weight, index in figures.aspects}
    previous = figures.previous
    name = str(figures.previous.cycle.year) if previous else None
    return {
        "dimension_chart": charts.dimension_chart(
            dimensions, series_name=_("This cycle") if previous else None,
            comparison={name: previous.dimension_indexes} if previous else None),
        "aspect_chart": charts.aspect_chart(
            aspects, series_name=_("This cycle") if previous else None,
            comparison={name: previous.aspect_indexes} if previous else None),
    }


@dataclass
class ScoreRow:
    criterion: object
    scores: list            # [Score] in the order of the assessors
    levels: tuple
    agreement: object | None
    needs_agreement: bool
    final_level: Decimal | None
    form: object = None

    @property
    def spread(self):
        return max(self.levels) - min(self.levels) if self.levels else None


@dataclass
class ScoreTable:
    assessors: list
    rows: list

    @property
    def disputed(self):
        return [row for row in self.rows if row.needs_agreement]

    @property
    def unresolved(self):
        return [row for row in self.rows if row.needs_agreement and row.agreement is None]


def score_table(evaluation, criteria, scores, agreements):
    """Every assessor's level per criterion (from scores already read), flagged where they differ by more
    than one level; no query of its own."""
    assessors = [a.assessor for a in evaluation.assignments.all()]
    by_criterion = {}
    for score in scores:
        by_criterion.setdefault(score.criterion_id, {})[score.assessor_id] = score
    rows = []
    for criterion in criteria:
        given = by_criterion.get(criterion.pk, {})
        levels = tuple(s.level for s in given.values())
        agreement = agreements.get(criterion.pk)
        if agreement is not None:
            final = Decimal(agreement.level)
        elif levels:
            final = (Decimal(sum(levels)) / Decimal(len(levels))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        else:
            final = None
        rows.append(ScoreRow(criterion=criterion, scores=[given.get(a.pk) for a in assessors], levels=levels,
                             agreement=agreement, needs_agreement=needs_agreement(levels), final_level=final))
    return ScoreTable(assessors=assessors, rows=rows)


@dataclass(frozen=True)
class Step:
    label: str
    url: str
    primary: bool = False
    hint: str = ""


def next_steps(user, evaluation):
    """The pages of this evaluation the user can work on now, most urgent first."""
    pk = evaluation.pk
    steps = []
    cycle = evaluation.cycle
    E = Evaluation.Status
    if transitions.permits(transitions.ensure_self_assessment_open, user, evaluation):
        end = transitions._day(cycle.self_assessment_end)
        steps.append(Step(_("Fill in the self-assessment"), reverse("evaluations:self_assessment", args=[pk]), True,
                          _("Open until %(end)s.") % {"end": end}))
        steps.append(Step(_("Record the citizen survey"), reverse("evaluations:survey", args=[pk])))
    elif evaluation.status not in (E.NOT_STARTED,) or evaluation.answers.exists():
        steps.append(Step(_("Self-assessment"), reverse("evaluations:self_assessment", args=[pk])))
        steps.append(Step(_("Citizen survey"), reverse("evaluations:survey", args=[pk])))
    assignment = evaluation.assignment_of(user)
    if assignment is not None:
        scoring = transitions.permits(transitions.ensure_can_score, user, evaluation)
        steps.append(Step(_("Score this evaluation") if scoring else _("Scoring page"),
                          reverse("evaluations:scoring", args=[pk]), scoring))
    if score_visibility(user, evaluation) == ALL and evaluation.status in (E.IN_REVIEW, E.FINAL) \
            and (assignment is not None or transitions.is_admin(user)):
        steps.append(Step(_("Moderation"), reverse("evaluations:moderation", args=[pk]),
                          evaluation.status == E.IN_REVIEW and (transitions.is_admin(user) or assignment.is_lead)))
    if cycle.status != Cycle.Status.DRAFT:
        steps.append(Step(_("Ranking of the cycle"), reverse("evaluations:cycle_detail", args=[cycle.pk])))
    return steps
