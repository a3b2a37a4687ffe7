"""The citizen survey a region records with its self-assessment: per programme surveyed, how many
respondents answered Sangat Puas / Puas / Cukup Puas / Tidak Puas. It informs the impact aspect.

What a survey must be is a rule of its cycle (Cycle.survey_rule):
- OVERALL, the older rule (cycles before 2023): at least 50 respondents over at least six programmes.
- PER_DIMENSION, the 2023 rules: three programmes per dimension, one per sub-dimension (18 in all), at
  least 50 respondents per dimension, the programme's owning OPD named.
A survey that breaks the rule's shape (two programmes of one sub-dimension, a programme without its
sub-dimension or OPD) is refused; one still too small is saved and told what it lacks (it grows as
respondents are counted)."""
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.dimensions import Dimension
from smartcity.models import VersionedModel

from .cycles import Evaluation
from .survey_rules import (
    MIN_PROGRAMMES,
    MIN_RESPONDENTS,
    PROGRAMMES_PER_DIMENSION,
    RESPONDENTS_PER_DIMENSION,
    DimensionCount,
    SurveyRule,
)

# Respondents per answer and programme: more than any region's survey reaches (a survey of a million is
# already a census of most kabupaten), and far inside the column's range on every database.
MAX_COUNT = 1_000_000
COUNT_VALIDATORS = [MaxValueValidator(MAX_COUNT)]
ANSWERS = ["sangat_puas", "puas", "cukup_puas", "tidak_puas"]


class CitizenSurvey(VersionedModel):
    evaluation = models.OneToOneField(Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE,
                                      related_name="survey")
    notes = models.TextField(_("notes"), blank=True, help_text=_("How and when the survey was held."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citizen survey")
        verbose_name_plural = _("citizen surveys")

    def __str__(self):
        return str(self.evaluation)

    @property
    def region(self):
        return self.evaluation.region

    def summary(self, rule=None, rows=None):
        """Totals over the (prefetched, with their programmes) rows and what the survey still lacks under the
        cycle's rule (`rule`, else read from the evaluation's cycle)."""
        rule = rule or self.evaluation.cycle.survey_rule
        rows = list(self.rows.all()) if rows is None else rows
        totals = {answer: sum(getattr(row, answer) for row in rows) for answer in ANSWERS}
        respondents = sum(totals.values())
        by_dimension = []
        shortfalls = []
        if rule == SurveyRule.PER_DIMENSION:
            for value, label in Dimension.choices:
                mine = [row for row in rows if row.programme.dimension == value]
                count = DimensionCount(value, label, len(mine), sum(row.respondents for row in mine))
                by_dimension.append(count)
                if count.short:
                    shortfalls.append(_("%(dimension)s: %(n)s of %(m)s programmes, %(r)s of %(s)s respondents.") % {
                        "dimension": label, "n": count.programmes, "m": PROGRAMMES_PER_DIMENSION,
                        "r": count.respondents, "s": RESPONDENTS_PER_DIMENSION})
            too_few_respondents = any(c.respondents < RESPONDENTS_PER_DIMENSION for c in by_dimension)
            too_few_programmes = len(rows) < PROGRAMMES_PER_DIMENSION * len(Dimension.choices)
        else:
            too_few_respondents, too_few_programmes = respondents < MIN_RESPONDENTS, len(rows) < MIN_PROGRAMMES
            if too_few_respondents:
                shortfalls.append(_("Only %(n)s respondents: the rule asks for at least %(m)s.") % {
                    "n": respondents, "m": MIN_RESPONDENTS})
            if too_few_programmes:
                shortfalls.append(_("Only %(n)s programmes surveyed: the rule asks for at least %(m)s.") % {
                    "n": len(rows), "m": MIN_PROGRAMMES})
        return {
            "rule": rule,
            "respondents": respondents,
            "programme_count": len(rows),
            "answers": totals,
            "by_dimension": by_dimension,
            "shortfalls": shortfalls,
            "too_few_respondents": too_few_respondents,
            "too_few_programmes": too_few_programmes,
        }


class SurveyedProgramme(models.Model):
    survey = models.ForeignKey(CitizenSurvey, verbose_name=_("survey"), on_delete=models.CASCADE,
                               related_name="rows")
    programme = models.ForeignKey("programmes.Programme", verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="survey_rows")
    sangat_puas = models.PositiveIntegerField("Sangat Puas", default=0, validators=COUNT_VALIDATORS)
    puas = models.PositiveIntegerField("Puas", default=0, validators=COUNT_VALIDATORS)
    cukup_puas = models.PositiveIntegerField("Cukup Puas", default=0, validators=COUNT_VALIDATORS)
    tidak_puas = models.PositiveIntegerField("Tidak Puas", default=0, validators=COUNT_VALIDATORS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "programme__code"]
        verbose_name = _("surveyed programme")
        verbose_name_plural = _("surveyed programmes")
        constraints = [
            models.UniqueConstraint(fields=["survey", "programme"], name="surveyedprogramme_unique_programme"),
            models.CheckConstraint(condition=models.Q(sangat_puas__gte=0, puas__gte=0, cukup_puas__gte=0,
                                                      tidak_puas__gte=0), name="surveyedprogramme_counts_not_negative"),
        ]

    def __str__(self):
        return f"{self.survey} — {self.programme}"

    @property
    def respondents(self):
        return self.sangat_puas + self.puas + self.cukup_puas + self.tidak_puas
