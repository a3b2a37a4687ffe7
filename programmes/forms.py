"""Forms of the programmes pages: masterplan (with its PDF), OPD, programme and the yearly status update.

Domain rules stay in the models' clean() (years vs the masterplan period, OPD region, sub-dimension,
duplicate code, stalled needs a constraint …); the forms only set what clean() needs beforehand and
put the errors on the right fields.
"""
from decimal import Decimal
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smartcity.dimensions import SUB_DIMENSIONS, Dimension
from smartcity.forms import VersionedModelForm

from .models import ConstraintCategory, Masterplan, Opd, Programme, ProgrammeBudget, ProgrammeUpdate, UpdateStatus

JAKARTA = ZoneInfo("Asia/Jakarta")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YEAR = forms.NumberInput(attrs={"min": 2000, "max": 2100, "step": 1, "inputmode": "numeric"})
MONEY = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

# A masterplan PDF is a long document with maps, but not a scan of a whole library.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def _formfield(field, **kwargs):
    # Links typed without a scheme are taken as https (Django 6's default; no deprecation warning).
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


def current_year():
    """This year as it is in Indonesia's capital, whatever the server's clock zone."""
    return timezone.localdate(timezone=JAKARTA).year


class MasterplanForm(VersionedModelForm):
    """A region's masterplan. The region is set by the view on the instance, never posted."""

    class Meta:
        model = Masterplan
        fields = ["title", "period_start", "period_end", "status", "legal_basis_number", "legal_basis_date",
                  "document", "document_public"]
        widgets = {
            "period_start": YEAR,
            "period_end": YEAR,
            "legal_basis_date": DATE,
            # A plain file input: the stored file is never linked by its storage URL, only through the view.
            "document": forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        }
        help_texts = {
            "title": _("As on the cover, e.g. Masterplan Smart City Kabupaten Bantul 2019–2028."),
            "document": _("The masterplan as a PDF file, at most 20 MB."),
        }

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            self.instance.region = region

    def clean_document(self):
        document = self.cleaned_data.get("document")
        # Only a new upload is checked; an existing file or a cleared field passes as it is.
        if not isinstance(document, UploadedFile):
            return document
        if document.size > MAX_DOCUMENT_BYTES:
            raise ValidationError(
                _("The file is too large: a masterplan document may be at most %(max)s. Compress the PDF "
                  "(for example, lower the resolution of scanned pages) and upload it again."),
                code="too_large", params={"max": filesizeformat(MAX_DOCUMENT_BYTES)})
        # Judge the file by its content, not by its name or the browser's claimed type.
        document.seek(0)
        head = document.read(len(PDF_MAGIC))
        document.seek(0)
        if head != PDF_MAGIC:
            raise ValidationError(_("This file is not a PDF document. Upload the masterplan as a PDF file."),
                                  code="not_pdf")
        return document


class OpdForm(forms.ModelForm):
    """A new OPD of one region; the region is set by the view."""

    class Meta:
        model = Opd
        fields = ["name", "acronym"]
        help_texts = {
            "name": _("The full name, e.g. Dinas Komunikasi dan Informatika."),
            "acronym": _("As used in the region, e.g. Diskominfo."),
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region

    # The unique constraints include `region`, which is not a form field, so ModelForm skips them:
    # say it here, case-insensitively, on the field concerned.
    def clean_name(self):
        return self._unique("name", _("This region already has an OPD with this name."))

    def clean_acronym(self):
        return self._unique("acronym", _("This region already has an OPD with this acronym."))

    def _unique(self, field, message):
        value = self.cleaned_data[field].strip()
        others = Opd.objects.filter(region=self.instance.region, **{f"{field}__iexact": value})
        if others.exclude(pk=self.instance.pk).exists():
            raise ValidationError(message, code="unique")
        return value


def grouped_sub_dimensions():
    """Sub-dimension choices grouped under their dimension (an <optgroup> each)."""
    labels = dict(Dimension.choices)
    return [("", "---------")] + [
        (labels[dimension], [(sub.value, sub.label) for sub in subs]) for dimension, subs in SUB_DIMENSIONS.items()
    ]


class ProgrammeForm(VersionedModelForm):
    """A programme of one masterplan; the masterplan is set on the instance before validation so that
    Programme.clean() can check years, OPD region and code against it."""

    class Meta:
        model = Programme
        formfield_callback = _formfield
        fields = ["code", "name", "description", "dimension", "sub_dimension", "term", "opd", "start_year",
                  "end_year", "funding_source", "public_url", "rpjmd_programme"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_year": YEAR,
            "end_year": YEAR,
        }
        help_texts = {
            "code": _("Unique within the masterplan, e.g. GOV-01."),
            "funding_source": _("The main source; each budget year records its own with its pagu."),
            "sub_dimension": _("Optional."),
        }

    def __init__(self, *args, masterplan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if masterplan is not None:
            self.instance.masterplan = masterplan
        masterplan = self.instance.masterplan
        self.fields["opd"].queryset = Opd.objects.filter(region_id=masterplan.region_id).order_by("acronym")
        self.fields["opd"].label_from_instance = lambda opd: f"{opd.acronym} — {opd.name}"
        self.fields["sub_dimension"].choices = grouped_sub_dimensions()
        self.fields["sub_dimension"].widget.attrs["data-sub-dimension"] = ""
        self.fields["dimension"].widget.attrs["data-dimension"] = ""
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("start_year", masterplan.period_start)
            self.initial.setdefault("end_year", masterplan.period_end)


def _whole_rupiah(form, name):
    """Show a stored amount without ",00" when it has no sen: "1.509.000.000", not "1.509.000.000,00"."""
    value = form.initial.get(name)
    if not form.is_bound and isinstance(value, Decimal) and value == value.to_integral_value():
        form.initial[name] = value.quantize(Decimal(1))


def carried_forward(last):
    """What a new update starts from: the last report's status, progress and constraint, as a whole that
    ProgrammeUpdate.clean() accepts, so that posting it unchanged succeeds. A part the last report lacks
    is left for the user to choose rather than pre-filled into a contradiction ("stalled", "no constraint")."""
    values = {"status": last.status, "progress": last.progress,
              "constraint_category": last.constraint_category, "constraint": last.constraint}
    if values["constraint_category"] and not values["constraint"].strip():
        values["constraint_category"] = ""  # a category needs its few words
    if values["status"] == UpdateStatus.STALLED and not values["constraint_category"]:
        values["status"] = ""  # stalled needs its reason: the user says which (or another status)
    if values["status"] == UpdateStatus.COMPLETED:
        values["progress"] = 100
    return values


class ProgrammeUpdateForm(forms.ModelForm):
    """A yearly status update. Validation runs on an instance carrying the programme (so the model's
    rules apply); the write itself is services.post_update, which validates again under a lock."""

    class Meta:
        model = ProgrammeUpdate
        formfield_callback = _formfield
        fields = ["year", "status", "progress", "budget_realised", "constraint_category", "constraint",
                  "next_steps", "evidence_url"]
        widgets = {
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}),
            "budget_realised": MONEY,
            "constraint": forms.Textarea(attrs={"rows": 2}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
            "evidence_url": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        localized_fields = ["budget_realised"]
        help_texts = {
            "budget_realised": _("Rupiah realised so far in this budget year (year-to-date), if known."),
            "constraint_category": _("Required when the programme is stalled."),
            "evidence_url": _("A public link (http or https) to a document, news item or the application."),
        }

    def __init__(self, *args, programme, **kwargs):
        kwargs.setdefault("instance", ProgrammeUpdate(programme=programme))
        # Unique ids: the form sits on pages that hold other forms (the table's filters use id_status).
        kwargs.setdefault("auto_id", f"update-{programme.pk}-%s")
        super().__init__(*args, **kwargs)
        self.programme = programme
        masterplan = programme.masterplan
        years = list(range(masterplan.period_start, masterplan.period_end + 1))
        # Only the masterplan's years are offered: a report outside the period cannot be chosen.
        self.fields["year"] = forms.TypedChoiceField(
            label=self.fields["year"].label, coerce=int, choices=[(y, str(y)) for y in years])
        self.fields["status"].choices = [("", _("Choose…"))] + UpdateStatus.choices
        self.fields["constraint_category"].choices = [("", _("No constraint"))] + ConstraintCategory.choices
        if not self.is_bound:
            self.initial["year"] = min(max(current_year(), years[0]), years[-1])
            if programme.current_update_id and not self.initial.get("status"):
                # Start from the last report: most updates move one figure, not all of them.
                self.initial.update(carried_forward(programme.current_update))
        # Evidence is a web link: http or https only (one message, not the default validator's too).
        self.fields["evidence_url"].validators = [URLValidator(schemes=["http", "https"])]
        self.fields["confirm_over_pagu"] = forms.BooleanField(
            label=_("The realised amount is above the pagu of the year, and that is right"), required=False)

    def update_data(self):
        """The cleaned values services.post_update takes."""
        return {name: self.cleaned_data.get(name) for name in [*self._meta.fields, "confirm_over_pagu"]}


class ProgrammeBudgetForm(VersionedModelForm):
    """A programme's pagu for one budget year. A new year is chosen among the programme's years without a pagu;
    a recorded year stays (remove it and add another instead). The write is services.save_budget, which asks the
    policy and the over-pagu confirmation under a lock."""

    confirm_over_pagu = forms.BooleanField(
        label=_("The pagu is below what was already realised in this year, and that is right"), required=False)

    class Meta:
        model = ProgrammeBudget
        fields = ["year", "pagu", "pagu_revised", "source"]
        widgets = {"pagu": MONEY, "pagu_revised": MONEY}
        localized_fields = ["pagu", "pagu_revised"]
        help_texts = {
            "pagu": _("The pagu of the year in the DPA, in Rupiah."),
            "pagu_revised": _("After the APBD perubahan, if any; it then counts instead of the pagu."),
        }

    def __init__(self, *args, programme, **kwargs):
        if kwargs.get("instance") is None:  # a new year starts from the programme's funding source
            kwargs["instance"] = ProgrammeBudget(programme=programme, source=programme.funding_source)
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        if self.instance.pk:
            self.fields["year"].disabled = True
            self.fields["year"].widget = forms.NumberInput(attrs={"readonly": True})
        else:
            taken = set(programme.budgets.values_list("year", flat=True))
            years = [y for y in range(programme.start_year, programme.end_year + 1) if y not in taken]
            self.fields["year"] = forms.TypedChoiceField(
                label=self.fields["year"].label, coerce=int, choices=[(y, str(y)) for y in years])
        _whole_rupiah(self, "pagu")
        _whole_rupiah(self, "pagu_revised")
