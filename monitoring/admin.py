from django.contrib import admin

from evaluations.admin import NationalAdmin
from smartcity.admin import PolicyAdmin, VersionedAdminMixin, year_column

from .models import ReportingWindow, YearlyReport, YearlyReportEvent
from .services import open_reporting


@admin.register(ReportingWindow)
class ReportingWindowAdmin(VersionedAdminMixin, NationalAdmin):
    list_display = [year_column(), "opens", "due"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Reports exist from the day the window opens: now if it has, else at the first read from that day.
        open_reporting(obj.year)


class YearlyReportEventInline(admin.TabularInline):
    model = YearlyReportEvent
    extra = 0
    can_delete = False
    fields = ["action", "from_status", "to_status", "user", "at", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(YearlyReport)
class YearlyReportAdmin(PolicyAdmin):
    """Read-only: a report moves only through its transitions, on the portal's pages and the API."""

    list_display = ["region", "window", "status", "submitted_at", "verified_at"]
    list_filter = ["status", "window"]
    list_select_related = ["region", "window"]
    search_fields = ["region__name", "region__code"]
    inlines = [YearlyReportEventInline]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
