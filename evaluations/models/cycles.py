"""A yearly cycle, the evaluation of one region in it, its assessors, and the log of its transitions.

Statuses change only through evaluations.transitions; they are not editable fields."""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.models import VersionedModel
from smartcity.validators import DATE_VALIDATORS, PERCENT_VALIDATORS

from ..querysets import AssignmentQuerySet, CycleQuerySet, EvaluationQuerySet
from .instruments import Aspect
from .survey_rules import SurveyRule

YEAR_VALIDATORS = [MinValueValidator(2017), MaxValueValidator(2100)]
WEIGHT = {"max_digits": 5, "decimal_places": 2, "validators": PERCENT_VALIDATORS}
DEFAULT_ASPECT_WEIGHTS = {Aspect.BASELINE: 10, Aspect.OUTPUT: 20, Aspect.OUTCOME: 30, Aspect.IMPACT: 30,
                          Aspect.QUICK_WIN: 10}


class Cycle(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        ASSESSMENT = "assessment", _("Assessment")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")

    # A cycle whose work is over: nothing in it changes any more but by reopening an evaluation and publishing
    # again (closed, then published under the ministry's letter). Open cycles are those neither draft nor ended.
    ENDED = (Status.CLOSED, Status.PUBLISHED)

    # Fixed once the cycle is opened: results given under them must stay reproducible.
    FROZEN_WHEN_OPEN = ["year", "instrument_id", *[f"weight_{a}" for a in Aspect.values], "survey_rule"]

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR_VALIDATORS)
    name = models.CharField(_("name"), max_length=200, blank=True,
                            help_text=_("Left empty: “Evaluasi Smart City <year>”."))
    instrument = models.ForeignKey("evaluations.Instrument", verbose_name=_("instrument"), on_delete=models.PROTECT,
                                   related_name="cycles")
    weight_baseline = models.DecimalField(_("weight of baseline (%)"), default=Decimal(10), **WEIGHT)
    weight_output = models.DecimalField(_("weight of output (%)"), default=Decimal(20), **WEIGHT)
    weight_outcome = models.DecimalField(_("weight of outcome (%)"), default=Decimal(30), **WEIGHT)
    weight_impact = models.DecimalField(_("weight of impact (%)"), default=Decimal(30), **WEIGHT)
    weight_quick_win = models.DecimalField(_("weight of quick win (%)"), default=Decimal(10), **WEIGHT)
    # What the citizen survey must be in this cycle (models.surveys): the 2023 rules for new cycles.
    survey_rule = models.CharField(_("citizen survey rule"), max_length=16, choices=SurveyRule.choices,
                                   default=SurveyRule.PER_DIMENSION)
    self_assessment_start = models.DateField(_("self-assessment opens"), validators=DATE_VALIDATORS)
    self_assessment_end = models.DateField(_("self-assessment closes"), validators=DATE_VALIDATORS)
    assessment_start = models.DateField(_("assessment opens"), validators=DATE_VALIDATORS)
    assessment_end = models.DateField(_("assessment closes"), validators=DATE_VALIDATORS)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    # The ministry's result letter, written by the publication (evaluations.transitions.publish_cycle) only.
    letter_number = models.CharField(_("letter number"), max_length=120, blank=True, editable=False)
    letter_date = models.DateField(_("letter date"), null=True, blank=True, editable=False,
                                   validators=DATE_VALIDATORS)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.CheckConstraint(condition=models.Q(self_assessment_end__gte=models.F("self_assessment_start")),
                                   name="cycle_self_assessment_window_ordered"),
            models.CheckConstraint(condition=models.Q(assessment_end__gte=models.F("assessment_start")),
                                   name="cycle_assessment_window_ordered"),
            models.CheckConstraint(condition=models.Q(assessment_start__gt=models.F("self_assessment_end")),
                                   name="cycle_assessment_after_self_assessment"),
        ]

    def __str__(self):
        return self.name or str(self.year)

    @property
    def is_ended(self):
        return self.status in self.ENDED

    def save(self, *args, **kwargs):
        if not self.name:
            self.name = f"Evaluasi Smart City {self.year}"
        super().save(*args, **kwargs)

    def aspect_weights(self):
        return {aspect: getattr(self, f"weight_{aspect}") for aspect in Aspect.values}

    def self_assessment_open_on(self, day):
        return self.self_assessment_start <= day <= self.self_assessment_end

    def assessment_open_on(self, day):
        return self.assessment_start <= day <= self.assessment_end

    def clean(self):
        errors = {}
        sa_start, sa_end, a_start, a_end = (self.self_assessment_start, self.self_assessment_end,
                                            self.assessment_start, self.assessment_end)
        if sa_start and sa_end and sa_end < sa_start:
            errors["self_assessment_end"] = _("The window cannot close before it opens.")
        if a_start and a_end and a_end < a_start:
            errors["assessment_end"] = _("The window cannot close before it opens.")
        if sa_end and a_start and a_start <= sa_end:
            errors["assessment_start"] = _("The assessment opens after the self-assessment closes.")
        weights = [w for w in self.aspect_weights().values() if w is not None]
        if any(w < 0 for w in weights):
            errors["weight_baseline"] = _("Aspect weights cannot be negative.")
        elif len(weights) == len(Aspect.values) and sum(weights) != 100:
            errors["weight_baseline"] = _("The aspect weights add up to 100 (now %(total)s).") % {
                "total": sum(weights)}
        if self.pk:
            stored = Cycle.objects.filter(pk=self.pk).values("status", *self.FROZEN_WHEN_OPEN).first()
            if stored and stored["status"] != self.Status.DRAFT:
                for field in self.FROZEN_WHEN_OPEN:
                    if getattr(self, field) != stored[field]:
                        errors[field.removesuffix("_id")] = _("This cannot change once the cycle is open.")
        if errors:
            raise ValidationError(errors)


class Evaluation(VersionedModel):
    """One region in one cycle: its status, assessors, the lead's narrative and, once final, its results."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        FINAL = "final", _("Final")

    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="evaluations")
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="evaluations")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED,
                              editable=False)
    assessors = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Assignment", verbose_name=_("assessors"),
                                       related_name="assessed_evaluations", blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    # Results, fixed at finalisation (evaluations.index) and cleared by a reopening.
    index = models.DecimalField(_("index"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    aspect_indexes = models.JSONField(_("aspect indexes"), default=dict, blank=True, editable=False)
    dimension_indexes = models.JSONField(_("dimension indexes"), default=dict, blank=True, editable=False)
    predikat = models.CharField(_("predikat"), max_length=40, blank=True, editable=False)
    # Derived from every final index of the cycle; recomputed, not audited (services.rank_cycle).
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True, editable=False)
    # The published figures, fixed when the cycle is published (the letter's) and cleared by a reopening:
    # improvement over the region's latest earlier final index, ranks among the cycle's published evaluations.
    improvement = models.DecimalField(_("improvement"), max_digits=3, decimal_places=2, null=True, blank=True,
                                      editable=False)
    rank_province = models.PositiveIntegerField(_("rank in the province"), null=True, blank=True, editable=False)
    rank_national = models.PositiveIntegerField(_("national rank"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    moderation_opened_at = models.DateTimeField(_("moderation opened"), null=True, blank=True, editable=False)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True, editable=False)
    # Derived figures; the publication itself is audited on the cycle (its letter).
    history = HistoricalRecords(excluded_fields=["rank", "improvement", "rank_province", "rank_national",
                                                 "published_at"])

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-cycle__year", "region"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "region"], name="evaluation_unique_region_per_cycle"),
            models.CheckConstraint(condition=models.Q(index__isnull=True) | models.Q(index__gte=1, index__lte=5),
                                   name="evaluation_index_in_scale"),
        ]
        indexes = [models.Index(fields=["cycle", "status"]), models.Index(fields=["region", "cycle"])]

    def __str__(self):
        return f"{self.region} — {self.cycle}"

    @property
    def is_final(self):
        return self.status == self.Status.FINAL

    @property
    def shown_predikat(self):
        """The predikat where the cycle's instrument names results by one (the smart-city instrument does not)."""
        return self.predikat if self.cycle.instrument.uses_predikat else ""

    @property
    def is_published(self):
        """Whether the published figures stand (smartcity.policy.is_public decides what may be shown openly)."""
        return self.published_at is not None and self.is_final

    @property
    def scores_revealed(self):
        """Assessors score blind until the lead opens moderation."""
        return self.status in (self.Status.IN_REVIEW, self.Status.FINAL)

    def assignment_of(self, user):
        """The user's assignment to this evaluation, or None (reads prefetched assignments when present)."""
        if not getattr(user, "is_authenticated", False):
            return None
        for assignment in self.assignments.all():
            if assignment.assessor_id == user.pk:
                return assignment
        return None

    def led_by(self, user):
        """Whether `user` is this evaluation's lead assessor (reads prefetched assignments when present)."""
        assignment = self.assignment_of(user)
        return assignment is not None and assignment.is_lead

    @property
    def lead(self):
        for assignment in self.assignments.all():
            if assignment.is_lead:
                return assignment.assessor
        return None

    def clean(self):
        errors = {}
        if self.cycle_id and self.region_id:
            if Evaluation.objects.filter(cycle_id=self.cycle_id, region_id=self.region_id).exclude(pk=self.pk).exists():
                errors["region"] = _("This region already takes part in this cycle.")
            if self._state.adding and self.cycle.status not in (Cycle.Status.DRAFT, Cycle.Status.SELF_ASSESSMENT):
                errors["cycle"] = _("Regions join a cycle before its assessment stage.")
        if errors:
            raise ValidationError(errors)


def conflicting_assessors(region, user_ids):
    """The ids among `user_ids` who may not assess `region`: its region staff, and the province officers
    of the region or of its province (conflict of interest)."""
    from regions.models import Role, RoleAssignment

    if not user_ids:
        return set()
    provinces = [code for code in (region.code, region.parent_id) if code]
    return set(RoleAssignment.objects.filter(user_id__in=list(user_ids)).filter(
        models.Q(role=Role.REGION_STAFF, region_id=region.code)
        | models.Q(role=Role.PROVINCE_OFFICER, region_id__in=provinces)).values_list("user_id", flat=True))


def assessor_user_ids(user_ids):
    """The ids among `user_ids` that hold the assessor role."""
    from regions.models import Role, RoleAssignment

    return set(RoleAssignment.objects.filter(user_id__in=list(user_ids), role=Role.ASSESSOR)
               .values_list("user_id", flat=True))


class Assignment(models.Model):
    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE,
                                   related_name="assignments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT,
                                 related_name="evaluation_assignments")
    is_lead = models.BooleanField(_("lead assessor"), default=False)
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["evaluation", "-is_lead", "assessor__username"]
        verbose_name = _("assessor assignment")
        verbose_name_plural = _("assessor assignments")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "assessor"], name="assignment_unique_assessor"),
            models.UniqueConstraint(fields=["evaluation"], condition=models.Q(is_lead=True),
                                    name="assignment_one_lead"),
        ]

    def __str__(self):
        return f"{self.assessor} — {self.evaluation}" + (" (lead)" if self.is_lead else "")

    @property
    def region(self):
        return self.evaluation.region

    def clean(self):
        if not (self.evaluation_id and self.assessor_id):
            return
        if self.assessor_id not in assessor_user_ids([self.assessor_id]):
            raise ValidationError({"assessor": _("This user is not an assessor.")})
        if conflicting_assessors(self.evaluation.region, [self.assessor_id]):
            raise ValidationError({"assessor": _(
                "Conflict of interest: this assessor works for the region or its province.")})


class EvaluationEvent(models.Model):
    """One transition of an evaluation: who moved it from which status to which, when, and why."""

    class Action(models.TextChoices):
        START = "start", _("Self-assessment started")
        SUBMIT = "submit", _("Self-assessment submitted")
        OPEN_MODERATION = "open_moderation", _("Moderation opened")
        FINALISE = "finalise", _("Finalised")
        REOPEN = "reopen", _("Reopened")

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE,
                                   related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=Evaluation.Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=Evaluation.Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["evaluation", "at", "id"]
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")

    def __str__(self):
        return f"{self.evaluation}: {self.get_action_display()}"
