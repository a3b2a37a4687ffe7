"""What is said about each criterion: the region's self-assessment, each assessor's score, and the
lead's agreed level where the assessors differ by more than one level. Written only through
evaluations.services, which checks who, when and in which state."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.models import VersionedModel

from ..querysets import ScoreQuerySet
from .cycles import Evaluation
from .instruments import Criterion

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


def _level_in_scale(name, nullable=False):
    q = models.Q(level__gte=1, level__lte=5)
    if nullable:
        q |= models.Q(level__isnull=True)
    return models.CheckConstraint(condition=q, name=name)


class SelfAssessment(VersionedModel):
    """The region's answer to one criterion. A draft may lack its level; submission needs them all."""

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE,
                                   related_name="answers")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="answers")
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True, validators=LEVEL_VALIDATORS)
    explanation = models.TextField(_("explanation"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500,
                                   validators=[URLValidator(schemes=["http", "https"])])
    # Stored by evaluations.evidence under a name nobody can guess; served only through a policy-checked view.
    evidence_file = models.FileField(_("evidence file"), blank=True, max_length=300, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "criterion__position", "criterion__code"]
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="selfassessment_unique_criterion"),
            _level_in_scale("selfassessment_level_in_scale", nullable=True),
        ]

    def __str__(self):
        return f"{self.evaluation} {self.criterion.code}: {self.level}"

    @property
    def region(self):
        return self.evaluation.region


class Score(VersionedModel):
    """One assessor's level for one criterion; seen by the other assessors only once moderation opens."""

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE,
                                   related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="scores")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT,
                                 related_name="evaluation_scores")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["evaluation", "criterion__position", "criterion__code", "assessor__username"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion", "assessor"], name="score_unique_per_assessor"),
            _level_in_scale("score_level_in_scale"),
        ]

    def __str__(self):
        return f"{self.evaluation} {self.criterion.code} {self.assessor}: {self.level}"

    @property
    def region(self):
        return self.evaluation.region


class Agreement(VersionedModel):
    """The lead assessor's agreed level for a criterion on which the assessors differ by more than one level."""

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE,
                                   related_name="agreements")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="agreements")
    level = models.PositiveSmallIntegerField(_("agreed level"), validators=LEVEL_VALIDATORS)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "criterion__position", "criterion__code"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="agreement_unique_criterion"),
            _level_in_scale("agreement_level_in_scale"),
        ]

    def __str__(self):
        return f"{self.evaluation} {self.criterion.code}: {self.level}"

    @property
    def region(self):
        return self.evaluation.region
