"""Reports in the admin: read-only for everyone (they are requested and built in the portal)."""
from django.contrib import admin

from smartcity import policy
from smartcity.admin import year_column

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The site opens for admin and ministry only (smartcity.admin), and both see every report."""

    list_display = ["pk", "kind", "subject", "language", "draft", "status", "progress", "requested_by", "created_at",
                    "finished_at"]
    list_filter = ["kind", "status", "language", "draft"]
    list_select_related = ["evaluation__region", "evaluation__cycle", "requested_by"]
    search_fields = ["evaluation__region__name", "evaluation__region__code", "key"]
    readonly_fields = [year_column() if f.name == "year" else f.name for f in Report._meta.fields] + ["requesters"]
    exclude = []

    def has_module_permission(self, request):
        return policy.can(request.user, policy.USE_ADMIN_SITE)

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, policy.USE_ADMIN_SITE)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
