"""REST API v1 of the yearly monitoring report: the reports the user may see, their transitions and events,
and the completeness figures. Views only parse, call monitoring.transitions, and answer; the domain's
refusals map to HTTP in the one exception handler (403, 409, 400), a stale If-Match to 412."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from smartcity import policy
from smartcity.api import PolicyViewSetMixin, if_match_version

from .. import transitions
from ..completeness import completeness, default_year
from ..filtersets import CompletenessFilterSet, YearlyReportFilterSet
from ..models import YearlyReport
from ..querysets import missing_programmes
from ..services import open_reporting
from .serializers import (
    CompletenessSerializer,
    ReopenSerializer,
    ReturnSerializer,
    VersionSerializer,
    YearlyReportEventSerializer,
    YearlyReportSerializer,
)


class YearlyReportViewSet(PolicyViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Yearly monitoring reports the user may see (their region's, their province's, or all). A report exists
    as a draft for every expected region from the day its year's reporting window opens."""

    queryset = YearlyReport.objects.for_list().order_by("-window__year", "region_id")
    serializer_class = YearlyReportSerializer
    filterset_class = YearlyReportFilterSet

    def get_queryset(self):
        if self.action == "list":
            open_reporting()
        return super().get_queryset()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        context = {**self.get_serializer_context(), "missing": missing_programmes(page)}
        return self.get_paginated_response(YearlyReportSerializer(page, many=True, context=context).data)

    def _answer(self, report):
        report = self.get_queryset().get(pk=report.pk)
        context = {**self.get_serializer_context(), "missing": missing_programmes([report])}
        response = Response(YearlyReportSerializer(report, context=context).data)
        response["ETag"] = f'"{report.version}"'
        return response

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    def check_object_permissions(self, request, obj):
        # Who may move a report (region staff, the verifier, the secretariat) is for monitoring.transitions
        # to say: region scope alone would refuse the verifier.
        super(PolicyViewSetMixin, self).check_object_permissions(request, obj)

    def _transition(self, request, serializer_class, move, *texts):
        report = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = if_match_version(request)
        if version is None:
            version = serializer.validated_data.get("version")
        # The domain's refusals (and a stale version: 412 with If-Match, else 409) are answered by
        # smartcity.exceptions.api_exception_handler.
        report = move(request.user, report, version, *(serializer.validated_data.get(t) for t in texts))
        return self._answer(report)

    @extend_schema(request=VersionSerializer, responses=YearlyReportSerializer,
                   summary="Submit: draft or returned → submitted (region staff; no programme missing)")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, VersionSerializer, transitions.submit_report)

    @extend_schema(request=VersionSerializer, responses=YearlyReportSerializer,
                   summary="Verify: submitted → verified (the province officer, or the secretariat)")
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._transition(request, VersionSerializer, transitions.verify_report)

    @extend_schema(request=ReturnSerializer, responses=YearlyReportSerializer,
                   summary="Return with a comment: submitted → returned (the verifier)")
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, ReturnSerializer, transitions.return_report, "comment")

    @extend_schema(request=ReopenSerializer, responses=YearlyReportSerializer,
                   summary="Reopen with a reason: verified → returned (the national secretariat)")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(request, ReopenSerializer, transitions.reopen_report, "reason")

    @extend_schema(responses=YearlyReportEventSerializer(many=True), filters=False,
                   summary="The report's history: every transition with its comment (not paginated)")
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        report = self.get_object()
        events = report.events.select_related("user").order_by("at", "id")
        return Response(YearlyReportEventSerializer(events, many=True).data)


class CompletenessView(APIView):
    """Completeness and timeliness of the yearly reports of `year` (default: the latest opened), per
    province and per region, over the reports the user may see; `province` narrows to one province."""

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("province", str)],
                   responses=CompletenessSerializer, summary="Completeness and timeliness of the yearly reports")
    def get(self, request):
        data = request.GET.copy()
        if not data.get("year"):
            year = default_year()
            if year is not None:
                data["year"] = str(year)
        reports = policy.restrict(YearlyReport.objects.all(), request.user, policy.VIEW)
        filterset = CompletenessFilterSet(data, queryset=reports, request=request)
        if not data.get("year"):
            raise exceptions.ValidationError({"year": [_("No reporting window has opened yet: give a year.")]})
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        year = filterset.form.cleaned_data["year"]
        figures = completeness(filterset.qs, int(year))
        return Response(CompletenessSerializer(figures).data)
