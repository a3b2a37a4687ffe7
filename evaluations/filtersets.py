"""One FilterSet per model, shared by the pages and the API."""
import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from smartcity.dimensions import Dimension
from smartcity.filtersets import FilterSet, RegionOwnedFilterSet

from .models import Aspect, Criterion, Cycle, Evaluation, Instrument


class InstrumentFilterSet(FilterSet):
    code = django_filters.CharFilter(label=_("Code"))

    class Meta:
        model = Instrument
        fields = ["code"]


class CriterionFilterSet(FilterSet):
    instrument = django_filters.NumberFilter(label=_("Instrument"), field_name="instrument_id")
    aspect = django_filters.ChoiceFilter(label=_("Aspect"), choices=Aspect.choices)
    dimension = django_filters.ChoiceFilter(label=_("Dimension"), choices=Dimension.choices)

    class Meta:
        model = Criterion
        fields = ["instrument", "aspect", "dimension"]


class CycleFilterSet(FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Cycle.Status.choices)

    class Meta:
        model = Cycle
        fields = ["year", "status"]


class RankFirstOrderingFilter(django_filters.OrderingFilter):
    """Evaluations without a rank or an index last, whichever way these are sorted."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        name = self.param_map[param[1:] if descending else param]
        if name in ("rank", "index"):
            return F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        return super().get_ordering_value(param)


class EvaluationFilterSet(RegionOwnedFilterSet):
    cycle = django_filters.NumberFilter(label=_("Cycle"), field_name="cycle_id")
    year = django_filters.NumberFilter(label=_("Year"), field_name="cycle__year")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Evaluation.Status.choices)
    predikat = django_filters.CharFilter(label=_("Predikat"))
    ordering = RankFirstOrderingFilter(
        label=_("Sort by"),
        fields=[("rank", "rank"), ("index", "index"), ("region__code", "region"), ("cycle__year", "year")],
        field_labels={"rank": _("Rank"), "index": _("Index"), "region__code": _("Region"), "cycle__year": _("Year")},
    )

    class Meta:
        model = Evaluation
        fields = ["cycle", "year", "region", "province", "status", "predikat"]
