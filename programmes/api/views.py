from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from smartcity import policy
from smartcity.api import PolicyViewSetMixin, VersionedViewSetMixin

from .. import services
from ..filtersets import (
    IndicatorFilterSet,
    IndicatorValueFilterSet,
    MasterplanFilterSet,
    OpdFilterSet,
    ProgrammeFilterSet,
    ProgrammeUpdateFilterSet,
)
from ..models import Indicator, IndicatorValue, Masterplan, Opd, Programme, ProgrammeBudget
from .serializers import (
    IndicatorSerializer,
    IndicatorValueSerializer,
    MasterplanSerializer,
    OpdSerializer,
    ProgrammeBudgetSerializer,
    ProgrammeSerializer,
    ProgrammeUpdateSerializer,
)


class EditableViewSet(PolicyViewSetMixin, VersionedViewSetMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """List, read, create and update (with version); records are never deleted through the API."""


class MasterplanViewSet(EditableViewSet):
    queryset = Masterplan.objects.select_related("region").order_by("region", "-period_start")
    serializer_class = MasterplanSerializer
    filterset_class = MasterplanFilterSet


class OpdViewSet(EditableViewSet):
    queryset = Opd.objects.select_related("region").order_by("region", "acronym")
    serializer_class = OpdSerializer
    filterset_class = OpdFilterSet


class ProgrammeViewSet(EditableViewSet):
    """Programmes; `status`, `progress` and `budget_realised` are those of the latest update."""

    # By ids, not relations: ordering "masterplan" would drag in Masterplan.Meta.ordering and a join.
    queryset = Programme.objects.for_list().order_by("region_id", "masterplan_id", "code")
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet

    create_region_source = "masterplan"

    @extend_schema(request=ProgrammeUpdateSerializer, responses=ProgrammeUpdateSerializer(many=True),
                   filters=False, summary="Yearly status updates of a programme (append-only)")
    @action(detail=True, methods=["get", "post"], serializer_class=ProgrammeUpdateSerializer)
    def updates(self, request, pk=None):
        programme = self.get_object()
        if request.method == "POST":
            serializer = ProgrammeUpdateSerializer(data=request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            update = services.post_update(request.user, programme, serializer.validated_data)
            return Response(ProgrammeUpdateSerializer(update).data, status=status.HTTP_201_CREATED)
        updates = ProgrammeUpdateFilterSet(request.GET, queryset=programme.updates.select_related("author")
                                           .latest_first(), request=request)
        if not updates.is_valid():
            raise ValidationError(updates.errors)
        page = self.paginate_queryset(updates.qs)
        return self.get_paginated_response(ProgrammeUpdateSerializer(page, many=True).data)


class IndicatorViewSet(EditableViewSet):
    queryset = Indicator.objects.select_related("programme__region").prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))).order_by("programme", "id")
    serializer_class = IndicatorSerializer
    region_field = "programme__region"
    filterset_class = IndicatorFilterSet

    create_region_source = "programme"


class IndicatorValueViewSet(EditableViewSet):
    queryset = IndicatorValue.objects.select_related("indicator__programme__region").order_by("indicator", "year")
    serializer_class = IndicatorValueSerializer
    region_field = "indicator__programme__region"
    filterset_class = IndicatorValueFilterSet

    create_region_source = "indicator"




class ProgrammeBudgetViewSet(EditableViewSet):
    """The pagu of each budget year of a programme (`/programmes/{id}/budgets/{year}/`), editable by whoever may
    change the programme; the programme's `budget_planned` is their sum."""

    queryset = ProgrammeBudget.objects.select_related("programme__region")
    serializer_class = ProgrammeBudgetSerializer
    region_field = "programme__region"
    lookup_field = "year"
    lookup_value_regex = "[0-9]{1,4}"
    pagination_class = None

    def get_programme(self):
        if not hasattr(self, "_programme"):
            self._programme = get_object_or_404(
                Programme.objects.visible_to(self.request.user).select_related("region"),
                pk=self.kwargs["programme_pk"])
        return self._programme

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgrammeBudget.objects.none()
        return super().get_queryset().filter(programme=self.get_programme()).order_by("year")


    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and "programme_pk" in self.kwargs:
            context["programme"] = self.get_programme()
        return context

    def check_create(self, request):
        if not policy.can(request.user, policy.CHANGE, self.get_programme()):
            self.permission_denied(request, message=_("You may not add records to this region."))

    def region_of_new(self, validated_data):
        return self.get_programme().region
