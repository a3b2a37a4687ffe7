"""One FilterSet per model, shared by the region list page and the API."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from smartcity.dimensions import Dimension
from smartcity.filtersets import FilterSet, RegionOwnedFilterSet

from .models import Award, Enrolment, Region, RegionProfile, Rpjmd


@extend_schema_field(OpenApiTypes.STR)
class ProvinceFilter(django_filters.ModelChoiceFilter):
    """A province given by its Kemendagri code (`34`); a drop-down of provinces on pages."""


class RegionFilterSet(FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    province = ProvinceFilter(
        label=_("Province"), queryset=Region.objects.provinces(), method="filter_province",
        to_field_name="code",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Region.Kind.choices)
    # An active enrolment in that intake (a region may be in two: Sleman 2017 and 2021).
    cohort = django_filters.NumberFilter(label=_("Cohort"), method="filter_cohort")

    class Meta:
        model = Region
        fields = ["search", "province", "kind", "cohort"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value)) if value else queryset

    def filter_province(self, queryset, name, value):
        return queryset.in_province(value.code)

    def filter_cohort(self, queryset, name, value):
        return queryset.in_cohort(int(value))


class EnrolmentFilterSet(RegionOwnedFilterSet):
    cohort = django_filters.NumberFilter(label=_("Cohort"), field_name="cohort_year")

    class Meta:
        model = Enrolment
        fields = ["region", "province", "cohort"]


class RegionProfileFilterSet(RegionOwnedFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = RegionProfile
        fields = ["region", "province", "year"]


class RpjmdFilterSet(RegionOwnedFilterSet):
    class Meta:
        model = Rpjmd
        fields = ["region", "province"]


class AwardFilterSet(RegionOwnedFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    dimension = django_filters.ChoiceFilter(label=_("Pillar"), choices=Dimension.choices)

    class Meta:
        model = Award
        fields = ["region", "province", "year", "dimension"]
