"""The reports API: POST a request (202 with the report's id, status and progress), list one's own
reports, read one, download its PDF. Access asks the policy through reports.services."""
from django.db import transaction
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from evaluations.models import Evaluation

from .. import services
from ..models import Report
from ..views import pdf_response
from .serializers import ReportRequestSerializer, ReportSerializer


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # The request commits its report and queues it at once, to answer whether the queue took it.
        return transaction.non_atomic_requests(super().as_view(actions, **initkwargs))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no user
            return Report.objects.none()
        user = self.request.user
        reports = Report.objects.visible_to(user).for_list()
        if self.action == "list":
            reports = reports.requested_by_user(user)
        return reports

    def get_object(self):
        report = super().get_object()
        if not services.variant_allowed(self.request.user, report):
            raise Http404
        return report

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        visible = [r for r in page if services.variant_allowed(request.user, r)]
        return self.get_paginated_response(self.get_serializer(visible, many=True).data)

    @extend_schema(request=ReportRequestSerializer, responses={
        202: ReportSerializer, 503: OpenApiResponse(ReportSerializer, description=_("The queue is unavailable.")),
        400: OpenApiResponse(description=_("Invalid request")), 403: OpenApiResponse(description=_("Not allowed")),
        404: OpenApiResponse(description=_("No such evaluation"))})
    def create(self, request, *args, **kwargs):
        incoming = ReportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        national = data["kind"] == Report.Kind.NATIONAL
        try:
            report, _reused = services.request_report(
                request.user, data["kind"], evaluation=None if national else data["evaluation"],
                year=data["year"] if national else None, language=translation.get_language(),
                rebuild=data["rebuild"])
        except Evaluation.DoesNotExist:
            raise Http404 from None
        report.refresh_from_db()
        # Failed before any worker started it: the queue did not take it.
        unavailable = report.status == Report.Status.FAILED and report.attempts == 0
        return Response(self.get_serializer(report).data,
                        status=status.HTTP_503_SERVICE_UNAVAILABLE if unavailable else status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              409: OpenApiResponse(description=_("The report is not done yet."))})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        report = self.get_object()
        if not report.is_done:
            return Response({"detail": _("This report is not ready yet."), "status": report.status},
                            status=status.HTTP_409_CONFLICT)
        return pdf_response(report)
