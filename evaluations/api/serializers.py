from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from regions.models import Region
from smartcity import policy
from smartcity.api import VersionedModelSerializer
from smartcity.dimensions import Dimension

from .. import results, services
from ..models import (
    ANSWERS,
    Agreement,
    Aspect,
    CitizenSurvey,
    Criterion,
    Cycle,
    Evaluation,
    Instrument,
    Interview,
    Score,
    SelfAssessment,
    SurveyedProgramme,
)
from ..querysets import ALL, score_visibility

MAX_ROWS = 500
MAX_ID = 2**63 - 1  # a larger id would overflow the database's bigint, not merely match nothing
INDEX_HELP = _('Decimal as a string ("3.45") on the 1.00–5.00 scale; null until the evaluation is final.')


# --- instruments and cycles ----------------------------------------------------------------------------


class CriterionSerializer(VersionedModelSerializer):
    instrument = serializers.PrimaryKeyRelatedField(queryset=Instrument.objects.all())

    class Meta:
        model = Criterion
        fields = ["id", "instrument", "code", "position", "aspect", "dimension", "sub_dimension", "question",
                  "guidance", "weight", "level_1", "level_2", "level_3", "level_4", "level_5",
                  *Criterion.IMPROVEMENT_FIELDS, "version"]
        read_only_fields = ["id"]
        immutable_fields = ["instrument"]
        validators = []  # Criterion.clean() names a duplicate code as a field error


class InstrumentSerializer(VersionedModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    in_use = serializers.SerializerMethodField(help_text=_("Used by an opened cycle: criteria and thresholds frozen."))

    class Meta:
        model = Instrument
        fields = ["id", "code", "name", "description", "uses_predikat", "predikat_thresholds", "in_use", "criteria",
                  "version"]
        read_only_fields = ["id"]

    def get_in_use(self, obj) -> bool:
        flag = getattr(obj, "is_in_use", None)
        return obj.in_use if flag is None else flag


class InstrumentCopySerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=200)


class PublicationSerializer(serializers.Serializer):
    letter_number = serializers.CharField(max_length=120, help_text=_("Number of the ministry's result letter."))
    letter_date = serializers.DateField(help_text=_("Date of the result letter."))


class CycleSerializer(VersionedModelSerializer):
    instrument = serializers.PrimaryKeyRelatedField(queryset=Instrument.objects.all())
    aspect_weights = serializers.SerializerMethodField(help_text=_("Aspect → weight (%), as strings."))

    class Meta:
        model = Cycle
        fields = ["id", "year", "name", "instrument", "status", "weight_baseline", "weight_output",
                  "weight_outcome", "weight_impact", "weight_quick_win", "aspect_weights", "survey_rule",
                  "self_assessment_start",
                  "self_assessment_end", "assessment_start", "assessment_end", "letter_number", "letter_date",
                  "published_at", "version"]
        read_only_fields = ["id", "status", "letter_number", "letter_date", "published_at"]
        validators = []  # Cycle.clean() reports the fields

    def get_aspect_weights(self, obj) -> dict[str, str]:
        return {aspect: f"{weight:.2f}" for aspect, weight in obj.aspect_weights().items()}


# --- evaluations -------------------------------------------------------------------------------------------


def _users(usernames):
    found = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    unknown = sorted(set(usernames) - set(found))
    if unknown:
        raise serializers.ValidationError(_("Unknown user: %(names)s.") % {"names": ", ".join(unknown)})
    return [found[name] for name in usernames]


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class AssessorsField(serializers.Field):
    """Usernames of the assigned assessors, read from the prefetched assignments."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, obj):
        return [a.assessor.username for a in obj.assignments.all()]

    def to_internal_value(self, data):
        if not isinstance(data, list) or not all(isinstance(name, str) for name in data):
            raise serializers.ValidationError(_("Give a list of usernames."))
        return {"assessors": _users(data)}


@extend_schema_field(OpenApiTypes.STR)
class LeadField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, obj):
        lead = obj.lead
        return lead.username if lead else None

    def to_internal_value(self, data):
        if data in (None, ""):
            return {"lead": None}
        if not isinstance(data, str):
            raise serializers.ValidationError(_("Give a username."))
        return {"lead": _users([data])[0]}


class EvaluationSerializer(VersionedModelSerializer):
    cycle = serializers.PrimaryKeyRelatedField(queryset=Cycle.objects.all())
    year = serializers.IntegerField(source="cycle.year", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(),
                                          help_text=_("Kemendagri code of the region."))
    region_name = serializers.CharField(source="region.name", read_only=True)
    assessors = AssessorsField(required=False, help_text=_("Usernames of the assessors (written by the admin)."))
    lead = LeadField(required=False, allow_null=True, help_text=_("Username of the lead assessor, one of them."))
    index = serializers.DecimalField(max_digits=3, decimal_places=2, read_only=True, allow_null=True,
                                     help_text=INDEX_HELP)
    aspect_indexes = serializers.SerializerMethodField(help_text=_("Aspect → index (string), null where none."))
    dimension_indexes = serializers.SerializerMethodField(
        help_text=_("One entry per dimension → index (string), null when no scored criterion names it."))
    predikat = serializers.SerializerMethodField(
        help_text=_("The predikat, for instruments that use one; null otherwise and until final."))
    improvement = serializers.SerializerMethodField(help_text=_(
        'Index minus the region\'s latest earlier final index ("0.25"); the published figure once published; '
        "null for a first evaluation and until final."))
    rank_province = serializers.IntegerField(read_only=True, allow_null=True, help_text=_(
        "Rank in the province among the cycle's published evaluations; null until published."))
    rank_national = serializers.IntegerField(read_only=True, allow_null=True, help_text=_(
        "National rank among the cycle's published evaluations; null until published."))
    letter_number = serializers.SerializerMethodField(help_text=_("The result letter's number; null until published."))
    letter_date = serializers.SerializerMethodField(help_text=_("The result letter's date; null until published."))
    published = serializers.SerializerMethodField(help_text=_(
        "Whether the results are published: the cycle is published and the evaluation not reopened since."))

    class Meta:
        model = Evaluation
        fields = ["id", "cycle", "year", "region", "region_name", "status", "index", "improvement", "rank_province",
                  "rank_national", "letter_number", "letter_date", "published", "aspect_indexes",
                  "dimension_indexes", "predikat", "rank", "assessors", "lead", "strengths", "weaknesses",
                  "recommendations", "submitted_at", "moderation_opened_at", "finalised_at", "version"]
        read_only_fields = ["id", "status", "rank", "submitted_at", "moderation_opened_at", "finalised_at"]
        immutable_fields = ["cycle", "region"]
        validators = []  # Evaluation.clean() reports a region taking part twice

    def get_predikat(self, obj) -> str | None:
        return obj.predikat or None if obj.cycle.instrument.uses_predikat else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_improvement(self, obj):
        value = results.improvement_of(obj)
        return None if value is None else f"{value:.2f}"

    def get_published(self, obj) -> bool:
        return policy.is_public(obj)

    def get_letter_number(self, obj) -> str | None:
        return obj.cycle.letter_number if policy.is_public(obj) else None

    @extend_schema_field({"type": "string", "format": "date", "nullable": True})
    def get_letter_date(self, obj):
        return obj.cycle.letter_date.isoformat() if policy.is_public(obj) else None

    def get_aspect_indexes(self, obj) -> dict[str, str | None]:
        return {aspect: obj.aspect_indexes.get(aspect) for aspect in Aspect.values}

    def get_dimension_indexes(self, obj) -> dict[str, str | None]:
        return {dimension: obj.dimension_indexes.get(dimension) for dimension in Dimension.values}

    def to_representation(self, obj):
        data = super().to_representation(obj)
        request = self.context.get("request")
        # The lead's narrative reaches the region with the scores: when the evaluation is final.
        if request is not None and obj.assignment_of(request.user) is None and score_visibility(
                request.user, obj) != ALL:
            for name in services.NARRATIVE_FIELDS:
                data[name] = ""
        return data

    def validate(self, attrs):
        people = {k: attrs.pop(k) for k in ("assessors", "lead") if k in attrs}
        attrs = super().validate(attrs)
        attrs.update(people)
        return attrs

    def create(self, validated_data):
        if any(validated_data.get(name) for name in services.NARRATIVE_FIELDS):
            raise serializers.ValidationError({"strengths": [_(
                "The narrative is written by the lead assessor once the region has submitted.")]})
        evaluation = services.add_evaluation(self.context["request"].user, validated_data["cycle"],
                                             validated_data["region"], validated_data.get("assessors", []),
                                             validated_data.get("lead"))
        return Evaluation.objects.for_api().get(pk=evaluation.pk)

    def update(self, instance, validated_data):
        expected = validated_data.pop("expected_version")
        validated_data.pop("version", None)
        evaluation = services.update_evaluation(self.context["request"].user, instance, validated_data, expected)
        return Evaluation.objects.for_api().get(pk=evaluation.pk)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, help_text=_("Why the evaluation is reopened."))


# --- sub-resources ----------------------------------------------------------------------------------------------


class RowListSerializer(serializers.ListSerializer):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_length", 1)
        kwargs.setdefault("max_length", MAX_ROWS)
        super().__init__(*args, **kwargs)


class AnswerInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                          help_text=_("Id of a criterion of the cycle's instrument."))
    level = serializers.IntegerField(min_value=1, max_value=5, allow_null=True, required=False)
    explanation = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    evidence_url = serializers.URLField(allow_blank=True, required=False, max_length=500)
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                       help_text=_("The version read; needed to change an existing answer."))

    class Meta:
        list_serializer_class = RowListSerializer


class AnswerSerializer(serializers.ModelSerializer):
    criterion = serializers.IntegerField(source="criterion_id", read_only=True)
    code = serializers.CharField(source="criterion.code", read_only=True)
    updated_by = serializers.CharField(source="updated_by.username", read_only=True, default=None)
    evidence_file = serializers.SerializerMethodField(
        help_text=_("Path of the attached evidence file (served to those who may see the evaluation), or null."))

    class Meta:
        model = SelfAssessment
        fields = ["criterion", "code", "level", "explanation", "evidence_url", "evidence_file", "updated_by",
                  "updated_at", "version"]
        read_only_fields = fields


    def get_evidence_file(self, answer) -> str | None:
        if not answer.evidence_file:
            return None
        return reverse("evaluations:evidence", args=[answer.evaluation_id, answer.criterion_id])


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                          help_text=_("Id of a criterion of the cycle's instrument."))
    level = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                       help_text=_("The version read; needed to change an existing score."))

    class Meta:
        list_serializer_class = RowListSerializer


class ScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.IntegerField(source="criterion_id", read_only=True)
    code = serializers.CharField(source="criterion.code", read_only=True)
    assessor = serializers.CharField(source="assessor.username", read_only=True)

    class Meta:
        model = Score
        fields = ["criterion", "code", "assessor", "level", "comment", "updated_at", "version"]
        read_only_fields = fields


class AgreementInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                          help_text=_("Id of a criterion of the cycle's instrument."))
    level = serializers.IntegerField(min_value=1, max_value=5)
    reason = serializers.CharField()
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                       help_text=_("The version read; needed to change an existing agreement."))

    class Meta:
        list_serializer_class = RowListSerializer


class AgreementSerializer(serializers.ModelSerializer):
    criterion = serializers.IntegerField(source="criterion_id", read_only=True)
    code = serializers.CharField(source="criterion.code", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True)

    class Meta:
        model = Agreement
        fields = ["criterion", "code", "level", "reason", "decided_by", "updated_at", "version"]
        read_only_fields = fields


class SurveyRowInputSerializer(serializers.Serializer):
    programme = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id of a programme of the region."))
    sangat_puas = serializers.IntegerField(min_value=0, default=0)
    puas = serializers.IntegerField(min_value=0, default=0)
    cukup_puas = serializers.IntegerField(min_value=0, default=0)
    tidak_puas = serializers.IntegerField(min_value=0, default=0)


class SurveyInputSerializer(serializers.Serializer):
    """The citizen survey as recorded: `programmes` replaces the stored list."""

    programmes = SurveyRowInputSerializer(many=True, max_length=MAX_ROWS)
    notes = serializers.CharField(allow_blank=True, required=False)
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True,
                                       help_text=_("The version read; needed to change a recorded survey."))


class SurveyedProgrammeSerializer(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="programme_id", read_only=True)
    programme_code = serializers.CharField(source="programme.code", read_only=True)
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    respondents = serializers.IntegerField(read_only=True)

    class Meta:
        model = SurveyedProgramme
        fields = ["programme", "programme_code", "programme_name", *ANSWERS, "respondents"]
        read_only_fields = fields


class SurveySerializer(serializers.Serializer):
    """The citizen survey with its totals and whether it is as large as the movement asks."""

    programmes = SurveyedProgrammeSerializer(many=True, read_only=True)
    notes = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True, allow_null=True)
    respondents = serializers.IntegerField(read_only=True)
    programme_count = serializers.IntegerField(read_only=True)
    answers = serializers.DictField(child=serializers.IntegerField(), read_only=True,
                                    help_text=_("Total of each answer over the programmes."))
    # A plain string: the choices are the cycle's `survey_rule` enum (one enum name in the schema).
    rule = serializers.CharField(read_only=True, help_text=_(
        "The cycle's survey rule: `overall` (before 2023: at least 50 respondents over six programmes) or "
        "`per_dimension` (2023: three programmes per dimension, one per sub-dimension, at least 50 respondents "
        "per dimension, the owning OPD named)."))
    shortfalls = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=_(
        "What the survey still lacks under the cycle's rule, one sentence each."))
    too_few_respondents = serializers.BooleanField(read_only=True, help_text=_(
        "Fewer respondents than the cycle's rule asks (in total, or in some dimension)."))
    too_few_programmes = serializers.BooleanField(read_only=True, help_text=_(
        "Fewer programmes surveyed than the cycle's rule asks (6, or 18)."))

    @staticmethod
    def of(survey, rule):
        """The survey as the API shows it under the cycle's `rule` (an empty one when none is recorded yet)."""
        if survey is None:
            survey = CitizenSurvey(notes="")
            survey.version = None
            summary = survey.summary(rule, rows=[])
            return {"programmes": [], "notes": "", "version": None, **_plain(summary)}
        rows = SurveyedProgrammeSerializer(survey.rows.all(), many=True).data
        return {"programmes": rows, "notes": survey.notes, "version": survey.version, **_plain(survey.summary(rule))}


def _plain(summary):
    return {key: value for key, value in summary.items() if key != "by_dimension"}


class InterviewSerializer(serializers.ModelSerializer):
    """The presentation and interview with the assessors (paparan/wawancara): the assessors' record, read by
    everyone who sees the evaluation; written by its lead assessor (or the admin) with the version read."""

    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Interview
        fields = ["id", "evaluation", "date", "mode", "venue", "attendees", "notes", "recorded_by", "updated_at",
                  "version"]
        read_only_fields = ["id", "evaluation", "recorded_by", "updated_at", "version"]


class InterviewInputSerializer(serializers.ModelSerializer):
    """A new interview record (no version), or a change to one (with the version read: required)."""

    version = serializers.IntegerField(min_value=1, max_value=2_147_483_647, required=False, help_text=_(
        "The version read; required when changing a record."))

    class Meta:
        model = Interview
        fields = ["date", "mode", "venue", "attendees", "notes", "version"]
        extra_kwargs = {"venue": {"required": False}, "notes": {"required": False}}

    def validate(self, attrs):
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError({"version": _("Give the version you read.")})
        return attrs
