"""The report request form of the pages (the API has its own serializer over the same service)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import Cycle, Evaluation

from .models import Report


class ReportRequestForm(forms.Form):
    """Checks the shape only: which evaluations and years the user may have is the service's (and the
    policy's) answer, so that an unseen evaluation is a 404 and a refused national report a 403."""

    kind = forms.ChoiceField(label=_("Report"), choices=Report.Kind.choices, initial=Report.Kind.EVALUATION)
    evaluation = forms.IntegerField(label=_("Evaluation"), required=False, min_value=1)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2017, max_value=2100)
    rebuild = forms.BooleanField(label=_("Build again even if the data has not changed"), required=False)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Report.Kind.EVALUATION and not cleaned.get("evaluation"):
            self.add_error("evaluation", _("Choose an evaluation."))
        if kind == Report.Kind.NATIONAL and not cleaned.get("year"):
            self.add_error("year", _("Choose a year."))
        return cleaned


def evaluation_choices(user):
    """The evaluations the user may request a report on, newest cycle first (one query)."""
    return list(Evaluation.objects.visible_to(user).exclude(status=Evaluation.Status.NOT_STARTED)
                .select_related("cycle", "region").order_by("-cycle__year", "region__name"))


def year_choices():
    return list(Cycle.objects.opened().order_by("-year").values_list("year", flat=True))
