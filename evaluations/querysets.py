"""Querysets named for their use, and who sees which evaluation, answer and score.

Region scoping always goes through smartcity.policy; this module only narrows it where an
evaluation needs more than a region: an assessor sees the evaluations they are assigned to (not
every evaluation of those regions), and scores stay blind until the lead opens moderation.
"""
from django.db import models
from django.db.models import DecimalField, Exists, OuterRef, Prefetch, Q, Subquery

from smartcity import policy
from smartcity.querysets import RegionOwnedQuerySet

ALL, OWN, NONE = "all", "own", "none"


def _assignments():
    from .models import Assignment

    return Assignment.objects.order_by()


def assigned_region_codes(user):
    """Codes of the regions whose evaluation `user` is assigned to assess, in cycles that are not draft.

    smartcity.policy lets an assessor view these regions (and calls this, so it must not call the policy).
    """
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(_assignments().filter(assessor=user).exclude(evaluation__cycle__status="draft")
               .values_list("evaluation__region_id", flat=True).distinct())


def previous_finals(region="region_id", year="cycle__year", base=None):
    """The region's final evaluations of earlier cycles, latest first: what an improvement is measured
    against (whatever the year: a region need not be evaluated every year). `region` and `year` lead from
    the outer row to its region code and cycle year; `base` narrows the evaluations (e.g. to a user's)."""
    from .models import Evaluation

    base = Evaluation.objects.all() if base is None else base
    return (base.filter(region_id=OuterRef(region), status="final", index__isnull=False,
                        cycle__year__lt=OuterRef(year)).order_by("-cycle__year"))


def previous_final_index(region="region_id", year="cycle__year"):
    """The latest earlier final index of the outer row's region, as a subquery (one query for any list)."""
    return Subquery(previous_finals(region, year).values("index")[:1],
                    output_field=DecimalField(max_digits=3, decimal_places=2))


def index_band_filters(field="index"):
    """[((low, high), Q)] of the equal index bands (evaluations.index.index_bands), lowest first: each holds
    low ≤ value < high, the last also 5.00. `field` names the index or an annotation of the queryset."""
    from .index import index_bands

    bands = index_bands()
    last = len(bands) - 1
    return [(band, Q(**{f"{field}__gte": band[0], f"{field}__{'lte' if i == last else 'lt'}": band[1]}))
            for i, band in enumerate(bands)]


def band_counts(queryset, field="index"):
    """[((low, high), count)] of evaluations per equal index band, lowest first, in one query."""
    from django.db.models import Count

    filters = index_band_filters(field)
    counts = queryset.order_by().aggregate(**{f"band{i}": Count("pk", filter=q) for i, (_b, q) in enumerate(filters)})
    return [(band, counts[f"band{i}"]) for i, (band, _q) in enumerate(filters)]


def band_label(band):
    from django.utils import formats

    low, high = band
    return f"{formats.number_format(low, 2)}–{formats.number_format(high, 2)}"


class InstrumentQuerySet(models.QuerySet):
    def with_criteria(self):
        from .models import Criterion

        return self.prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("position", "code")))


class CriterionQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("position", "code")


class CycleQuerySet(models.QuerySet):
    def opened(self):
        return self.exclude(status="draft")


class EvaluationQuerySet(RegionOwnedQuerySet):
    def visible_to(self, user):
        return super().visible_to(user).narrowed_for_assessor(user)

    def narrowed_for_assessor(self, user):
        """The policy shows an assessor the regions they assess; of those regions' evaluations they see
        only the ones they are assigned to. The conflict-of-interest rule keeps those regions apart from
        any region the user's other roles show, so narrowing them takes nothing else away."""
        if not policy.has_role(user, policy.ASSESSOR) or policy.scope(user, policy.VIEW).everything:
            return self
        opened = _assignments().filter(assessor=user).exclude(evaluation__cycle__status="draft")
        mine = opened.filter(evaluation=OuterRef("pk"))
        return self.filter(Exists(mine) | ~Q(region_id__in=opened.values("evaluation__region_id")))

    def for_api(self):
        """Everything an evaluation row shows, in a constant number of queries."""
        from .models import Assignment

        return self.select_related("cycle", "cycle__instrument", "region").with_previous_index().prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("assessor")
                     .order_by("-is_lead", "assessor__username")))

    def final(self):
        return self.filter(status="final")

    def with_previous_index(self):
        """Each evaluation with `previous_index`: its region's latest earlier final index (None for a first)."""
        return self.annotate(previous_index=previous_final_index())


class AssignmentQuerySet(models.QuerySet):
    def of_assessor(self, user):
        return self.filter(assessor=user).select_related("evaluation__cycle", "evaluation__region")


class ScoreQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("criterion", "assessor").order_by(
            "criterion__position", "criterion__code", "assessor__username")


def score_visibility(user, evaluation):
    """ALL, OWN or NONE: which scores of a (visible) evaluation the user reads.

    Assessors score blind: each sees only their own until the lead opens moderation. The national
    secretariat follows progress throughout; the ministry reads them from moderation on; the region
    and its province receive them when the evaluation is final.
    """
    if policy.can(user, policy.MANAGE_REFERENCE):
        return ALL
    if evaluation.assignment_of(user) is not None:
        return ALL if evaluation.scores_revealed else OWN
    if evaluation.is_final or (evaluation.scores_revealed and policy.has_role(user, policy.MINISTRY)):
        return ALL
    return NONE


def visible_scores(user, evaluation):
    from .models import Score

    scores = Score.objects.filter(evaluation=evaluation).for_list()
    seen = score_visibility(user, evaluation)
    if seen == OWN:
        return scores.filter(assessor=user)
    return scores if seen == ALL else scores.none()


def visible_agreements(user, evaluation):
    from .models import Agreement

    agreements = Agreement.objects.filter(evaluation=evaluation).select_related("criterion", "decided_by")
    return agreements if score_visibility(user, evaluation) == ALL else agreements.none()


def visible_answers(user, evaluation):
    """The self-assessment: the region's drafts are its own until submitted (assessors wait for it)."""
    from .models import Evaluation, SelfAssessment

    answers = SelfAssessment.objects.filter(evaluation=evaluation).select_related("criterion", "updated_by").order_by(
        "criterion__position", "criterion__code")
    draft = evaluation.status in (Evaluation.Status.NOT_STARTED, Evaluation.Status.SELF_ASSESSMENT)
    if draft and evaluation.assignment_of(user) is not None and not policy.can(user, policy.MANAGE_REFERENCE):
        return answers.none()
    return answers
