"""The yearly monitoring report (Laporan pemantauan tahunan): the secretariat's reporting windows, one
report per expected region and year, and the events of its workflow (monitoring/transitions.py)."""
import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import YEAR_VALIDATORS
from smartcity.models import VersionedModel

from .querysets import YearlyReportQuerySet

JAKARTA = ZoneInfo("Asia/Jakarta")


class ReportingWindow(VersionedModel):
    """When the regions report on a year: from `opens` to the end of `due` in Asia/Jakarta (set by the
    secretariat). Reports exist from the day it opens (monitoring.services.open_reporting)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR_VALIDATORS)
    opens = models.DateField(_("opens"))
    due = models.DateField(_("due"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("reporting window")
        verbose_name_plural = _("reporting windows")
        constraints = [models.CheckConstraint(condition=models.Q(due__gte=models.F("opens")),
                                              name="reportingwindow_due_after_opens")]

    def __str__(self):
        return str(self.year)

    def clean(self):
        if self.opens and self.due and self.due < self.opens:
            raise ValidationError({"due": _("The due date cannot come before the opening date.")})

    @property
    def due_at(self):
        """The last instant of the due date in Asia/Jakarta: a submission up to here is on time."""
        return dt.datetime.combine(self.due, dt.time.max, tzinfo=JAKARTA)


class YearlyReport(VersionedModel):
    """A region's report on its programmes for one year. Its status moves only through
    monitoring.transitions; while submitted or verified, the region's updates for the year are refused."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        VERIFIED = "verified", _("Verified")

    # Statuses in which the region's programme updates for the year are locked.
    LOCKED = (Status.SUBMITTED, Status.VERIFIED)

    window = models.ForeignKey(ReportingWindow, verbose_name=_("reporting window"), on_delete=models.PROTECT,
                               related_name="reports")
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="yearly_reports")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    # The first submission: it alone decides whether the report was on time.
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True, editable=False)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)
    # The verifier's last comment when returning the report.
    comment = models.TextField(_("comment"), blank=True, editable=False)
    history = HistoricalRecords()

    objects = YearlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-window__year", "region"]
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        constraints = [models.UniqueConstraint(fields=["window", "region"], name="yearlyreport_unique_region_year")]
        indexes = [models.Index(fields=["window", "status"])]

    def __str__(self):
        return f"{self.region} {self.year}"

    def get_absolute_url(self):
        return reverse("monitoring:yearly_report_detail", args=[self.pk])

    @property
    def year(self):
        return self.window.year

    @property
    def due_at(self):
        return self.window.due_at

    @property
    def on_time(self):
        """Whether the first submission came on or before the due instant (None: not submitted yet)."""
        if self.submitted_at is None:
            return None
        return self.submitted_at <= self.due_at

    @property
    def is_overdue(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED) and timezone.now() > self.due_at

    @property
    def is_locked(self):
        return self.status in self.LOCKED


class YearlyReportEvent(models.Model):
    """One transition of a yearly report: who moved it from which status to which, when, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        RETURN = "return", _("Returned for correction")
        VERIFY = "verify", _("Verified")
        REOPEN = "reopen", _("Reopened")

    report = models.ForeignKey(YearlyReport, verbose_name=_("yearly report"), on_delete=models.CASCADE,
                               related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=10, choices=YearlyReport.Status.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=YearlyReport.Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["report", "at", "id"]
        verbose_name = _("yearly report event")
        verbose_name_plural = _("yearly report events")

    def __str__(self):
        return f"{self.report_id}: {self.get_action_display()}"
