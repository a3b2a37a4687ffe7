from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import YearlyReport, YearlyReportEvent


class MissingProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class YearlyReportSerializer(serializers.ModelSerializer):
    """A yearly report. `missing_programmes` comes from the view's context (one query for the whole page)."""

    region = serializers.CharField(source="region_id", read_only=True)
    year = serializers.IntegerField(read_only=True)
    due = serializers.DateTimeField(source="due_at", read_only=True,
                                    help_text=_("The end of the due date in Asia/Jakarta."))
    on_time = serializers.BooleanField(read_only=True, allow_null=True)
    missing_programmes = serializers.SerializerMethodField()

    class Meta:
        model = YearlyReport
        fields = ["id", "region", "year", "status", "due", "submitted_at", "verified_at", "on_time",
                  "missing_programmes", "comment", "version"]
        read_only_fields = fields

    @extend_schema_field(MissingProgrammeSerializer(many=True))
    def get_missing_programmes(self, report):
        rows = self.context.get("missing", {}).get(report.pk, [])
        return [{"id": pk, "code": code, "name": name} for pk, code, name in rows]


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text=_("The version read (or send If-Match)."))


class ReturnSerializer(VersionSerializer):
    comment = serializers.CharField(help_text=_("What the region should correct."))


class ReopenSerializer(VersionSerializer):
    reason = serializers.CharField(help_text=_("Why the verified report is reopened."))


class YearlyReportEventSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True, default=None)

    class Meta:
        model = YearlyReportEvent
        fields = ["id", "action", "from_status", "to_status", "user", "at", "comment"]


class CompletenessRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    province = serializers.CharField()
    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()
    on_time = serializers.IntegerField()
    verified = serializers.IntegerField()
    returned = serializers.IntegerField()
    overdue = serializers.IntegerField()


class CompletenessSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    due = serializers.DateTimeField(source="window.due_at", allow_null=True, default=None)
    provinces = CompletenessRowSerializer(many=True)
    regions = CompletenessRowSerializer(many=True)
