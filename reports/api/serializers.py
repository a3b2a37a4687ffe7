from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Report


class ReportRequestSerializer(serializers.Serializer):
    """What a request names: a region's evaluation report, or the national summary of a year."""

    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    evaluation = serializers.IntegerField(required=False, min_value=1, help_text=_("For kind `evaluation`."))
    year = serializers.IntegerField(required=False, min_value=2017, max_value=2100,
                                    help_text=_("For kind `national`."))
    rebuild = serializers.BooleanField(required=False, default=False,
                                       help_text=_("Build again even if the data has not changed."))

    def validate(self, attrs):
        if attrs["kind"] == Report.Kind.EVALUATION and not attrs.get("evaluation"):
            raise serializers.ValidationError({"evaluation": [_("Choose an evaluation.")]})
        if attrs["kind"] == Report.Kind.NATIONAL and not attrs.get("year"):
            raise serializers.ValidationError({"year": [_("Choose a year.")]})
        return attrs


class ReportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text=_("Present once the report is done."))

    class Meta:
        model = Report
        fields = ["id", "kind", "evaluation", "year", "language", "draft", "status", "progress", "error",
                  "fingerprint", "created_at", "started_at", "finished_at", "download_url"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, report):
        if not report.is_done:
            return None
        url = reverse("report-download", args=[report.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
