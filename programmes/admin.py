from django.contrib import admin

from smartcity.admin import PolicyAdmin, VersionedAdminMixin, year_column

from .models import Indicator, IndicatorValue, Masterplan, Opd, Programme, ProgrammeUpdate


@admin.register(Masterplan)
class MasterplanAdmin(VersionedAdminMixin, PolicyAdmin):
    list_display = ["title", "region", "period_start", "period_end", "status"]
    list_filter = ["status"]
    search_fields = ["title", "region__name", "region__code"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]


@admin.register(Opd)
class OpdAdmin(VersionedAdminMixin, PolicyAdmin):
    list_display = ["acronym", "name", "region"]
    search_fields = ["acronym", "name", "region__name"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]


@admin.register(Programme)
class ProgrammeAdmin(VersionedAdminMixin, PolicyAdmin):
    list_display = ["code", "name", "region", "dimension", "term", "budget_planned", "current_status"]
    list_filter = ["dimension", "term", "current_status"]
    search_fields = ["code", "name", "region__name", "region__code"]
    list_select_related = ["region"]
    raw_id_fields = ["masterplan", "opd"]


@admin.register(ProgrammeUpdate)
class ProgrammeUpdateAdmin(PolicyAdmin):
    region_field = "programme__region"
    list_display = ["programme", year_column(), "status", "progress", "author", "created_at"]
    list_filter = ["status", "year", "constraint_category"]
    list_select_related = ["programme", "author"]
    raw_id_fields = ["programme", "author"]

    # Append-only: updates are posted through the portal, never edited or deleted here.
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    exclude = ["version"]


@admin.register(Indicator)
class IndicatorAdmin(VersionedAdminMixin, PolicyAdmin):
    region_field = "programme__region"
    list_display = ["name", "unit", "programme"]
    list_select_related = ["programme"]
    raw_id_fields = ["programme"]
    inlines = [IndicatorValueInline]
