from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from smartcity import policy
from smartcity.api import VersionedModelSerializer

from ..models import Award, Enrolment, Region, RegionProfile, Rpjmd


class RegionEnrolmentSerializer(serializers.ModelSerializer):
    """One intake of the region, as listed on the region."""

    class Meta:
        model = Enrolment
        fields = ["id", "cohort_year", "status", "mou_number", "mou_date", "mou_place", "source"]
        read_only_fields = fields


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", read_only=True, allow_null=True,
                                   help_text=_("Code of the province, null for a province."))
    cohort = serializers.SerializerMethodField(help_text=_("Year of the region's first active intake, if enrolled."))
    enrolments = RegionEnrolmentSerializer(many=True, read_only=True,
                                           help_text=_("Every intake of the region, cancelled ones too, oldest first."))

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "parent", "cohort", "enrolments"]

    def get_cohort(self, obj) -> int | None:
        return obj.first_cohort()


class EnrolmentSerializer(VersionedModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(),
                                          help_text=_("Kemendagri code of the region."))

    class Meta:
        model = Enrolment
        fields = [
            "id", "region", "cohort_year", "status", "mou_number", "mou_date", "mou_place", "council_decree_number",
            "council_decree_date", "team_decree_number", "team_decree_date", "bimtek_1_date", "bimtek_2_date",
            "bimtek_3_date", "bimtek_4_date", "bimtek_1_subject", "bimtek_1_venue", "bimtek_2_subject",
            "bimtek_2_venue", "bimtek_3_subject", "bimtek_3_venue", "bimtek_4_subject", "bimtek_4_venue", "notes",
            "source", "version",
        ]
        read_only_fields = ["id"]
        scoped_relations = ["region"]
        immutable_fields = ["region"]
        # One intake per region is checked in validate(), against the field it concerns.
        validators = []

    def validate(self, attrs):
        attrs = super().validate(attrs)
        region = attrs.get("region", getattr(self.instance, "region", None))
        year = attrs.get("cohort_year", getattr(self.instance, "cohort_year", None))
        same = Enrolment.objects.filter(region=region, cohort_year=year)
        if self.instance is not None:
            same = same.exclude(pk=self.instance.pk)
        if region is not None and year is not None and same.exists():
            raise serializers.ValidationError({"cohort_year": _("This region is already enrolled in that intake.")})
        return attrs

    def validate_cohort_year(self, value):
        user = self.context["request"].user
        if self.instance is not None and value != self.instance.cohort_year and not policy.can(
                user, policy.MANAGE_REFERENCE):
            raise serializers.ValidationError(_("Only the national secretariat changes a region's cohort."))
        return value


class RegionOwnedSerializer(VersionedModelSerializer):
    """A record of one region, given and shown by the region's Kemendagri code; the region is fixed once created."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(),
                                          help_text=_("Kemendagri code of the region."))

    class Meta:
        scoped_relations = ["region"]
        immutable_fields = ["region"]
        # Uniqueness is the model's clean() (VersionedModelSerializer.validate), against the field it concerns.
        validators = []


class RegionProfileSerializer(RegionOwnedSerializer):
    apbd = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True, allow_null=True,
                                    help_text=_("The year's APBD as it finally stood: perubahan where given, "
                                                "else murni."))

    class Meta(RegionOwnedSerializer.Meta):
        model = RegionProfile
        fields = ["id", "region", "year", "population", "apbd_murni", "apbd_perubahan", "apbd", "pad",
                  "fiscal_capacity", "ipm", "poverty_rate", "spbe_index", "source", "version"]
        read_only_fields = ["id"]


class RpjmdSerializer(RegionOwnedSerializer):
    class Meta(RegionOwnedSerializer.Meta):
        model = Rpjmd
        fields = ["id", "region", "period_start", "period_end", "regulation_number", "regulation_date", "version"]
        read_only_fields = ["id"]


class AwardSerializer(RegionOwnedSerializer):
    class Meta(RegionOwnedSerializer.Meta):
        model = Award
        fields = ["id", "region", "year", "date", "title", "dimension", "category", "awarded_by", "source_url",
                  "version"]
        read_only_fields = ["id"]
