from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from smartcity import policy
from smartcity.api import VersionedModelSerializer

from ..models import Enrolment, Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", read_only=True, allow_null=True,
                                   help_text=_("Code of the province, null for a province."))
    cohort = serializers.SerializerMethodField(help_text=_("Cohort year of the region's enrolment, if enrolled."))

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "parent", "cohort"]

    def get_cohort(self, obj) -> int | None:
        enrolment = getattr(obj, "enrolment", None)
        return enrolment.cohort_year if enrolment else None


class EnrolmentSerializer(VersionedModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(),
                                          help_text=_("Kemendagri code of the region."))

    class Meta:
        model = Enrolment
        fields = [
            "id", "region", "cohort_year", "mou_number", "mou_date", "council_decree_number",
            "council_decree_date", "team_decree_number", "team_decree_date", "bimtek_1_date", "bimtek_2_date",
            "bimtek_3_date", "bimtek_4_date", "notes", "version",
        ]
        read_only_fields = ["id"]
        scoped_relations = ["region"]
        immutable_fields = ["region"]

    def validate_region(self, region):
        if self.instance is None and Enrolment.objects.filter(region=region).exists():
            raise serializers.ValidationError(_("This region is already enrolled."))
        return region

    def validate_cohort_year(self, value):
        user = self.context["request"].user
        if self.instance is not None and value != self.instance.cohort_year and not policy.can(
                user, policy.MANAGE_REFERENCE):
            raise serializers.ValidationError(_("Only the national secretariat changes a region's cohort."))
        return value
