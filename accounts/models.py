"""Portal users. A custom user model from the first migration; roles live in regions.RoleAssignment."""
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # The language of the mails the portal sends the user (notifications digest, password reset).
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="id")
    # Kinds of notification (notifications.models.Kind) the user gets in the portal only, not by e-mail.
    email_muted = models.JSONField(_("no e-mail for"), default=list, blank=True)
    # The bell's count, kept by notifications.services so that no page pays a query for it.
    unread_notifications = models.PositiveIntegerField(_("unread notifications"), default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login", "unread_notifications"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.get_full_name() or self.username
