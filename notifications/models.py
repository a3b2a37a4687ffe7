"""In-app notifications (the bell), the reminders already given (so none is given twice) and the daily
digest mails already sent (at most one per user and day)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Kind(models.TextChoices):
    WINDOW_OPENED = "window_opened", _("Reporting window opened")
    DUE_SOON = "due_soon", _("Due date approaching")
    OVERDUE = "overdue", _("Overdue")
    OVERDUE_SUMMARY = "overdue_summary", _("Overdue reports in the province")
    SUBMITTED = "submitted", _("Submitted for verification")
    RETURNED = "returned", _("Returned for correction")
    VERIFIED = "verified", _("Verified")
    READY_FOR_SCORING = "ready_for_scoring", _("Ready for scoring")
    MODERATION_OPENED = "moderation_opened", _("Moderation opened")
    RESULTS_PUBLISHED = "results_published", _("Results published")


class Notification(models.Model):
    """One thing a user is told, written in the user's language when it happens."""

    Kind = Kind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    message = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Taken into a daily digest (mailed, or not mailed because the user turned this kind's e-mail off).
    digested_at = models.DateTimeField(_("digested"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "-created"]),
                   models.Index(fields=["user"], condition=models.Q(digested_at__isnull=True),
                                name="notification_undigested")]

    def __str__(self):
        return self.message[:60]

    @property
    def read(self):
        return self.read_at is not None


class Reminder(models.Model):
    """A scheduled reminder given to a user: written before anything is sent, so a job that runs twice (a task
    delivered twice, beat and cron on the same day) gives it once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    subject = models.CharField(max_length=64)  # what it is about, e.g. "yearlyreport:12"
    due = models.DateField()
    offset = models.SmallIntegerField()  # days before the due date (negative: after it)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "subject", "due", "offset"],
                                               name="reminder_once")]

    def __str__(self):
        return f"{self.kind} {self.subject} {self.due} {self.offset}"


class Digest(models.Model):
    """The one digest mail of a user on a day (Asia/Jakarta), written before it is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self):
        return f"{self.user_id} {self.day}"


class ReminderSettings(models.Model):
    """How many days before a due date the secretariat reminds those who have not submitted (one row)."""

    offsets = models.CharField(_("days before the due date"), max_length=64, default="14,7,1",
                               help_text=_("Comma-separated numbers of days, e.g. 14,7,1."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return self.offsets

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            days = parse_offsets(self.offsets)
        except ValueError:
            raise ValidationError({"offsets": _("Give whole numbers of days from 1 to 365, separated by commas.")})
        self.offsets = ",".join(str(d) for d in days)

    @classmethod
    def current_offsets(cls):
        row = cls.objects.first()
        return parse_offsets(row.offsets) if row else [14, 7, 1]


def parse_offsets(text):
    days = sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True)
    if not days or not all(1 <= d <= 365 for d in days):
        raise ValueError(text)
    return days
