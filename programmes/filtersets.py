"""One FilterSet per model, shared by the pages, the exports and the API."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from smartcity.dimensions import Dimension
from smartcity.filtersets import FilterSet, RegionOwnedFilterSet

from .models import Indicator, IndicatorValue, Masterplan, Opd, Programme, ProgrammeUpdate, Term, UpdateStatus


class MasterplanFilterSet(RegionOwnedFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Masterplan.Status.choices)

    class Meta:
        model = Masterplan
        fields = ["region", "province", "status"]


class OpdFilterSet(RegionOwnedFilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")

    class Meta:
        model = Opd
        fields = ["region", "province", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class ProgrammeFilterSet(RegionOwnedFilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="filter_search")
    dimension = django_filters.ChoiceFilter(label=_("Dimension"), choices=Dimension.choices)
    term = django_filters.ChoiceFilter(label=_("Term"), choices=Term.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=UpdateStatus.choices,
                                         field_name="current_status")
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year",
                                       help_text=_("Programmes planned to run in this year."))
    opd = django_filters.NumberFilter(label=_("OPD"), field_name="opd_id")
    masterplan = django_filters.NumberFilter(label=_("Masterplan"), field_name="masterplan_id")
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[("code", "code"), ("name", "name"), ("dimension", "dimension"), ("term", "term"),
                ("budget_planned", "budget_planned"), ("current_update__progress", "progress"),
                ("current_update__created_at", "updated"), ("region__code", "region")],
        field_labels={"code": _("Code"), "name": _("Name"), "dimension": _("Dimension"), "term": _("Term"),
                      "budget_planned": _("Planned budget"), "current_update__progress": _("Progress"),
                      "current_update__created_at": _("Last update"), "region__code": _("Region")},
    )

    class Meta:
        model = Programme
        fields = ["region", "province", "search", "dimension", "term", "status", "year", "opd", "masterplan"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value) | Q(description__icontains=value))

    def filter_year(self, queryset, name, value):
        return queryset.running_in(int(value))


class ProgrammeUpdateFilterSet(FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=UpdateStatus.choices)

    class Meta:
        model = ProgrammeUpdate
        fields = ["year", "status"]


class IndicatorFilterSet(FilterSet):
    class Meta:
        model = Indicator
        fields = ["programme"]


class IndicatorValueFilterSet(FilterSet):
    class Meta:
        model = IndicatorValue
        fields = ["indicator", "year"]
