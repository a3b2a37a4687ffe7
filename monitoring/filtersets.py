"""One FilterSet per model, shared by the pages and the API."""
import django_filters
from django.utils.translation import gettext_lazy as _

from smartcity.filtersets import RegionOwnedFilterSet

from .models import YearlyReport


class YearlyReportFilterSet(RegionOwnedFilterSet):
    year = django_filters.NumberFilter(label=_("Year"), field_name="window__year")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=YearlyReport.Status.choices)

    class Meta:
        model = YearlyReport
        fields = ["year", "status", "province", "region"]


class CompletenessFilterSet(RegionOwnedFilterSet):
    """The completeness figures: a year (the views default it to the latest opened) and optionally a province."""

    year = django_filters.NumberFilter(label=_("Year"), field_name="window__year", min_value=2000, max_value=2100)

    class Meta:
        model = YearlyReport
        fields = ["year", "province"]
