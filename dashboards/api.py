"""`GET /api/v1/dashboard/`: the figures of the national dashboard, or of one province's with
`province`, as JSON, from the same query functions as the pages (dashboards.queries)."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from programmes.models import UpdateStatus
from smartcity import policy
from smartcity.dimensions import Dimension

from . import cache
from .forms import DashboardFilterForm
from .views import province_gate

MONEY = {"max_digits": 20, "decimal_places": 2}
INDEX = {"max_digits": 4, "decimal_places": 2, "allow_null": True}
SHARE = {"max_digits": 5, "decimal_places": 1, "allow_null": True}


class StatusCountsSerializer(serializers.Serializer):
    """Programmes per current status; `none`: no update yet."""

    planned = serializers.IntegerField()
    in_development = serializers.IntegerField()
    running = serializers.IntegerField()
    stalled = serializers.IntegerField()
    completed = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    none = serializers.IntegerField()


class ProgrammeFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_status = serializers.SerializerMethodField()
    stalled = serializers.IntegerField()
    quick_wins = serializers.IntegerField()
    quick_wins_active = serializers.IntegerField(help_text=_("Quick wins running or completed."))
    quick_win_share = serializers.DecimalField(**SHARE, help_text=_("Per cent of quick wins running or completed."))
    budget_planned = serializers.DecimalField(**MONEY, help_text=_(
        "Pagu of the budget year (revised where set): the chosen year, else each programme's latest update's."))
    budget_realised = serializers.DecimalField(**MONEY, help_text=_("Realised (year-to-date) in that budget year."))
    budget_share = serializers.DecimalField(**SHARE, help_text=_(
        "Realisation: realised in per cent of the pagu of the same year; null without a pagu."))
    verified = serializers.IntegerField(help_text=_(
        "Programmes whose region's yearly report for `status_year` is verified."))
    unverified = serializers.IntegerField(help_text=_(
        "Programmes whose status for `status_year` is not yet verified (counted in `total` only with all data)."))
    unverified_share = serializers.DecimalField(**SHARE, help_text=_(
        "Per cent of the programmes whose status for `status_year` is not yet verified."))

    @extend_schema_field(StatusCountsSerializer)
    def get_by_status(self, figures):
        counts = {status: figures.by_status.get(status, 0) for status in UpdateStatus.values}
        counts["none"] = figures.by_status.get("", 0)
        return counts


class CohortSerializer(serializers.Serializer):
    cohort_year = serializers.IntegerField()
    regions = serializers.IntegerField()

    def to_representation(self, instance):
        year, n = instance
        return {"cohort_year": year, "regions": n}


class MasterplanCountsSerializer(serializers.Serializer):
    draft = serializers.IntegerField()
    final = serializers.IntegerField()
    legalised = serializers.IntegerField()


class DimensionRowSerializer(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    label = serializers.CharField()
    programmes = ProgrammeFiguresSerializer(source="figures")


class StalledExampleSerializer(serializers.Serializer):
    programme = serializers.IntegerField(source="programme_id")
    code = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField(source="region_code")
    region_name = serializers.CharField()
    constraint = serializers.CharField()
    budget_planned = serializers.DecimalField(**MONEY)


class ConstraintRowSerializer(serializers.Serializer):
    category = serializers.CharField(help_text=_("Constraint category of the stalled programmes' current update."))
    label = serializers.CharField()
    count = serializers.IntegerField()
    examples = StalledExampleSerializer(many=True, help_text=_("The largest stalled programmes, by planned budget."))


class RankedRegionSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField(source="evaluation_id")
    region = serializers.CharField(source="region_code")
    region_name = serializers.CharField()
    index = serializers.DecimalField(**INDEX)
    predikat = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    previous = serializers.DecimalField(**INDEX, help_text=_(
        "The region's latest earlier final index, whatever its year (what the improvement is measured against)."))
    change = serializers.DecimalField(**{**INDEX, "max_digits": 5})


class PredikatCountSerializer(serializers.Serializer):
    predikat = serializers.CharField()
    count = serializers.IntegerField()

    def to_representation(self, instance):
        predikat, n = instance
        return {"predikat": predikat, "count": n}


class EvaluationSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True, help_text=_("Cycle year of the results (the latest with "
                                                                 "final evaluations unless `year` is given)."))
    previous_year = serializers.IntegerField(allow_null=True)
    dimension = serializers.CharField(allow_null=True, help_text=_("With a dimension, the figures read its index."))
    count = serializers.IntegerField()
    average = serializers.DecimalField(**INDEX)
    previous_count = serializers.IntegerField()
    previous_average = serializers.DecimalField(**INDEX)
    change = serializers.DecimalField(**{**INDEX, "max_digits": 5})
    distribution_by = serializers.CharField(help_text=_(
        '"predikat", or "index_band" where the instrument uses no predikat: then each entry\'s `predikat` is an '
        'equal band of the 1–5 scale ("3,40–4,20"), highest first.'))
    distribution = PredikatCountSerializer(many=True)
    top = RankedRegionSerializer(many=True)
    bottom = RankedRegionSerializer(many=True)


class GroupRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    enrolled = serializers.IntegerField()
    cohort = serializers.IntegerField(allow_null=True)
    masterplans_legalised = serializers.IntegerField()
    programmes = ProgrammeFiguresSerializer()
    evaluated = serializers.IntegerField()
    average = serializers.DecimalField(**INDEX)
    previous_average = serializers.DecimalField(**INDEX)
    change = serializers.DecimalField(**{**INDEX, "max_digits": 5})


class FiltersSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    province = serializers.CharField(allow_null=True)
    cohort = serializers.IntegerField(allow_null=True)
    dimension = serializers.CharField(allow_null=True)
    data = serializers.CharField(allow_null=True, help_text=_('"verified": verified data only; null: all data.'))


class DashboardSerializer(serializers.Serializer):
    filters = FiltersSerializer()
    level = serializers.SerializerMethodField(help_text=_("national, or province with `province`"))
    group_level = serializers.ChoiceField(choices=["province", "region"],
                                          help_text=_("What the rows of `groups` are."))
    enrolled = serializers.IntegerField(help_text=_("Regions enrolled in the movement."))
    cohorts = CohortSerializer(many=True)
    masterplans = MasterplanCountsSerializer()
    regions_with_legalised_masterplan = serializers.IntegerField(source="regions_with_legalised")
    status_year = serializers.IntegerField(source="basis.year", allow_null=True, help_text=_(
        "The reporting year whose verification the programme figures are measured against: `year`, else the "
        "latest year whose reporting window has opened."))
    verified_only = serializers.BooleanField(source="basis.verified_only", help_text=_(
        "Whether the programme figures read only verified data (`data=verified`)."))
    programmes = ProgrammeFiguresSerializer()
    by_dimension = DimensionRowSerializer(many=True)
    constraints = ConstraintRowSerializer(many=True)
    evaluation = EvaluationSummarySerializer()
    groups = GroupRowSerializer(many=True)

    def get_level(self, data) -> str:
        return "province" if data.filters.province else "national"


FILTER_PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description=str(_(
        "Programmes planned to run in this year, regions enrolled by then, and that year's evaluation cycle."))),
    OpenApiParameter("province", OpenApiTypes.STR, description=str(_(
        "A province code: that province's dashboard, by kabupaten/kota."))),
    OpenApiParameter("cohort", OpenApiTypes.INT, description=str(_("Only regions of this cohort."))),
    OpenApiParameter("dimension", OpenApiTypes.STR, enum=Dimension.values, description=str(_(
        "Only programmes of this dimension; evaluation figures read its index."))),
    OpenApiParameter("data", OpenApiTypes.STR, enum=["verified"], description=str(_(
        "verified: programme figures read each programme's status as its region's verified yearly report for "
        "the year saw it, over the regions whose report is verified. Default: all data, the unverified share "
        "given."))),
]


class DashboardView(APIView):
    """The national dashboard (ministry, admin) or one province's (also its province officers)."""

    @extend_schema(operation_id="dashboard", tags=["dashboard"], parameters=FILTER_PARAMETERS,
                   responses=DashboardSerializer,
                   description=str(_("The figures the dashboard pages show, for the same filters.")))
    def get(self, request):
        user = request.user
        form = DashboardFilterForm(request.query_params, user=user)
        if not form.is_valid():
            raise ValidationError({name: [str(message) for message in errors] for name, errors in form.errors.items()})
        filters = form.filters()
        if filters.province:
            province_gate(user, filters.province)
        elif not policy.can(user, policy.VIEW_NATIONAL):
            self.permission_denied(request, message=_("The national dashboard is for the ministry and the national "
                                                      "secretariat; give `province` for a province's figures."))
        # The same cache as the pages (dashboards/cache.py): kept until a write changes the figures.
        return Response(cache.cached(user, "api", filters,
                                     lambda: DashboardSerializer(cache.dashboard(user, filters)).data))
