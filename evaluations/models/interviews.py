"""The presentation and interview with the assessors (paparan/wawancara): when, online or on site, where,
who attended and what was said. The lead assessor records it from submission on; it is the assessors'
record, shown read-only to the region and in its report, never on public pages. Not a status: it holds
back neither scoring nor moderation."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.models import VersionedModel
from smartcity.validators import DATE_VALIDATORS

from .cycles import Evaluation


class Interview(VersionedModel):
    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        ON_SITE = "on_site", _("On site")

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE,
                                   related_name="interviews")
    date = models.DateField(_("date"), validators=DATE_VALIDATORS)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    venue = models.CharField(_("venue"), max_length=200, blank=True,
                             help_text=_("On site: the place; online: the platform (e.g. Zoom)."))
    attendees = models.TextField(_("attendees"), help_text=_("Who presented and who assessed, one per line."))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "date", "id"]
        verbose_name = _("presentation and interview")
        verbose_name_plural = _("presentations and interviews")

    def __str__(self):
        return f"{self.evaluation}: {self.date}"

    @property
    def region(self):
        return self.evaluation.region

    def clean(self):
        from ..transitions import today

        errors = {}
        if self.mode == self.Mode.ON_SITE and not (self.venue or "").strip():
            errors["venue"] = _("Name the venue of an interview held on site.")
        if self.date and self.date > today():
            errors["date"] = _("Record the interview once it has been held (the date is in the future).")
        if errors:
            raise ValidationError(errors)
