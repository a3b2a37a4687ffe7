from django.contrib import admin

from smartcity.admin import ReferenceAdmin

from .models import ReminderSettings


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(ReferenceAdmin):
    """The secretariat sets how many days before a due date reminders go out (notifications are personal and
    are not shown here)."""

    list_display = ["offsets"]
