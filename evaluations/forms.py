"""Forms of the evaluation pages: the self-assessment sheet, the citizen survey, an assessor's scores,
the lead's agreements and narrative, and the reason for reopening.

A sheet is one small form per criterion (prefix = the criterion id) that carries the version read of
its row; the forms only parse. Who may write, when, and what the values must satisfy beyond their
type is for evaluations.services and evaluations.transitions, whose errors the views put back here.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .evidence import ACCEPT, check_evidence_file
from .models import LEVELS
from .models.surveys import ANSWERS, MAX_COUNT

LEVEL_CHOICES = [(level, str(level)) for level in LEVELS]
SURVEY_LABELS = {"sangat_puas": "Sangat Puas", "puas": "Puas", "cukup_puas": "Cukup Puas", "tidak_puas": "Tidak Puas"}


class RowForm(forms.Form):
    """One row of a sheet; `version` is the version read of the stored row (empty for a new one)."""

    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, criterion, stored=None, **kwargs):
        self.criterion = criterion
        self.stored = stored
        kwargs.setdefault("prefix", f"c{criterion.pk}")
        if stored is not None:
            kwargs.setdefault("initial", {**self.initial_from(stored), "version": stored.version})
        super().__init__(*args, **kwargs)

    def initial_from(self, stored):
        return {}


class AnswerForm(RowForm):
    level = forms.TypedChoiceField(label=_("Level"), choices=LEVEL_CHOICES, coerce=int, required=False,
                                   empty_value=None, widget=forms.RadioSelect)
    explanation = forms.CharField(label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, max_length=500, assume_scheme="https",
                                  widget=forms.URLInput(attrs={"placeholder": "https://"}))
    evidence_file = forms.FileField(label=_("Evidence file"), required=False,
                                    help_text=_("PDF, PNG or JPEG, at most 10 MB."),
                                    widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)

    def initial_from(self, stored):
        return {"level": stored.level, "explanation": stored.explanation, "evidence_url": stored.evidence_url}

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            check_evidence_file(upload)
        return upload

    def drop_upload(self):
        """This answer is refused: its file is not kept, and the form says so where the file was chosen."""
        upload = self.files.get(self.add_prefix("evidence_file")) if self.files else None
        if upload and "evidence_file" not in self.errors:
            self.add_error("evidence_file", _("The file %(name)s was not kept, as this answer was refused: choose it "
                                              "again once the answer is corrected.") % {"name": upload.name})

    def row(self):
        """The service's row: only what changed, so that an untouched criterion writes nothing."""
        data = self.cleaned_data
        row = {"criterion": self.criterion.pk, "version": data.get("version"), "level": data.get("level"),
               "explanation": data.get("explanation", ""), "evidence_url": data.get("evidence_url", "")}
        if data.get("evidence_file"):
            row["evidence_file"] = data["evidence_file"]
        elif data.get("remove_file"):
            row["evidence_file"] = ""
        if self.stored is None and not (row["level"] or row["explanation"] or row["evidence_url"]
                                        or row.get("evidence_file")):
            return None
        return row


class ScoreForm(RowForm):
    level = forms.TypedChoiceField(label=_("Your level"), choices=LEVEL_CHOICES, coerce=int, required=False,
                                   empty_value=None, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Your comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def initial_from(self, stored):
        return {"level": stored.level, "comment": stored.comment}

    def clean(self):
        data = super().clean()
        if self.stored is not None and data.get("level") is None:
            self.add_error("level", _("A level once given can be changed but not removed."))
        elif data.get("level") is None and data.get("comment", "").strip():
            self.add_error("level", _("Give a level with your comment."))
        return data

    def row(self):
        data = self.cleaned_data
        if data.get("level") is None:
            return None
        return {"criterion": self.criterion.pk, "version": data.get("version"), "level": data["level"],
                "comment": data.get("comment", "")}


class AgreementForm(RowForm):
    level = forms.TypedChoiceField(label=_("Agreed level"), choices=LEVEL_CHOICES, coerce=int, required=False,
                                   empty_value=None, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def initial_from(self, stored):
        return {"level": stored.level, "reason": stored.reason}

    def clean(self):
        data = super().clean()
        if data.get("level") is not None and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for the agreed level."))
        if data.get("level") is None and (data.get("reason", "").strip() or self.stored is not None):
            self.add_error("level", _("Choose the agreed level."))
        return data

    def row(self):
        data = self.cleaned_data
        if data.get("level") is None:
            return None
        return {"criterion": self.criterion.pk, "version": data.get("version"), "level": data["level"],
                "reason": data["reason"].strip()}


class Sheet:
    """One RowForm per criterion, validated and turned into the service's rows together."""

    def __init__(self, form_class, criteria, stored, data=None, files=None, only=None):
        self.forms = [form_class(data, files, criterion=c, stored=stored.get(c.pk))
                      for c in criteria if only is None or c.pk in only]
        self.non_field_errors = []
        self.conflict = False  # refused by the record's state or the calendar (409), not by the input

    def __iter__(self):
        return iter(self.forms)

    def by_criterion(self):
        return {form.criterion.pk: form for form in self.forms}

    def keep(self, form):
        """Show `form` (a refused answer, with the user's input and its errors) in place of its criterion's."""
        self.forms = [form if f.criterion.pk == form.criterion.pk else f for f in self.forms]

    def is_valid(self):
        return all([form.is_valid() for form in self.forms])

    @property
    def error_count(self):
        return sum(1 for form in self.forms if form.errors)

    def rows(self):
        return [row for row in (form.row() for form in self.forms) if row is not None]

    def add_service_error(self, error):
        """Put a service's ValidationError (or a message) on the sheet as a whole."""
        if isinstance(error, ValidationError):
            if hasattr(error, "error_dict"):
                for messages in error.message_dict.values():
                    self.non_field_errors.extend(messages)
            else:
                self.non_field_errors.extend(error.messages)
        else:
            self.non_field_errors.append(str(error))


class NarrativeForm(forms.Form):
    strengths = forms.CharField(label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    weaknesses = forms.CharField(label=_("Weaknesses"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    recommendations = forms.CharField(label=_("Recommendations"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    @classmethod
    def of(cls, evaluation, data=None):
        return cls(data, prefix="narrative", initial={
            "strengths": evaluation.strengths, "weaknesses": evaluation.weaknesses,
            "recommendations": evaluation.recommendations, "version": evaluation.version})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why is the evaluation reopened?"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class PublicationForm(forms.Form):
    """The ministry's result letter under which the national secretariat publishes a cycle."""

    letter_number = forms.CharField(label=_("Letter number"), max_length=120,
                                    help_text=_("As printed, e.g. B-1003/DJAI/AI.01.04/12/2022."))
    letter_date = forms.DateField(label=_("Letter date"), widget=forms.DateInput(attrs={"type": "date"}))


class SurveyRowForm(forms.Form):
    """One programme of the region: surveyed or not, and its counts of answers."""

    surveyed = forms.BooleanField(label=_("Surveyed"), required=False)

    def __init__(self, *args, programme, stored=None, **kwargs):
        self.programme = programme
        kwargs.setdefault("prefix", f"p{programme.pk}")
        if stored is not None:
            kwargs.setdefault("initial", {"surveyed": True, **{a: getattr(stored, a) for a in ANSWERS}})
        super().__init__(*args, **kwargs)
        for answer in ANSWERS:
            self.fields[answer] = forms.IntegerField(
                label=SURVEY_LABELS[answer], required=False, min_value=0, max_value=MAX_COUNT,
                widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
                error_messages={"min_value": _("Counts of respondents cannot be negative.")})

    def clean(self):
        """Counts mean surveyed: counts typed without the tick are counted, never dropped in silence. Only
        a tick taken off a surveyed programme whose counts were changed too is refused: it is unclear which
        the surveyor meant."""
        data = super().clean()
        counted = any(data.get(a) for a in ANSWERS)
        if data.get("surveyed") and not counted:
            raise ValidationError(_("Give the count of respondents for each answer of a surveyed programme."))
        if counted and not data.get("surveyed"):
            if self.initial.get("surveyed") and set(ANSWERS) & set(self.changed_data):
                raise ValidationError(_("You took the tick off this programme but changed its counts. Tick it to "
                                        "keep the counts, or clear them to leave the programme out of the survey."))
            data["surveyed"] = not self.initial.get("surveyed")
        return data

    def count_fields(self):
        return [self[answer] for answer in ANSWERS]

    def row(self):
        if not self.cleaned_data.get("surveyed"):
            return None
        return {"programme": self.programme.pk, **{a: self.cleaned_data.get(a) or 0 for a in ANSWERS}}


class SurveyForm(forms.Form):
    notes = forms.CharField(label=_("How and when the survey was held"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data=None, *, programmes, survey=None):
        stored = {row.programme_id: row for row in survey.rows.all()} if survey else {}
        initial = {"notes": survey.notes, "version": survey.version} if survey else {}
        super().__init__(data, initial=initial, prefix="survey")
        self.rows = [SurveyRowForm(data, programme=p, stored=stored.get(p.pk)) for p in programmes]
        self.non_field_messages = []

    def is_valid(self):
        return all([super().is_valid()] + [row.is_valid() for row in self.rows])

    def programme_rows(self):
        return [r for r in (row.row() for row in self.rows) if r is not None]


class ParticipantsForm(forms.Form):
    """Which enrolled regions join a cycle: a cohort, a province, or codes one by one (any combination)."""

    cohort = forms.IntegerField(label=_("Tahap (intake year)"), required=False, min_value=2017, max_value=2100)
    province = forms.CharField(label=_("Province code"), required=False, max_length=2,
                               help_text=_("Every enrolled region of the province, and the province itself if enrolled."))
    codes = forms.CharField(label=_("Region codes"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("Kemendagri codes separated by spaces or commas, e.g. 34.02 34.04."))

    def clean(self):
        from regions.models import Enrolment, Region

        data = super().clean()
        codes = {c.strip() for c in (data.get("codes") or "").replace(",", " ").split() if c.strip()}
        if not (data.get("cohort") or data.get("province") or codes):
            raise ValidationError(_("Choose a cohort, a province or region codes."))
        known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
        if codes - known:
            self.add_error("codes", _("Unknown region codes: %(codes)s.") % {"codes": ", ".join(sorted(codes - known))})
        enrolled = Enrolment.objects.active()
        selected = set()
        if data.get("cohort"):
            selected |= set(enrolled.filter(cohort_year=data["cohort"]).values_list("region_id", flat=True))
        if data.get("province"):
            province = data["province"].strip()
            if not Region.objects.filter(code=province, kind=Region.Kind.PROVINCE).exists():
                self.add_error("province", _("Not a province code."))
            selected |= set(enrolled.filter(models.Q(region__parent_id=province) | models.Q(region_id=province))
                            .values_list("region_id", flat=True))
        data["regions"] = list(Region.objects.filter(code__in=selected | (codes & known)).order_by("code"))
        return data


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CycleForm(forms.ModelForm):
    """A cycle's instrument, aspect weights, survey rule and windows; once opened only its name and windows (the
    services judge the rest: weights adding up to 100, windows in order)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        from .models import Cycle

        model = Cycle
        fields = ["year", "name", "instrument", "weight_baseline", "weight_output", "weight_outcome",
                  "weight_impact", "weight_quick_win", "survey_rule", "self_assessment_start", "self_assessment_end",
                  "assessment_start", "assessment_end"]
        widgets = {name: DATE_INPUT for name in ("self_assessment_start", "self_assessment_end",
                                                 "assessment_start", "assessment_end")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cycle = self.instance
        # The model's help text names "<year>", which a page would take for a tag.
        self.fields["name"].help_text = escape(str(self.fields["name"].help_text))
        # Left out of a post (an older client): the cycle keeps its rule, a new one takes the 2023 rules.
        self.fields["survey_rule"].required = False
        if cycle.pk:
            self.fields["version"].initial = cycle.version
            if cycle.status != cycle.Status.DRAFT:
                for name in cycle.FROZEN_WHEN_OPEN:
                    field = self.fields.get(name.removesuffix("_id"))
                    if field is not None:
                        field.disabled = True

    def _post_clean(self):
        pass  # the model is validated by the service, whose errors come back through form_errors()

    def changes(self):
        return {name: value for name, value in self.cleaned_data.items()
                if name != "version" and not self.fields[name].disabled}

    def clean_survey_rule(self):
        return self.cleaned_data.get("survey_rule") or self.instance.survey_rule


class AssessorsForm(forms.Form):
    """The assessors of one evaluation and their lead (the conflict-of-interest rule is the service's)."""

    assessors = forms.ModelMultipleChoiceField(label=_("Assessors"), queryset=None,
                                               widget=forms.CheckboxSelectMultiple, required=False)
    lead = forms.ModelChoiceField(label=_("Lead assessor"), queryset=None, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, evaluation, **kwargs):
        from django.contrib.auth import get_user_model

        from regions.models import Role

        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(role_assignments__role=Role.ASSESSOR).distinct().order_by(
            "first_name", "last_name", "username")
        self.fields["assessors"].queryset = users
        self.fields["lead"].queryset = users
        self.fields["assessors"].label_from_instance = self.fields["lead"].label_from_instance = (
            lambda u: f"{u.get_full_name() or u.username} ({u.username})")
        if not self.is_bound:
            assignments = list(evaluation.assignments.all())
            self.initial = {"assessors": [a.assessor_id for a in assignments], "version": evaluation.version,
                            "lead": next((a.assessor_id for a in assignments if a.is_lead), None)}

    def clean(self):
        data = super().clean()
        lead, assessors = data.get("lead"), data.get("assessors") or []
        if lead is not None and lead not in assessors:
            self.add_error("lead", _("The lead must be one of the assessors."))
        return data


class InterviewForm(forms.ModelForm):
    """The lead assessor's record of a presentation and interview; a change carries the version read."""

    interview = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2_147_483_647)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2_147_483_647)

    class Meta:
        from .models import Interview

        model = Interview
        fields = ["date", "mode", "venue", "attendees", "notes"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "mode": forms.RadioSelect(attrs={"class": "form-check-input"}),
                   "attendees": forms.Textarea(attrs={"rows": 3}),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="interview", **kwargs)
        self.fields["mode"].choices = list(self.Meta.model.Mode.choices)  # one of the two; no blank choice
        if self.instance.pk:
            self.initial.update(interview=self.instance.pk, version=self.instance.version)

    def _post_clean(self):
        # The model's clean (a future date, a venue on site) runs in evaluations.services.save_interview,
        # under the evaluation's lock, with its refusals shown on this form.
        pass
