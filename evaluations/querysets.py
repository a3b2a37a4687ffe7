"""Querysets named for their use, and who sees which evaluation, answer and score.

Region scoping always goes through smartcity.policy; this module only narrows it where an
evaluation needs more than a region: an assessor sees the evaluations they are assigned to (not
every evaluation of those regions), and scores stay blind until the lead opens moderation.
"""
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q

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

        return self.select_related("cycle", "cycle__instrument", "region").prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("assessor")
                     .order_by("-is_lead", "assessor__username")))

    def final(self):
        return self.filter(status="final")


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
