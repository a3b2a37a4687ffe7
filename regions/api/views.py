from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied

from smartcity import policy
from smartcity.api import PolicyViewSetMixin, VersionedViewSetMixin

from ..filtersets import AwardFilterSet, EnrolmentFilterSet, RegionFilterSet, RegionProfileFilterSet, RpjmdFilterSet
from ..models import Award, Enrolment, Region, RegionProfile, Rpjmd
from .serializers import (
    AwardSerializer,
    EnrolmentSerializer,
    RegionProfileSerializer,
    RegionSerializer,
    RpjmdSerializer,
)


class RegionViewSet(PolicyViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Provinces and kabupaten/kota with their Kemendagri codes, as far as the user may see them."""

    queryset = Region.objects.with_cohort().prefetch_related("enrolments").order_by("code")
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    region_field = None
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"


class EnrolmentViewSet(PolicyViewSetMixin, VersionedViewSetMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Enrolments in the movement. Updates carry the version read (409 when stale, 412 with If-Match)."""

    queryset = Enrolment.objects.for_list().order_by("region")
    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentFilterSet

    def check_create(self, request):
        if not policy.can(request.user, policy.MANAGE_REFERENCE):
            raise PermissionDenied(_("Only the national secretariat enrols a region."))

    def perform_create(self, serializer):
        serializer.save()


class RegionRecordViewSet(PolicyViewSetMixin, VersionedViewSetMixin, mixins.CreateModelMixin,
                          mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Records of one region that its own staff and the national secretariat keep (the policy's CHANGE)."""


class RegionProfileViewSet(RegionRecordViewSet):
    """A region's profile by year: population, APBD murni and perubahan, PAD, fiscal capacity, IPM, poverty
    rate, SPBE index. One per region and year; updates carry the version read (409 when stale)."""

    queryset = RegionProfile.objects.for_list().order_by("region", "-year")
    serializer_class = RegionProfileSerializer
    filterset_class = RegionProfileFilterSet


class RpjmdViewSet(RegionRecordViewSet):
    """A region's RPJMD periods and the Perda that set each."""

    queryset = Rpjmd.objects.select_related("region", "region__parent").order_by("region", "-period_start")
    serializer_class = RpjmdSerializer
    filterset_class = RpjmdFilterSet


class AwardViewSet(RegionRecordViewSet):
    """Awards regions received for their smart-city work (public facts), newest first."""

    queryset = Award.objects.for_list().order_by("-year", "-date", "region", "title")
    serializer_class = AwardSerializer
    filterset_class = AwardFilterSet
