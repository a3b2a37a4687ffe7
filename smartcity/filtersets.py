"""FilterSet bases shared by every region-owned list, in the UI and the API alike."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegionOwnedFilterSet(django_filters.FilterSet):
    """`region` and `province` (Kemendagri codes) for any model with a `region` foreign key."""

    region_field = "region"

    region = django_filters.CharFilter(label=_("Region code"), method="filter_region")
    province = django_filters.CharFilter(label=_("Province code"), method="filter_province")

    def filter_region(self, queryset, name, value):
        return queryset.filter(**{f"{self.region_field}__code": value.strip()})

    def filter_province(self, queryset, name, value):
        value = value.strip()
        f = self.region_field
        return queryset.filter(Q(**{f"{f}__parent__code": value}) | Q(**{f"{f}__code": value}))
