from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.forms import _formfield
from smartcity import policy
from smartcity.forms import VersionedModelForm

from .models import Award, Enrolment, Rpjmd

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnrolmentForm(VersionedModelForm):
    class Meta:
        model = Enrolment
        fields = [
            "cohort_year", "status", "mou_number", "mou_date", "mou_place", "council_decree_number",
            "council_decree_date", "team_decree_number", "team_decree_date",
            "bimtek_1_date", "bimtek_1_subject", "bimtek_1_venue", "bimtek_2_date", "bimtek_2_subject",
            "bimtek_2_venue", "bimtek_3_date", "bimtek_3_subject", "bimtek_3_venue", "bimtek_4_date",
            "bimtek_4_subject", "bimtek_4_venue", "notes", "source",
        ]
        widgets = {name: DATE for name in fields if name.endswith("_date")} | {
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "mou_number": _("As written on the MoU, e.g. 54/MoU. KP/KHM/208."),
            "cohort_year": _("Set by the national secretariat."),
            "status": _("Set by the national secretariat."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for n, usual in Enrolment.BIMTEK_SUBJECTS.items():
            # An empty subject means the stage's usual agenda: show it.
            self.fields[f"bimtek_{n}_subject"].widget.attrs["placeholder"] = usual
        # Which cohort a region belongs to is the secretariat's decision, not the region's.
        if not policy.can(user, policy.MANAGE_REFERENCE):
            self.fields["cohort_year"].disabled = True
            self.fields["status"].disabled = True

    def clean(self):
        data = super().clean()
        year = data.get("cohort_year")
        region_id = self.instance.region_id
        if year and region_id and Enrolment.objects.filter(region_id=region_id, cohort_year=year).exclude(
                pk=self.instance.pk).exists():
            self.add_error("cohort_year", _("This region is already enrolled in that intake."))
        return data


class RegionRecordForm(VersionedModelForm):
    """A record of one region (award, RPJMD): the region is set on the instance first, so that the model's
    clean() checks it against the region's other records."""

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            self.instance.region = region


class AwardForm(RegionRecordForm):
    class Meta:
        model = Award
        formfield_callback = _formfield  # a link typed without a scheme is https, as on the programme form
        fields = ["year", "date", "title", "dimension", "category", "awarded_by", "source_url"]
        widgets = {"date": DATE, "year": forms.NumberInput(attrs={"min": 2000, "max": 2100})}


class RpjmdForm(RegionRecordForm):
    class Meta:
        model = Rpjmd
        fields = ["period_start", "period_end", "regulation_number", "regulation_date"]
        widgets = {"regulation_date": DATE}
