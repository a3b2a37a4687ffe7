"""Reading an evaluation's scores for the index, what still blocks its finalisation, and the ranking
of a cycle. Each runs a constant number of queries, whatever the number of criteria or regions."""
from collections import defaultdict

from django.db.models import F, Q, Window
from django.db.models.functions import Rank
from django.utils.translation import gettext as _

from .index import CriterionScores, IndexResult, compute_index, improvement, needs_agreement
from .models import Agreement, Criterion, Evaluation, Score

NARRATIVE = ("strengths", "weaknesses", "recommendations")


def criterion_scores(evaluations):
    """{evaluation id: [CriterionScores, one per criterion of its instrument]} in three queries."""
    evaluations = list(evaluations)
    ids = [e.pk for e in evaluations]
    criteria = defaultdict(list)
    for row in (Criterion.objects.filter(instrument_id__in={e.cycle.instrument_id for e in evaluations})
                .order_by("position", "code").values("id", "instrument_id", "aspect", "dimension", "weight")):
        criteria[row["instrument_id"]].append(row)
    levels = defaultdict(list)
    for evaluation_id, criterion_id, level in (Score.objects.filter(evaluation_id__in=ids).order_by()
                                               .values_list("evaluation_id", "criterion_id", "level")):
        levels[evaluation_id, criterion_id].append(level)
    agreed = {(e, c): level for e, c, level in Agreement.objects.filter(evaluation_id__in=ids).order_by()
              .values_list("evaluation_id", "criterion_id", "level")}
    return {
        e.pk: [CriterionScores(criterion_id=c["id"], aspect=c["aspect"], dimension=c["dimension"], weight=c["weight"],
                               levels=tuple(levels.get((e.pk, c["id"]), ())), agreed=agreed.get((e.pk, c["id"])))
               for c in criteria[e.cycle.instrument_id]]
        for e in evaluations
    }


def results_of(evaluation, scores=None) -> IndexResult:
    """The index figures of one evaluation as its scores stand now."""
    if scores is None:
        scores = criterion_scores([evaluation])[evaluation.pk]
    cycle = evaluation.cycle
    instrument = cycle.instrument
    return compute_index(scores, cycle.aspect_weights(), instrument.thresholds() if instrument.uses_predikat else [])


def finalisation_blockers(evaluation, scores=None):
    """What keeps the evaluation from becoming final: {"missing_scores": [criterion codes],
    "disagreements": [codes], "narrative": [field names], "assessors": [message]}; empty when none."""
    if scores is None:
        scores = criterion_scores([evaluation])[evaluation.pk]
    codes = dict(Criterion.objects.filter(instrument_id=evaluation.cycle.instrument_id).values_list("id", "code"))
    assessors = {a.assessor_id for a in evaluation.assignments.all()}
    scored_by = defaultdict(set)
    for assessor_id, criterion_id in Score.objects.filter(evaluation=evaluation).order_by().values_list(
            "assessor_id", "criterion_id"):
        scored_by[criterion_id].add(assessor_id)
    blockers = {}
    if not assessors:
        blockers["assessors"] = [_("No assessor is assigned to this evaluation.")]
    if not codes:
        blockers["criteria"] = [_("The instrument has no criteria.")]
    missing = [codes[c.criterion_id] for c in scores if not assessors or assessors - scored_by[c.criterion_id]]
    if missing:
        blockers["missing_scores"] = missing
    unresolved = [codes[c.criterion_id] for c in scores if c.agreed is None and needs_agreement(c.levels)]
    if unresolved:
        blockers["disagreements"] = unresolved
    narrative = [name for name in NARRATIVE if not getattr(evaluation, name).strip()]
    if narrative:
        blockers["narrative"] = narrative
    return blockers


def describe_blockers(blockers):
    """One sentence per kind of blocker, for the person who tried to finalise."""
    messages = list(blockers.get("assessors", [])) + list(blockers.get("criteria", []))
    if "missing_scores" in blockers:
        messages.append(_("Not every assigned assessor has scored: %(codes)s.") % {
            "codes": ", ".join(blockers["missing_scores"])})
    if "disagreements" in blockers:
        messages.append(_("Assessors differ by more than one level and no level is agreed: %(codes)s.") % {
            "codes": ", ".join(blockers["disagreements"])})
    if "narrative" in blockers:
        messages.append(_("Write the strengths, weaknesses and recommendations first."))
    return messages


def rank_cycle(cycle):
    """Store each final evaluation's rank in its cycle (1 = highest index, ties share a rank) and clear the
    rank of any other. Three queries whatever the number of regions; the ranking is the database's."""
    ranked = dict(Evaluation.objects.filter(cycle=cycle, status=Evaluation.Status.FINAL, index__isnull=False)
                  .annotate(position=Window(Rank(), order_by=F("index").desc())).order_by()
                  .values_list("pk", "position"))
    stored = Evaluation.objects.filter(cycle=cycle).filter(Q(rank__isnull=False) | Q(pk__in=list(ranked)))
    changed = [Evaluation(pk=pk, rank=ranked.get(pk)) for pk, rank in stored.order_by().values_list("pk", "rank")
               if rank != ranked.get(pk)]
    if changed:
        # A derived figure, excluded from the audit trail: bulk_update without history is right here.
        Evaluation.objects.bulk_update(changed, ["rank"])
    return ranked



def previous_final(evaluation):
    """The region's latest earlier final evaluation, whatever its year, with its cycle; None for a first
    evaluation. One query. It is what an improvement is measured against and, after a region's first
    evaluation, what its Baseline is scored against (Criterion.frame)."""
    return (Evaluation.objects.filter(region_id=evaluation.region_id, status=Evaluation.Status.FINAL,
                                      index__isnull=False, cycle__year__lt=evaluation.cycle.year)
            .select_related("cycle").order_by("-cycle__year").first())


def frame_criteria(criteria, previous):
    """The criteria framed for an evaluation with the given previous final one (None: a first evaluation):
    after the first, Baseline criteria that measure improvement show their descriptors of improvement."""
    for criterion in criteria:
        criterion.frame(previous is not None)
    return criteria


def improvement_of(evaluation):
    """The one improvement figure of an evaluation: the published one once its cycle published it, else its
    index minus the region's latest earlier final index (read from the `previous_index` annotation of
    EvaluationQuerySet.with_previous_index when present, else in one query). None for a first evaluation."""
    if evaluation.published_at is not None:
        return evaluation.improvement
    if not evaluation.is_final or evaluation.index is None:
        return None
    if hasattr(evaluation, "previous_index"):
        previous = evaluation.previous_index
    else:
        previous = (Evaluation.objects.filter(region_id=evaluation.region_id, status=Evaluation.Status.FINAL,
                                              index__isnull=False, cycle__year__lt=evaluation.cycle.year)
                    .order_by("-cycle__year").values_list("index", flat=True).first())
    return improvement(evaluation.index, previous)


def publish_figures(cycle, when):
    """Fix the published figures of every final evaluation of the cycle: its improvement and its ranks in
    the province and nationally among them (ties share a rank, the next is skipped: RANK()); clear them on
    every other evaluation of the cycle. Three queries whatever the number of regions."""
    rows = (Evaluation.objects.filter(cycle=cycle, status=Evaluation.Status.FINAL, index__isnull=False)
            .with_previous_index().order_by()
            .annotate(national=Window(Rank(), order_by=F("index").desc()),
                      provincial=Window(Rank(), partition_by=[F("region__parent_id")], order_by=F("index").desc()))
            .values_list("pk", "index", "previous_index", "national", "provincial"))
    published = [Evaluation(pk=pk, improvement=improvement(index, previous), rank_national=national,
                            rank_province=provincial, published_at=when)
                 for pk, index, previous, national, provincial in rows]
    Evaluation.objects.filter(cycle=cycle).exclude(pk__in=[e.pk for e in published]).update(
        improvement=None, rank_national=None, rank_province=None, published_at=None)
    if published:
        # Derived figures, excluded from the evaluation's audit trail; the cycle's records the letter.
        Evaluation.objects.bulk_update(published, ["improvement", "rank_national", "rank_province", "published_at"])
    return published
