from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied

from smartcity import policy
from smartcity.api import PolicyViewSetMixin, VersionedViewSetMixin

from ..filtersets import EnrolmentFilterSet, RegionFilterSet
from ..models import Enrolment, Region
from .serializers import EnrolmentSerializer, RegionSerializer


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
