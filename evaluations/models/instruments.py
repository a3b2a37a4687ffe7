"""The evaluation instrument: its criteria (what is scored, at which weight, with a descriptor per
level) and the predikat thresholds that name an index. An instrument in use by an opened cycle is
frozen: results already given must stay reproducible; a changed instrument is a new one (a copy)."""
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.dimensions import SUB_DIMENSIONS, Dimension, SubDimension
from smartcity.models import VersionedModel
from smartcity.validators import PERCENT_VALIDATORS

from ..querysets import CriterionQuerySet, InstrumentQuerySet

LEVELS = (1, 2, 3, 4, 5)


class Aspect(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    OUTPUT = "output", _("Output (policy, institutions, budget)")
    OUTCOME = "outcome", _("Outcome (the masterplan carried out)")
    IMPACT = "impact", _("Impact (benefit felt by citizens)")
    QUICK_WIN = "quick_win", _("Quick win (innovation)")


def default_predikat_thresholds():
    """The SPBE convention: the lowest index that earns each predikat, best first; the last catches all."""
    return [
        {"min": "4.20", "label": "Memuaskan"},
        {"min": "3.50", "label": "Sangat Baik"},
        {"min": "2.60", "label": "Baik"},
        {"min": "1.80", "label": "Cukup"},
        {"min": "0.00", "label": "Kurang"},
    ]


class Instrument(VersionedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("A short unique name of this edition, e.g. iksc-2021."))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    predikat_thresholds = models.JSONField(
        _("predikat thresholds"), default=default_predikat_thresholds,
        help_text=_('Best first: [{"min": "4.20", "label": "Memuaskan"}, …]; the last one should start at 0.'))
    # The smart-city evaluation publishes an index, its improvement and ranks; a predikat is an SPBE notion.
    uses_predikat = models.BooleanField(
        _("uses predikat"), default=True,
        help_text=_("Whether results are also named by a predikat read from the thresholds."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self):
        return self.name

    @property
    def in_use(self):
        """Used by a cycle that has been opened: its criteria and thresholds may no longer change."""
        return self.cycles.exclude(status="draft").exists()

    def thresholds(self):
        """[(Decimal minimum, label)], best first."""
        return [(Decimal(str(t["min"])), t["label"]) for t in self.predikat_thresholds]

    def clean(self):
        errors = []
        rows = self.predikat_thresholds
        if not isinstance(rows, list) or not rows:
            errors.append(_("Give at least one threshold."))
        else:
            previous = None
            for row in rows:
                try:
                    minimum = Decimal(str(row["min"]))
                    label = str(row["label"]).strip()
                except (KeyError, TypeError, InvalidOperation):
                    errors.append(_('Each threshold is an object with "min" (a number) and "label".'))
                    break
                if not label:
                    errors.append(_("Each threshold needs a label."))
                if not minimum.is_finite() or minimum < 0 or minimum > 5:
                    errors.append(_("A threshold lies between 0 and 5."))
                    break
                if previous is not None and minimum >= previous:
                    errors.append(_("List the thresholds from the highest to the lowest."))
                previous = minimum
            else:
                if previous is not None and previous > 1:
                    errors.append(_("The lowest threshold must be at most 1.00 so that every index has a predikat."))
        if errors:
            raise ValidationError({"predikat_thresholds": errors})
        if self.pk and self.in_use:
            stored = Instrument.objects.filter(pk=self.pk).values_list("predikat_thresholds", "uses_predikat").first()
            if stored and stored != (self.predikat_thresholds, self.uses_predikat):
                raise ValidationError({"predikat_thresholds": _(
                    "This instrument is used by an opened cycle; copy it to change its thresholds.")})


class Criterion(VersionedModel):
    instrument = models.ForeignKey(Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE,
                                   related_name="criteria")
    code = models.CharField(_("code"), max_length=20)
    # Far more criteria than an instrument holds (the default has 36), and room to number them in tens.
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=[MaxValueValidator(9999)])
    aspect = models.CharField(_("aspect"), max_length=10, choices=Aspect.choices)
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices, blank=True)
    sub_dimension = models.CharField(_("sub-dimension"), max_length=20, choices=SubDimension.choices, blank=True)
    question = models.TextField(_("question"))
    guidance = models.TextField(_("guidance"), blank=True)
    # Relative to the other criteria of its aspect: 0–100 expresses any share, also in percent.
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=Decimal(1),
                                 validators=PERCENT_VALIDATORS)
    level_1 = models.TextField(_("level 1 descriptor"))
    level_2 = models.TextField(_("level 2 descriptor"))
    level_3 = models.TextField(_("level 3 descriptor"))
    level_4 = models.TextField(_("level 4 descriptor"))
    level_5 = models.TextField(_("level 5 descriptor"))
    # After a region's first evaluation the Baseline aspect measures its improvement since the previous
    # one: a Baseline criterion may carry a second question and five descriptors of improvement for that.
    improvement_question = models.TextField(
        _("question after the first evaluation"), blank=True,
        help_text=_("Baseline only: what is asked once the region has a previous final evaluation."))
    improvement_guidance = models.TextField(_("guidance after the first evaluation"), blank=True)
    improvement_level_1 = models.TextField(_("level 1 descriptor of improvement"), blank=True)
    improvement_level_2 = models.TextField(_("level 2 descriptor of improvement"), blank=True)
    improvement_level_3 = models.TextField(_("level 3 descriptor of improvement"), blank=True)
    improvement_level_4 = models.TextField(_("level 4 descriptor of improvement"), blank=True)
    improvement_level_5 = models.TextField(_("level 5 descriptor of improvement"), blank=True)
    history = HistoricalRecords()

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["instrument", "position", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="criterion_unique_code"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="criterion_weight_not_negative"),
        ]

    def __str__(self):
        return f"{self.code} {self.question[:60]}"

    IMPROVEMENT_FIELDS = ["improvement_question", "improvement_guidance", *[f"improvement_level_{i}" for i in LEVELS]]

    @property
    def readiness_descriptors(self):
        return [self.level_1, self.level_2, self.level_3, self.level_4, self.level_5]

    @property
    def improvement_descriptors(self):
        return [getattr(self, f"improvement_level_{i}") for i in LEVELS]

    @property
    def measures_improvement(self):
        """Whether this criterion is scored on improvement after a region's first evaluation."""
        return self.aspect == Aspect.BASELINE and all(d.strip() for d in self.improvement_descriptors)

    def frame(self, follow_up):
        """Read this criterion for an evaluation that follows an earlier final one (`follow_up`) or for a
        first evaluation: `descriptors` and `shown_question` then give what the assessors score against."""
        self.follow_up = bool(follow_up) and self.measures_improvement
        return self

    @property
    def descriptors(self):
        """The five descriptors scored against: of improvement when framed as a follow-up (frame()), else of
        readiness."""
        if getattr(self, "follow_up", False):
            return self.improvement_descriptors
        return self.readiness_descriptors

    @property
    def shown_question(self):
        if getattr(self, "follow_up", False) and self.improvement_question.strip():
            return self.improvement_question
        return self.question

    @property
    def shown_guidance(self):
        if getattr(self, "follow_up", False) and self.improvement_guidance.strip():
            return self.improvement_guidance
        return self.guidance

    def clean(self):
        errors = {}
        given = [d.strip() for d in self.improvement_descriptors]
        if any(given) and self.aspect != Aspect.BASELINE:
            errors["improvement_level_1"] = _("Only Baseline criteria are scored on improvement.")
        elif any(given) and not all(given):
            errors["improvement_level_1"] = _("Give all five descriptors of improvement, or none.")
        if self.sub_dimension and not self.dimension:
            errors["dimension"] = _("Name the dimension of this sub-dimension.")
        elif self.sub_dimension and self.sub_dimension not in SUB_DIMENSIONS.get(self.dimension, []):
            errors["sub_dimension"] = _("This sub-dimension belongs to another dimension.")
        if self.instrument_id and self.code:
            clash = Criterion.objects.filter(instrument_id=self.instrument_id, code=self.code).exclude(pk=self.pk)
            if clash.exists():
                errors["code"] = _("Another criterion of this instrument already has this code.")
        if self.instrument_id and self.instrument.in_use:
            errors.setdefault("instrument", _("This instrument is used by an opened cycle; its criteria are frozen."))
        if errors:
            raise ValidationError(errors)
