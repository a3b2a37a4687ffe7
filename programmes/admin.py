import copy

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from smartcity.admin import PolicyAdmin, VersionedAdminMixin, year_column

from .models import Indicator, IndicatorValue, Masterplan, Opd, Programme, ProgrammeBudget, ProgrammeUpdate


@admin.register(Masterplan)
class MasterplanAdmin(VersionedAdminMixin, PolicyAdmin):
    list_display = ["title", "region", year_column("period_start", _("period start")),
                    year_column("period_end", _("period end")), "status"]
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


class ProgrammeBudgetInlineForm(forms.ModelForm):
    """A budget year in the admin, with the portal's rule: a pagu below what was realised needs the tick."""

    confirm_over_pagu = forms.BooleanField(label=_("Below the realised amount, and that is right"), required=False)

    class Meta:
        model = ProgrammeBudget
        fields = ["year", "pagu", "pagu_revised", "source"]

    def clean(self):
        cleaned = super().clean()
        candidate = copy.copy(self.instance)
        for name in ("year", "pagu", "pagu_revised", "source"):
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        if candidate.year and candidate.pagu is not None and not cleaned.get("confirm_over_pagu"):
            over = candidate.over_pagu_error(self.instance.ceiling if self.instance.pk else None)
            if over:
                self.add_error("pagu_revised" if candidate.pagu_revised is not None else "pagu", over)
        return cleaned


class ProgrammeBudgetInline(admin.TabularInline):
    model = ProgrammeBudget
    form = ProgrammeBudgetInlineForm
    extra = 0
    fields = ["year", "pagu", "pagu_revised", "source", "realised", "confirm_over_pagu"]
    readonly_fields = ["realised"]

    # The policy answers, as on every admin page of the portal, not Django's per-model permissions.
    has_view_permission = PolicyAdmin.has_view_permission
    has_add_permission = PolicyAdmin.has_add_permission
    has_change_permission = PolicyAdmin.has_change_permission
    has_delete_permission = PolicyAdmin.has_delete_permission


@admin.register(Programme)
class ProgrammeAdmin(VersionedAdminMixin, PolicyAdmin):
    list_display = ["code", "name", "region", "dimension", "term", "budget_planned", "current_status"]
    list_filter = ["dimension", "term", "current_status"]
    search_fields = ["code", "name", "region__name", "region__code"]
    list_select_related = ["region"]
    raw_id_fields = ["masterplan", "opd"]
    readonly_fields = ["budget_planned"]
    inlines = [ProgrammeBudgetInline]


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
