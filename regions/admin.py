from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from smartcity.admin import PolicyAdmin, ReferenceAdmin, VersionedAdminMixin, year_column

from .models import Award, Enrolment, Region, RegionProfile, RoleAssignment, Rpjmd


@admin.register(Region)
class RegionAdmin(PolicyAdmin):
    region_field = None
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]

    def has_delete_permission(self, request, obj=None):
        # Regions come from the Kemendagri loader and hold data; they are never deleted by hand.
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(VersionedAdminMixin, PolicyAdmin):
    list_display = ["region", "cohort", "status", "mou_number", "mou_date"]
    list_filter = ["cohort_year", "status"]
    search_fields = ["region__name", "region__code", "mou_number"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]

    @admin.display(description=Enrolment._meta.get_field("cohort_year").verbose_name, ordering="cohort_year")
    def cohort(self, obj):
        return str(obj.cohort_year)  # a year, not a quantity: no thousands separator


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReferenceAdmin):
    list_display = ["user", "role", "region"]
    list_filter = ["role"]
    search_fields = ["user__username", "region__name", "region__code"]
    list_select_related = ["user", "region"]
    raw_id_fields = ["user", "region"]


@admin.register(RegionProfile)
class RegionProfileAdmin(VersionedAdminMixin, PolicyAdmin):
    list_display = ["region", year_column(), "population", "fiscal_capacity", "ipm", "poverty_rate", "spbe_index"]
    list_filter = ["year", "fiscal_capacity"]
    search_fields = ["region__name", "region__code"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]


@admin.register(Rpjmd)
class RpjmdAdmin(VersionedAdminMixin, PolicyAdmin):
    list_display = ["region", year_column("period_start", _("period start")), year_column("period_end", _("period end")),
                    "regulation_number", "regulation_date"]
    search_fields = ["region__name", "region__code", "regulation_number"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]


@admin.register(Award)
class AwardAdmin(VersionedAdminMixin, PolicyAdmin):
    list_display = ["region", year_column(), "date", "title", "dimension", "awarded_by"]
    list_filter = ["year", "dimension"]
    search_fields = ["region__name", "region__code", "title", "awarded_by"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]
