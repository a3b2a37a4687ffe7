"""The dashboard filters: year, province, cohort, dimension, and which data (all, or verified only). The same form reads the page's URL,
the exports' and the API's query string, so a shared link shows the same figures everywhere."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import Enrolment, Region
from smartcity.dimensions import Dimension

from .queries import VERIFIED, Filters


def _years():
    return list(range(timezone.localdate().year + 1, Enrolment.FIRST_COHORT - 1, -1))


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    province = forms.ChoiceField(label=_("Province"), required=False)
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None)
    dimension = forms.ChoiceField(label=_("Dimension"), required=False)
    data = forms.ChoiceField(label=_("Data"), required=False, choices=[
        ("", _("All data")), (VERIFIED, _("Verified only"))], help_text=_(
        "Verified data only: each programme's status as its region's verified yearly report saw it."))

    def __init__(self, data=None, *, user=None, fields=("year", "province", "cohort", "dimension", "data"),
                 **kwargs):
        super().__init__(data, **kwargs)
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        years = [(str(y), str(y)) for y in _years()]
        if "year" in self.fields:
            self.fields["year"].choices = [("", _("Latest"))] + years
        if "cohort" in self.fields:
            self.fields["cohort"].choices = [("", _("All cohorts"))] + years[1:]
        if "dimension" in self.fields:
            self.fields["dimension"].choices = [("", _("All dimensions"))] + list(Dimension.choices)
        if "province" in self.fields:
            # Every province: whether the user may open one is the policy's answer (404/403), not the form's.
            provinces = Region.objects.filter(kind=Region.Kind.PROVINCE).order_by("name")
            self.fields["province"].choices = [("", _("All provinces"))] + list(
                provinces.values_list("code", "name"))
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filters(self, **fixed):
        """The valid filters as dashboards.queries.Filters (call after is_valid())."""
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return Filters(**{**data, **fixed})
