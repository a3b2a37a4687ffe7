import copy

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from regions.models import Region
from smartcity.api import VersionedModelSerializer

from ..models import Indicator, IndicatorValue, Masterplan, Opd, Programme, ProgrammeBudget, ProgrammeUpdate


class MasterplanSerializer(VersionedModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(),
                                          help_text=_("Kemendagri code of the region."))
    document_url = serializers.SerializerMethodField(help_text=_("Download link of the PDF, if uploaded."))

    class Meta:
        model = Masterplan
        fields = ["id", "region", "title", "period_start", "period_end", "status", "legal_basis_number",
                  "legal_basis_date", "document_url", "document_public", "version"]
        read_only_fields = ["id"]
        scoped_relations = ["region"]
        immutable_fields = ["region"]

    def get_document_url(self, obj) -> str | None:
        if not obj.document:
            return None
        return reverse("programmes:masterplan_document", args=[obj.pk])


class OpdSerializer(VersionedModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(),
                                          help_text=_("Kemendagri code of the region."))

    class Meta:
        model = Opd
        fields = ["id", "region", "name", "acronym", "version"]
        read_only_fields = ["id"]
        scoped_relations = ["region"]
        immutable_fields = ["region"]
        validators = []  # Opd.clean() reports duplicates per field


class ProgrammeSerializer(VersionedModelSerializer):
    masterplan = serializers.PrimaryKeyRelatedField(queryset=Masterplan.objects.all())
    opd = serializers.PrimaryKeyRelatedField(queryset=Opd.objects.all(), allow_null=True, required=False)
    region = serializers.CharField(source="region_id", read_only=True, help_text=_("Code of the masterplan's region."))
    status = serializers.CharField(source="current_update.status", read_only=True, allow_null=True, default=None,
                                   help_text=_("Status of the latest update (null before the first)."))
    progress = serializers.IntegerField(source="current_update.progress", read_only=True, allow_null=True,
                                        default=None, help_text=_("Progress (%) of the latest update."))
    budget_realised = serializers.DecimalField(source="current_update.budget_realised", max_digits=18,
                                               decimal_places=2, read_only=True, allow_null=True, default=None)
    last_update_at = serializers.DateTimeField(source="current_update.created_at", read_only=True,
                                               allow_null=True, default=None)
    budget_planned = serializers.DecimalField(
        max_digits=18, decimal_places=2, read_only=True,
        help_text=_("Sum of the pagu of the programme's budget years (read-only; see /budgets/)."))
    realisation = serializers.DecimalField(
        max_digits=20, decimal_places=1, read_only=True, allow_null=True, source="current_realisation",
        help_text=_("Realised (year-to-date) in per cent of the pagu of the latest update's year; null without "
                    "a pagu for that year."))

    class Meta:
        model = Programme
        fields = ["id", "masterplan", "region", "code", "name", "description", "dimension", "sub_dimension",
                  "term", "opd", "start_year", "end_year", "budget_planned", "funding_source", "public_url",
                  "rpjmd_programme", "status", "progress", "budget_realised", "realisation", "last_update_at", "version"]
        read_only_fields = ["id"]
        scoped_relations = ["masterplan", "opd"]
        immutable_fields = ["masterplan"]
        # Programme.clean() names the duplicate code as a field error; DRF's generic one would not.
        validators = []



class ProgrammeUpdateSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)
    confirm_over_pagu = serializers.BooleanField(
        write_only=True, required=False, default=False,
        help_text=_("True to confirm a realised amount above the pagu of the year."))

    class Meta:
        model = ProgrammeUpdate
        fields = ["id", "year", "status", "progress", "budget_realised", "constraint_category", "constraint",
                  "next_steps", "evidence_url", "confirm_over_pagu", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]
        extra_kwargs = {"budget_realised": {"help_text": _("Realised so far in the budget year (year-to-date).")}}


class ProgrammeBudgetSerializer(VersionedModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(read_only=True)
    realised = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True, allow_null=True, help_text=_(
        "Realised amount of the programme's latest update of the year (year-to-date)."))
    realisation = serializers.DecimalField(max_digits=20, decimal_places=1, read_only=True, allow_null=True,
                                           help_text=_("Realised in per cent of the pagu (revised where set)."))

    confirm_over_pagu = serializers.BooleanField(
        write_only=True, required=False, default=False,
        help_text=_("True to confirm a pagu below the amount already realised in its year."))

    class Meta:
        model = ProgrammeBudget
        fields = ["id", "programme", "year", "pagu", "pagu_revised", "source", "realised", "realisation", "version",
                  "confirm_over_pagu"]
        read_only_fields = ["id"]
        immutable_fields = ["year"]
        validators = []  # ProgrammeBudget.clean() names a duplicate year as a field error

    def validate(self, attrs):
        confirmed = attrs.pop("confirm_over_pagu", False)
        if self.instance is None:
            attrs["programme"] = self.context["programme"]
        attrs = super().validate(attrs)
        # The rule of every path that stores a pagu (ProgrammeBudget.over_pagu_error), as a field error.
        candidate = copy.copy(self.instance) if self.instance is not None else ProgrammeBudget()
        for name, value in attrs.items():
            if name != "version":
                setattr(candidate, name, value)
        if candidate.year and candidate.pagu is not None and not confirmed:
            over = candidate.over_pagu_error(self.instance.ceiling if self.instance is not None else None)
            if over:
                raise serializers.ValidationError(
                    {"pagu_revised" if candidate.pagu_revised is not None else "pagu": [over]})
        return attrs


class IndicatorValueSerializer(VersionedModelSerializer):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all())

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "year", "target", "actual", "version"]
        read_only_fields = ["id"]
        scoped_relations = ["indicator"]
        immutable_fields = ["indicator", "year"]


class IndicatorSerializer(VersionedModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.all())
    values = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["id", "programme", "name", "unit", "baseline", "values", "version"]
        read_only_fields = ["id"]
        scoped_relations = ["programme"]
        immutable_fields = ["programme"]

    def get_values(self, obj) -> list[dict]:
        return [{"year": v.year, "target": v.target, "actual": v.actual} for v in obj.values.all()]


