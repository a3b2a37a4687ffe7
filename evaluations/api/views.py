"""REST API v1 for instruments, cycles and evaluations with their sub-resources.

Views only parse, call evaluations.transitions / services, and answer. The domain's refusals
(PermissionDenied, transitions.Conflict, a stale version, ValidationError) become answers once, in
smartcity.exceptions' handler. An evaluation the user may not see is 404. Every write asks its guard
before the body is validated.
"""
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from smartcity import policy
from smartcity.api import PolicyViewSetMixin, VersionedViewSetMixin
from smartcity.exceptions import StateConflict

from .. import services, transitions
from ..filtersets import CriterionFilterSet, CycleFilterSet, EvaluationFilterSet, InstrumentFilterSet
from ..models import CitizenSurvey, Criterion, Cycle, Evaluation, Instrument, Interview, SurveyedProgramme
from ..querysets import visible_agreements, visible_answers, visible_scores
from .serializers import (
    AgreementInputSerializer,
    AgreementSerializer,
    AnswerInputSerializer,
    AnswerSerializer,
    CriterionSerializer,
    CycleSerializer,
    EvaluationSerializer,
    InstrumentCopySerializer,
    InstrumentSerializer,
    InterviewInputSerializer,
    InterviewSerializer,
    PublicationSerializer,
    ReasonSerializer,
    ScoreInputSerializer,
    ScoreSerializer,
    SurveyInputSerializer,
    SurveySerializer,
)


class NationalWritePermission(permissions.BasePermission):
    """Everyone signed in reads; only the national secretariat writes."""

    message = _("Only the national secretariat changes this.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or policy.can(request.user, policy.MANAGE_REFERENCE)


class ReferenceViewSet(VersionedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                       viewsets.ReadOnlyModelViewSet):
    permission_classes = [NationalWritePermission]


class InstrumentViewSet(ReferenceViewSet):
    """Evaluation instruments with their criteria. An instrument used by an opened cycle is frozen (409)."""

    queryset = Instrument.objects.with_criteria().annotate(
        is_in_use=Exists(Cycle.objects.filter(instrument=OuterRef("pk")).exclude(status=Cycle.Status.DRAFT))
    ).order_by("-created_at", "code")
    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilterSet

    def update(self, request, *args, **kwargs):
        if isinstance(request.data, dict) and "predikat_thresholds" in request.data and self.get_object().in_use:
            raise StateConflict(_("This instrument is used by an opened cycle; copy it to change its thresholds."))
        return super().update(request, *args, **kwargs)

    @extend_schema(request=InstrumentCopySerializer, responses={201: InstrumentSerializer},
                   summary="Copy an instrument into a new edition, free to change")
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        instrument = self.get_object()
        serializer = InstrumentCopySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        copy = services.copy_instrument(request.user, instrument, **serializer.validated_data)
        return Response(InstrumentSerializer(self.get_queryset().get(pk=copy.pk)).data, status=status.HTTP_201_CREATED)


class CriterionViewSet(ReferenceViewSet):
    """Criteria of the instruments; frozen (409) once their instrument is used by an opened cycle."""

    queryset = Criterion.objects.select_related("instrument").order_by("instrument", "position", "code")
    serializer_class = CriterionSerializer
    filterset_class = CriterionFilterSet

    def _refuse_if_frozen(self, instrument_id):
        if instrument_id and Cycle.objects.opened().filter(instrument_id=instrument_id).exists():
            raise StateConflict(_("This instrument is used by an opened cycle; its criteria are frozen."))

    def create(self, request, *args, **kwargs):
        instrument = request.data.get("instrument") if isinstance(request.data, dict) else None
        if isinstance(instrument, int | str) and str(instrument).isdigit() and len(str(instrument)) < 19:
            self._refuse_if_frozen(int(instrument))
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self._refuse_if_frozen(self.get_object().instrument_id)
        return super().update(request, *args, **kwargs)


class CycleViewSet(ReferenceViewSet):
    """Yearly cycles. Status moves only through the actions open, start-assessment and close."""

    queryset = Cycle.objects.select_related("instrument").order_by("-year")
    serializer_class = CycleSerializer
    filterset_class = CycleFilterSet

    def _transition(self, request, move):
        cycle = self.get_object()
        cycle = move(request.user, cycle)
        return Response(CycleSerializer(cycle, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=CycleSerializer, summary="draft → self_assessment")
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._transition(request, transitions.open_cycle)

    @extend_schema(request=None, responses=CycleSerializer, summary="self_assessment → assessment")
    @action(detail=True, methods=["post"], url_path="start-assessment")
    def start_assessment(self, request, pk=None):
        return self._transition(request, transitions.start_assessment)

    @extend_schema(request=None, responses=CycleSerializer, summary="assessment → closed")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._transition(request, transitions.close_cycle)

    @extend_schema(request=PublicationSerializer, responses=CycleSerializer,
                   summary="closed → published, under the result letter (number and date)")
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        cycle = self.get_object()
        transitions.ensure_admin(request.user, _("Only the national secretariat publishes the results of a cycle."))
        body = PublicationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cycle = transitions.publish_cycle(request.user, cycle, body.validated_data["letter_number"],
                                          body.validated_data["letter_date"])
        return Response(CycleSerializer(cycle, context=self.get_serializer_context()).data)


class EvaluationViewSet(PolicyViewSetMixin, VersionedViewSetMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Evaluations the user may see: their region's, their province's, their assignments (assessors), or all.

    `index`, `aspect_indexes`, `dimension_indexes`, `predikat` and `rank` are fixed at finalisation and
    read-only. The admin creates an evaluation (a region joining a cycle) and assigns its assessors; the
    lead writes the narrative (PATCH with the version read).
    """

    queryset = Evaluation.objects.for_api().order_by("-cycle__year", "region")
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilterSet

    def get_queryset(self):
        return super().get_queryset().narrowed_for_assessor(self.request.user)

    def check_object_permissions(self, request, obj):
        # Who may change what on an evaluation (staff, assessors, the lead, the admin) is for
        # evaluations.transitions to say; region scope alone would refuse the assessors. An update is
        # asked before its body is validated, whatever fields it carries.
        super(PolicyViewSetMixin, self).check_object_permissions(request, obj)
        if self.action in ("update", "partial_update"):
            fields = request.data.keys() if hasattr(request.data, "keys") else ()
            transitions.ensure_can_change_evaluation(request.user, obj, fields)

    def check_create(self, request):
        transitions.ensure_admin(request.user, _("Only the national secretariat adds regions to a cycle."))

    def perform_create(self, serializer):
        serializer.save()

    def _answer(self, evaluation, request, code=status.HTTP_200_OK):
        return Response(EvaluationSerializer(evaluation, context=self.get_serializer_context()).data, status=code)

    def _fresh(self, evaluation):
        return self.get_queryset().get(pk=evaluation.pk)

    @staticmethod
    def _rows(request, serializer_class):
        data = request.data if isinstance(request.data, list) else [request.data]
        serializer = serializer_class(data=data, many=True)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    # --- self-assessment and survey (region staff) ---

    @extend_schema(methods=["GET"], responses=AnswerSerializer(many=True), filters=False,
                   summary="The self-assessment answers (not paginated: one per criterion)")
    @extend_schema(methods=["PUT", "POST"], request=AnswerInputSerializer(many=True),
                   responses=AnswerSerializer(many=True), summary="Save self-assessment answers (drafts)")
    @action(detail=True, methods=["get", "put", "post"], url_path="self-assessment")
    def self_assessment(self, request, pk=None):
        evaluation = self.get_object()
        if request.method != "GET":
            transitions.ensure_self_assessment_open(request.user, evaluation)
            services.save_answers(request.user, evaluation, self._rows(request, AnswerInputSerializer))
        return Response(AnswerSerializer(visible_answers(request.user, evaluation), many=True).data)

    @extend_schema(request=None, responses=EvaluationSerializer,
                   summary="Submit the self-assessment (once; it becomes read-only)")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        evaluation = self.get_object()
        evaluation = transitions.submit_self_assessment(request.user, evaluation)
        return self._answer(self._fresh(evaluation), request)

    @extend_schema(methods=["GET"], responses=SurveySerializer, summary="The citizen survey")
    @extend_schema(methods=["PUT"], request=SurveyInputSerializer, responses=SurveySerializer,
                   summary="Record the citizen survey (replaces the programmes listed)")
    @action(detail=True, methods=["get", "put"])
    def survey(self, request, pk=None):
        evaluation = self.get_object()
        if request.method == "PUT":
            transitions.ensure_self_assessment_open(request.user, evaluation)
            serializer = SurveyInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            services.save_survey(request.user, evaluation, data["programmes"], data.get("notes"),
                                 data.get("version"))
        survey = (CitizenSurvey.objects.filter(evaluation=evaluation).prefetch_related(
            Prefetch("rows", queryset=SurveyedProgramme.objects.select_related("programme"))).first())
        return Response(SurveySerializer.of(survey, evaluation.cycle.survey_rule))

    # --- the presentation and interview (the lead assessor) ---

    @extend_schema(methods=["GET"], responses=InterviewSerializer(many=True), filters=False,
                   summary="Presentations and interviews with the assessors (not paginated: a few per evaluation)")
    @extend_schema(methods=["POST"], request=InterviewInputSerializer, responses={201: InterviewSerializer},
                   summary="Record a presentation and interview (the lead assessor, from submission on)")
    @action(detail=True, methods=["get", "post"])
    def interviews(self, request, pk=None):
        evaluation = self.get_object()
        if request.method == "POST":
            transitions.ensure_can_record_interview(request.user, evaluation)
            body = InterviewInputSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            interview = services.save_interview(request.user, evaluation, body.validated_data)
            return Response(InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)
        rows = Interview.objects.filter(evaluation=evaluation).select_related("recorded_by").order_by("date", "id")
        return Response(InterviewSerializer(rows, many=True).data)

    @extend_schema(methods=["GET"], responses=InterviewSerializer, summary="One presentation and interview")
    @extend_schema(methods=["PUT", "PATCH"], request=InterviewInputSerializer, responses=InterviewSerializer,
                   summary="Change a presentation and interview record, with the version read")
    @action(detail=True, methods=["get", "put", "patch"], url_path=r"interviews/(?P<interview_pk>[0-9]{1,18})")
    def interview(self, request, pk=None, interview_pk=None):
        evaluation = self.get_object()
        interview = get_object_or_404(Interview.objects.select_related("recorded_by"), evaluation=evaluation,
                                      pk=interview_pk)
        if request.method != "GET":
            transitions.ensure_can_record_interview(request.user, evaluation)
            body = InterviewInputSerializer(interview, data=request.data, partial=request.method == "PATCH")
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
            version = data.pop("version")
            interview = services.save_interview(request.user, evaluation, data, interview, version)
        return Response(InterviewSerializer(interview).data)

    # --- scoring and moderation (assessors, the lead) ---

    @extend_schema(methods=["GET"], responses=ScoreSerializer(many=True), filters=False,
                   summary="Scores: an assessor's own until moderation opens, then all")
    @extend_schema(methods=["PUT", "POST"], request=ScoreInputSerializer(many=True),
                   responses=ScoreSerializer(many=True), summary="Save the assessor's own scores")
    @action(detail=True, methods=["get", "put", "post"])
    def scores(self, request, pk=None):
        evaluation = self.get_object()
        if request.method != "GET":
            transitions.ensure_can_score(request.user, evaluation)
            services.save_scores(request.user, evaluation, self._rows(request, ScoreInputSerializer))
        return Response(ScoreSerializer(visible_scores(request.user, evaluation), many=True).data)

    @extend_schema(methods=["GET"], responses=AgreementSerializer(many=True), filters=False,
                   summary="Agreed levels where assessors differ by more than one level")
    @extend_schema(methods=["PUT", "POST"], request=AgreementInputSerializer(many=True),
                   responses=AgreementSerializer(many=True), summary="Record agreed levels (the lead)")
    @action(detail=True, methods=["get", "put", "post"])
    def agreements(self, request, pk=None):
        evaluation = self.get_object()
        if request.method != "GET":
            transitions.ensure_can_moderate(request.user, evaluation)
            services.save_agreements(request.user, evaluation, self._rows(request, AgreementInputSerializer))
        return Response(AgreementSerializer(visible_agreements(request.user, evaluation), many=True).data)

    @extend_schema(request=None, responses=EvaluationSerializer,
                   summary="Open moderation: the assessors now see each other's scores")
    @action(detail=True, methods=["post"], url_path="open-moderation")
    def open_moderation(self, request, pk=None):
        evaluation = self.get_object()
        evaluation = transitions.open_moderation(request.user, evaluation)
        return self._answer(self._fresh(evaluation), request)

    @extend_schema(request=None, responses=EvaluationSerializer,
                   summary="Finalise: fix the index, predikat and rank; read-only from now on")
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        evaluation = self.get_object()
        evaluation = transitions.finalise_evaluation(request.user, evaluation)
        return self._answer(self._fresh(evaluation), request)

    @extend_schema(request=ReasonSerializer, responses=EvaluationSerializer,
                   summary="Reopen a final evaluation (admin, with a reason; audited)")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        evaluation = self.get_object()
        transitions.ensure_admin(request.user, _("Only the national secretariat reopens a final evaluation."))
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evaluation = transitions.reopen_evaluation(request.user, evaluation,
                                                   serializer.validated_data.get("reason", ""))
        return self._answer(self._fresh(evaluation), request)
