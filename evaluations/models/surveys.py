"""The citizen survey a region records with its self-assessment: per programme surveyed, how many
respondents answered Sangat Puas / Puas / Cukup Puas / Tidak Puas. It informs the impact aspect."""
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.models import VersionedModel

from .cycles import Evaluation

# What the movement asks of a survey (DESIGN.md §3).
MIN_RESPONDENTS = 50
MIN_PROGRAMMES = 6
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

    def summary(self):
        """Totals over the (prefetched) programme rows and whether the survey is as large as asked."""
        rows = list(self.rows.all())
        totals = {answer: sum(getattr(row, answer) for row in rows) for answer in ANSWERS}
        respondents = sum(totals.values())
        return {
            "respondents": respondents,
            "programme_count": len(rows),
            "answers": totals,
            "too_few_respondents": respondents < MIN_RESPONDENTS,
            "too_few_programmes": len(rows) < MIN_PROGRAMMES,
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
