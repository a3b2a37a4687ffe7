"""Evaluations in the Django admin: instruments and their criteria, cycles with their transitions,
evaluations with their assessors and their log. Scores and answers are worked in the portal and the
API (where blind scoring is enforced), never here; results are read-only."""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from smartcity.admin import PolicyAdmin, VersionedAdminMixin, year_column

from . import transitions
from .models import Assignment, Criterion, Cycle, Evaluation, EvaluationEvent, Instrument, Interview


class NationalAdmin(PolicyAdmin):
    """Records that belong to no region: read by admin and ministry, changed by the secretariat."""

    def get_queryset(self, request):
        return super(PolicyAdmin, self).get_queryset(request)


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    exclude = ["version"]
    fields = [("code", "position", "aspect", "weight"), ("dimension", "sub_dimension"), "question", "guidance",
              "level_1", "level_2", "level_3", "level_4", "level_5",
              *Criterion.IMPROVEMENT_FIELDS]

    def _frozen(self, obj):
        return obj is not None and obj.in_use

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and self.admin_site._registry[Instrument].has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and self.admin_site._registry[Instrument].has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and self.admin_site._registry[Instrument].has_delete_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.admin_site._registry[Instrument].has_view_permission(request, obj)


@admin.register(Instrument)
class InstrumentAdmin(VersionedAdminMixin, NationalAdmin):
    list_display = ["code", "name", "created_at"]
    search_fields = ["code", "name"]
    inlines = [CriterionInline]

    def get_readonly_fields(self, request, obj=None):
        return ["predikat_thresholds"] if obj is not None and obj.in_use else []


@admin.register(Cycle)
class CycleAdmin(VersionedAdminMixin, NationalAdmin):
    list_display = [year_column(), "name", "status", "instrument", "self_assessment_start", "assessment_end"]
    list_filter = ["status"]
    readonly_fields = ["status"]
    list_select_related = ["instrument"]
    actions = ["open_cycles", "start_assessment", "close_cycles"]

    def _run(self, request, queryset, move):
        for cycle in queryset:
            try:
                move(request.user, cycle)
            except (transitions.Conflict, PermissionDenied) as e:
                self.message_user(request, f"{cycle}: {e}", messages.ERROR)
            else:
                self.message_user(request, f"{cycle}: {cycle.get_status_display()}", messages.SUCCESS)

    @admin.action(description=_("Open for self-assessment"), permissions=["change"])
    def open_cycles(self, request, queryset):
        self._run(request, queryset, transitions.open_cycle)

    @admin.action(description=_("Move on to assessment"), permissions=["change"])
    def start_assessment(self, request, queryset):
        self._run(request, queryset, transitions.start_assessment)

    @admin.action(description=_("Close"), permissions=["change"])
    def close_cycles(self, request, queryset):
        self._run(request, queryset, transitions.close_cycle)


class AssignmentFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if sum(1 for row in kept if row.get("is_lead")) > 1:
            raise ValidationError(_("Name one lead assessor."))
        if kept and not any(row.get("is_lead") for row in kept):
            raise ValidationError(_("Name the lead among the assessors."))


class AssignmentInline(admin.TabularInline):
    model = Assignment
    formset = AssignmentFormSet
    extra = 0
    raw_id_fields = ["assessor"]

    def _allowed(self, request, obj):
        # The assignment guard (not final, cycle not closed) decides, as on the API.
        return self.admin_site._registry[Evaluation].has_change_permission(request, obj) and (
            obj is None or transitions.permits(transitions.ensure_can_assign, request.user, obj))

    def has_add_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.admin_site._registry[Evaluation].has_view_permission(request, obj)


class EventInline(admin.TabularInline):
    model = EvaluationEvent
    extra = 0
    fields = ["at", "action", "from_status", "to_status", "user", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self.admin_site._registry[Evaluation].has_view_permission(request, obj)


class InterviewInline(admin.TabularInline):
    """The presentation and interview records, read-only: the lead assessor enters them in the portal, where
    the policy (RECORD_INTERVIEW) and the evaluation's stage guard the writes."""

    model = Interview
    extra = 0
    can_delete = False
    fields = ["date", "mode", "venue", "attendees", "notes", "recorded_by", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self.admin_site._registry[Evaluation].has_view_permission(request, obj)


@admin.register(Evaluation)
class EvaluationAdmin(VersionedAdminMixin, PolicyAdmin):
    list_display = ["region", "cycle", "status", "index", "predikat", "rank"]
    list_filter = ["status", "cycle__year", "predikat"]
    search_fields = ["region__name", "region__code"]
    list_select_related = ["region", "cycle"]
    raw_id_fields = ["region"]
    readonly_fields = ["status", "index", "aspect_indexes", "dimension_indexes", "predikat", "rank", "submitted_at",
                       "moderation_opened_at", "finalised_at"]
    inlines = [AssignmentInline, InterviewInline, EventInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:
            # A region's place in a cycle is fixed; the narrative is open only while its guard allows.
            fields += ["cycle", "region"]
            if not transitions.permits(transitions.ensure_can_write_narrative, request.user, obj):
                fields += list(transitions.NARRATIVE)
        return fields

    def has_change_permission(self, request, obj=None):
        # A final evaluation is read-only for everyone: its change page only shows it (a POST is 403).
        return super().has_change_permission(request, obj) and (obj is None or not obj.is_final)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == "not_started")
