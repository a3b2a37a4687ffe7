from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

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
from ..models import Indicator, IndicatorValue, Masterplan, Opd, Programme
from .serializers import (
    IndicatorSerializer,
    IndicatorValueSerializer,
    MasterplanSerializer,
    OpdSerializer,
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


