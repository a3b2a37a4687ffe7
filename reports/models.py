"""A PDF report requested by a user and built in the background: what it is about, its progress,
its file, why it failed, and the fingerprint of the data it was built from."""
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import ReportQuerySet


def report_file_path(instance, filename):
    # Not guessable: the file is only ever served through reports.views.download, which asks the policy.
    return f"reports/{secrets.token_urlsafe(24)}.pdf"


class Report(models.Model):
    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("Region evaluation report")
        NATIONAL = "national", _("National summary report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    IN_FLIGHT = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    evaluation = models.ForeignKey("evaluations.Evaluation", verbose_name=_("evaluation"), on_delete=models.CASCADE,
                                   null=True, blank=True, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True,
                                            validators=[MinValueValidator(2017), MaxValueValidator(2100)])
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    # What a draft shows depends on who may read what (blind scoring, unsubmitted answers): the variant
    # is part of the key, and only users entitled to it may open it (reports.access).
    draft = models.BooleanField(_("draft"), default=False)
    shows_scores = models.BooleanField(_("shows the assessors' levels"), default=True)
    shows_answers = models.BooleanField(_("shows the self-assessment"), default=True)
    # One report in flight per key: a flood of requests reuses it (the database refuses a second).
    key = models.CharField(_("key"), max_length=120, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    file = models.FileField(_("file"), upload_to=report_file_path, blank=True)
    error = models.TextField(_("reason of failure"), blank=True)
    fingerprint = models.CharField(_("data fingerprint"), max_length=64, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.SET_NULL, null=True, related_name="+")
    requesters = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("requesters"), blank=True,
                                        related_name="reports")
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=models.Q(status__in=["queued", "running"]),
                                    name="report_one_in_flight_per_key"),
            models.CheckConstraint(
                condition=(models.Q(kind="evaluation", evaluation__isnull=False, year__isnull=True)
                           | models.Q(kind="national", evaluation__isnull=True, year__isnull=False)),
                name="report_target_matches_kind"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_progress_max_100"),
        ]
        indexes = [models.Index(fields=["key", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.subject}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def subject(self):
        if self.kind == self.Kind.NATIONAL:
            return str(self.year)
        return f"{self.evaluation.region.name} {self.evaluation.cycle.year}"

    @property
    def region(self):
        return self.evaluation.region if self.evaluation_id else None

    @property
    def in_flight(self):
        return self.status in self.IN_FLIGHT

    @property
    def is_done(self):
        return self.status == self.Status.DONE and bool(self.file)

    def download_name(self):
        from django.utils.text import slugify

        if self.kind == self.Kind.NATIONAL:
            stem = f"laporan-nasional-{self.year}"
        else:
            stem = f"laporan-evaluasi-{slugify(self.evaluation.region.name)}-{self.evaluation.cycle.year}"
        return f"{stem}{'-draf' if self.draft else ''}.pdf"
