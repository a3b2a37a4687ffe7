"""Pages of the yearly evaluation: the list (an assessor's assignments, a region's evaluations), the
evaluation page with its results, the region's self-assessment and citizen survey, the assessor's
scoring page, moderation and finalisation, reopening, the evidence files and a cycle's ranking; and the
national secretariat's cycle pages: the cycles, a new or changed cycle, its stage moves, its participants
(added and removed), each evaluation's stage and progress, and an evaluation's assessors.

Views only parse, call evaluations.transitions / services, and answer; who may do what, from which
state and when is decided there (and the region scope by smartcity.policy): an evaluation the user
may not see is 404, a refused act 403, a refused state or date a message on the page that changed
nothing. Every page runs a constant number of queries whatever the number of criteria or regions.
"""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView, View

from smartcity import charts, policy
from smartcity.dimensions import Dimension
from smartcity.exceptions import form_errors
from smartcity.views import ObjectListView

from . import results, services, transitions
from .evidence import content_type_of
from .facts import implementation_facts
from .filtersets import EvaluationFilterSet
from .forms import (
    AgreementForm,
    AnswerForm,
    AssessorsForm,
    CycleForm,
    InterviewForm,
    NarrativeForm,
    ParticipantsForm,
    PublicationForm,
    ReasonForm,
    ScoreForm,
    Sheet,
    SurveyForm,
)
from .models import (
    ANSWERS,
    MIN_PROGRAMMES,
    MIN_RESPONDENTS,
    Aspect,
    Assignment,
    CitizenSurvey,
    Cycle,
    Evaluation,
    Interview,
    Score,
    SelfAssessment,
    SurveyedProgramme,
)
from .presenters import evaluation_results, next_steps, result_charts, score_table
from .querysets import (
    ALL,
    band_counts,
    band_label,
    score_visibility,
    visible_agreements,
    visible_answers,
    visible_scores,
)

STALE = gettext_lazy("Someone else saved this evaluation after you opened it. Nothing was saved: reload the page to see "
          "the newer data, then make your changes again.")


allowed = transitions.permits


class EvaluationMixin(LoginRequiredMixin):
    """The evaluation named in the URL, if the user may see it (404 otherwise), with what every page shows."""

    def get_evaluation(self):
        queryset = Evaluation.objects.visible_to(self.request.user).for_api().select_related("region__parent")
        self.evaluation = get_object_or_404(queryset, pk=self.kwargs["pk"])
        return self.evaluation

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.get_evaluation()
        return super().dispatch(request, *args, **kwargs)

    def previous(self):
        """The region's previous final evaluation (None: this is its first), read once per request."""
        if not hasattr(self, "_previous"):
            self._previous = results.previous_final(self.evaluation)
        return self._previous

    def criteria(self):
        """The instrument's criteria, framed for this evaluation: after the region's first evaluation the
        Baseline criteria are scored on improvement (Criterion.frame)."""
        return results.frame_criteria(list(self.evaluation.cycle.instrument.criteria.in_order()), self.previous())

    def previous_context(self):
        """The previous final results shown beside the Baseline criteria (scoring, moderation)."""
        previous = self.previous()
        if previous is None:
            return {"previous": None}
        return {"previous": previous, "previous_aspects": [
            (label, previous.aspect_indexes.get(value)) for value, label in Aspect.choices],
            "previous_dimensions": [(label, previous.dimension_indexes.get(value))
                                    for value, label in Dimension.choices]}

    def base_context(self):
        evaluation, user = self.evaluation, self.request.user
        return {
            "evaluation": evaluation, "cycle": evaluation.cycle, "region": evaluation.region,
            "assignment": evaluation.assignment_of(user), "is_admin": transitions.is_admin(user),
            "today": transitions.today(),
        }

    def back(self, name="evaluation_detail"):
        return HttpResponseRedirect(reverse(f"evaluations:{name}", args=[self.evaluation.pk]))

    def refused(self, guard, page):
        """None if `guard` lets the user act now; else back to `page` with the reason (PermissionDenied
        goes on to a 403)."""
        try:
            guard(self.request.user, self.evaluation)
        except transitions.Conflict as e:
            messages.error(self.request, e.message)
            return self.back(page)
        return None

    def save_sheet(self, sheet, save):
        """Validate a sheet and hand its rows to `save(user, evaluation, rows)` in one transaction; the
        domain's refusals become the sheet's errors (and nothing is written). True when saved."""
        if not sheet.is_valid():
            return False
        with form_errors(sheet, STALE) as refused:
            save(self.request.user, self.evaluation, sheet.rows())
        sheet.conflict = refused.conflict
        return not refused


class EvaluationListView(ObjectListView):
    """The evaluations a user may see: an assessor's assignments, a region's or province's, or all."""

    queryset = Evaluation.objects.for_api().select_related("region__parent").order_by("-cycle__year", "region_id")
    filterset_class = EvaluationFilterSet
    template_name = "evaluations/evaluation_list.html"

    def get_queryset(self):
        return super().get_queryset().narrowed_for_assessor(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        rows = list(ctx["object_list"])
        for evaluation in rows:
            evaluation.my_assignment = evaluation.assignment_of(user)
        ctx["object_list"] = rows
        ctx["is_assessor"] = policy.has_role(user, policy.ASSESSOR)
        ctx["can_manage_cycles"] = transitions.is_admin(user)
        ctx["cycles"] = list(Cycle.objects.opened().order_by("-year"))
        return ctx


class EvaluationDetailView(EvaluationMixin, TemplateView):
    template_name = "evaluations/evaluation_detail.html"

    def get_context_data(self, interview_form=None, **kwargs):
        ctx = super().get_context_data(**kwargs) | self.base_context()
        evaluation, user = self.evaluation, self.request.user
        ctx["events"] = list(evaluation.events.select_related("user").order_by("-at", "-id"))
        ctx["steps"] = next_steps(user, evaluation)
        ctx["results"] = evaluation_results(user, evaluation)
        if ctx["results"]:
            ctx.update(result_charts(ctx["results"]))
        ctx["reopen_form"] = ReasonForm() if evaluation.is_final and ctx["is_admin"] else None
        ctx.update(self.interview_context(interview_form))
        return ctx

    # The presentation and interview: everyone who sees the evaluation reads it; the lead records it.

    def interview_context(self, form=None):
        user, evaluation = self.request.user, self.evaluation
        interviews = list(Interview.objects.filter(evaluation=evaluation).select_related("recorded_by")
                          .order_by("date", "id"))
        can_record = allowed(transitions.ensure_can_record_interview, user, evaluation)
        if form is None and can_record:
            editing = next((i for i in interviews if str(i.pk) == self.request.GET.get("wawancara")), None)
            form = InterviewForm(instance=editing)
        return {"interviews": interviews, "can_record_interview": can_record,
                "interview_form": form if can_record else None}

    def post(self, request, *args, **kwargs):
        evaluation = self.evaluation
        if refusal := self.refused(transitions.ensure_can_record_interview, "evaluation_detail"):
            return refusal
        form = InterviewForm(request.POST)
        if form.is_valid():
            interview = None
            if form.cleaned_data["interview"]:
                interview = Interview.objects.filter(evaluation=evaluation, pk=form.cleaned_data["interview"]).first()
                if interview is None:
                    form.add_error(None, _("This interview record no longer exists."))
            if not form.errors:
                data = {name: form.cleaned_data[name] for name in services.INTERVIEW_FIELDS}
                with form_errors(form, STALE) as refused:
                    services.save_interview(request.user, evaluation, data, interview, form.cleaned_data["version"])
                if not refused:
                    messages.success(request, _("The presentation and interview are recorded."))
                    return HttpResponseRedirect(reverse("evaluations:evaluation_detail", args=[evaluation.pk])
                                                + "#interviews")
        return self.render_to_response(self.get_context_data(interview_form=form), status=400)


# --- region staff: self-assessment and survey --------------------------------------------------------


class SelfAssessmentView(EvaluationMixin, TemplateView):
    """The region's answers, one criterion at a time: a save keeps every valid answer and lists the refused
    ones at their criterion (their files are not kept), linked from the banner at the top."""

    template_name = "evaluations/self_assessment.html"

    def stored(self):
        return {a.criterion_id: a for a in visible_answers(self.request.user, self.evaluation)}

    def get_context_data(self, sheet=None, refused=(), saved=None, held=False, **kwargs):
        ctx = super().get_context_data(**kwargs) | self.base_context()
        user, evaluation = self.request.user, self.evaluation
        criteria = self.criteria()
        stored = self.stored()
        ctx["editable"] = allowed(transitions.ensure_self_assessment_open, user, evaluation)
        if not ctx["editable"] and not stored and evaluation.assignment_of(user) is not None:
            ctx["waiting"] = True  # an assessor before submission: the drafts are the region's own
        ctx["sheet"] = sheet = sheet or Sheet(AnswerForm, criteria, stored)
        for form in refused:
            sheet.keep(form)
        ctx["rows"] = [(form, stored.get(form.criterion.pk)) for form in sheet]
        ctx["answered"] = sum(1 for a in stored.values() if a.level)
        ctx["total"] = len(criteria)
        ctx["aspects"] = dict(Aspect.choices)
        ctx["refused"] = [form.criterion for form in sheet if form.errors]
        ctx["saved"], ctx["held"] = saved, held  # answers saved beside the refused ones; a submission held back
        ctx["progress"] = aspect_progress(criteria, stored, {c.pk for c in ctx["refused"]})
        return ctx

    def post(self, request, *args, **kwargs):
        evaluation = self.evaluation
        if refusal := self.refused(transitions.ensure_self_assessment_open, "self_assessment"):
            return refusal
        submit = request.POST.get("action") == "submit"
        sheet = Sheet(AnswerForm, self.criteria(), self.stored(), request.POST, request.FILES)
        sheet.is_valid()
        # The unit is one criterion's answer: the valid ones are saved, the refused ones wait at their criterion.
        every, refused = sheet.forms, [form for form in sheet if form.errors]
        for form in refused:
            form.drop_upload()
        sheet.forms = [form for form in every if not form.errors]

        def save(user, evaluation, rows):
            if rows:
                services.save_answers(user, evaluation, rows)
            if submit and not refused:
                transitions.submit_self_assessment(user, evaluation)

        rows = sheet.rows()
        if self.save_sheet(sheet, save):
            if refused:
                return self.render_to_response(self.get_context_data(refused=refused, saved=len(rows),
                                                                     held=submit), status=400)
            if submit:
                messages.success(request, _("The self-assessment has been submitted to the assessors."))
                return self.back()
            messages.success(request, _("Draft saved. You can go on filling it in until %(end)s.") % {
                "end": transitions._day(evaluation.cycle.self_assessment_end)})
            return self.back("self_assessment")
        # Refused as a whole (a stale row, the window, submission): nothing was saved.
        sheet.forms = every
        return self.render_to_response(self.get_context_data(sheet=sheet), status=409 if sheet.conflict else 400)


def aspect_progress(criteria, stored, refused):
    """Per aspect, in the instrument's order: its label, answered (a stored level) and all criteria, and each
    criterion with its state ("refused" this time, else "answered" or "open") for the list to jump to."""
    groups = {}
    for criterion in criteria:
        answer = stored.get(criterion.pk)
        has_level = bool(answer and answer.level)
        state = "refused" if criterion.pk in refused else "answered" if has_level else "open"
        group = groups.setdefault(criterion.aspect, {"aspect": criterion.aspect, "label": criterion.get_aspect_display(),
                                                     "items": [], "answered": 0})
        group["items"].append((criterion, state))
        group["answered"] += has_level
    for group in groups.values():
        group["total"] = len(group["items"])
    order = list(Aspect.values)
    return sorted(groups.values(), key=lambda g: order.index(g["aspect"]) if g["aspect"] in order else len(order))


class SurveyView(EvaluationMixin, TemplateView):
    template_name = "evaluations/survey.html"

    def survey(self):
        return (CitizenSurvey.objects.filter(evaluation=self.evaluation).prefetch_related(
            Prefetch("rows", queryset=SurveyedProgramme.objects.select_related("programme"))).first())

    def programmes(self):
        from programmes.models import Programme

        return list(Programme.objects.filter(region=self.evaluation.region).order_by("code", "pk"))

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs) | self.base_context()
        survey = self.survey()
        ctx["editable"] = allowed(transitions.ensure_self_assessment_open, self.request.user, self.evaluation)
        ctx["survey"] = survey
        ctx["summary"] = survey.summary(self.evaluation.cycle.survey_rule) if survey else None
        ctx["form"] = form or SurveyForm(programmes=self.programmes(), survey=survey)
        ctx["answers"] = ANSWERS
        ctx["min_respondents"], ctx["min_programmes"] = MIN_RESPONDENTS, MIN_PROGRAMMES
        return ctx

    def post(self, request, *args, **kwargs):
        user, evaluation = request.user, self.evaluation
        if refusal := self.refused(transitions.ensure_self_assessment_open, "survey"):
            return refusal
        form = SurveyForm(request.POST, programmes=self.programmes(), survey=self.survey())
        if form.is_valid():
            with form_errors(form, STALE) as refused:
                services.save_survey(user, evaluation, form.programme_rows(), form.cleaned_data["notes"],
                                     form.cleaned_data.get("version"))
            if not refused:
                messages.success(request, _("Citizen survey saved."))
                return self.back("survey")
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- assessors: scoring, moderation, finalisation ---------------------------------------------------------


class ScoringView(EvaluationMixin, TemplateView):
    """One assessor's page: the criteria with their descriptors, the region's self-assessment and evidence,
    the survey, the region's implementation facts for the year, and the assessor's own levels."""

    template_name = "evaluations/scoring.html"

    def get(self, request, *args, **kwargs):
        self.require_assignment()
        return super().get(request, *args, **kwargs)

    def require_assignment(self):
        if self.evaluation.assignment_of(self.request.user) is None:
            raise PermissionDenied(_("Only the assessors assigned to this evaluation score it."))

    def own_scores(self):
        return {s.criterion_id: s for s in visible_scores(self.request.user, self.evaluation)
                if s.assessor_id == self.request.user.pk}

    def get_context_data(self, sheet=None, **kwargs):
        ctx = super().get_context_data(**kwargs) | self.base_context()
        user, evaluation = self.request.user, self.evaluation
        criteria = self.criteria()
        own = self.own_scores()
        answers = {a.criterion_id: a for a in visible_answers(user, evaluation)}
        ctx["editable"] = allowed(transitions.ensure_can_score, user, evaluation)
        ctx["sheet"] = sheet or Sheet(ScoreForm, criteria, own)
        ctx["rows"] = [(form, answers.get(form.criterion.pk), own.get(form.criterion.pk)) for form in ctx["sheet"]]
        ctx["scored"], ctx["total"] = len(own), len(criteria)
        ctx["facts"] = implementation_facts(evaluation.region, evaluation.cycle.year)
        ctx.update(self.previous_context())
        survey = self.survey()
        ctx["survey"] = survey
        ctx["survey_summary"] = survey.summary(evaluation.cycle.survey_rule) if survey else None
        ctx["can_open_moderation"] = allowed(self.moderation_guard, user, evaluation)
        ctx["aspects"] = dict(Aspect.choices)
        return ctx

    def survey(self):
        return (CitizenSurvey.objects.filter(evaluation=self.evaluation)
                .prefetch_related(Prefetch("rows", queryset=SurveyedProgramme.objects.select_related("programme")))
                .first())

    @staticmethod
    def moderation_guard(user, evaluation):
        transitions.ensure_lead(user, evaluation)
        if evaluation.status != Evaluation.Status.SUBMITTED or evaluation.cycle.status != Cycle.Status.ASSESSMENT:
            raise transitions.Conflict("")

    def post(self, request, *args, **kwargs):
        self.require_assignment()
        if refusal := self.refused(transitions.ensure_can_score, "scoring"):
            return refusal
        sheet = Sheet(ScoreForm, self.criteria(), self.own_scores(), request.POST)
        if self.save_sheet(sheet, lambda user, evaluation, rows: rows and services.save_scores(user, evaluation, rows)):
            messages.success(request, _("Your scores are saved (%(n)s of %(total)s criteria).") % {
                "n": len(self.own_scores()), "total": len(sheet.forms)})
            return self.back("scoring")
        return self.render_to_response(self.get_context_data(sheet=sheet), status=400)


class ModerationView(EvaluationMixin, TemplateView):
    """Every assessor's levels side by side once the lead has opened moderation; the lead's agreed levels
    where they differ by more than one level, the narrative, and finalisation."""

    template_name = "evaluations/moderation.html"

    def check_access(self):
        user, evaluation = self.request.user, self.evaluation
        if score_visibility(user, evaluation) != ALL:
            if evaluation.assignment_of(user) is not None:
                raise PermissionDenied(_("The assessors see each other's scores once the lead opens moderation."))
            raise PermissionDenied(_("Moderation is for the assessors of this evaluation."))

    def get(self, request, *args, **kwargs):
        self.check_access()
        return super().get(request, *args, **kwargs)

    def agreement_sheet(self, data=None):
        """The score table as the user may see it, and the lead's agreement forms for its disputed criteria."""
        user, evaluation = self.request.user, self.evaluation
        table = score_table(evaluation, self.criteria(), list(visible_scores(user, evaluation)),
                            {a.criterion_id: a for a in visible_agreements(user, evaluation)})
        disputed = {row.criterion.pk for row in table.rows if row.needs_agreement}
        stored = {row.criterion.pk: row.agreement for row in table.rows if row.agreement}
        return table, Sheet(AgreementForm, [row.criterion for row in table.rows], stored, data, only=disputed)

    def get_context_data(self, agreements=None, narrative=None, **kwargs):
        ctx = super().get_context_data(**kwargs) | self.base_context()
        user, evaluation = self.request.user, self.evaluation
        table, sheet = self.agreement_sheet()
        ctx["table"] = table
        ctx["can_moderate"] = allowed(transitions.ensure_can_moderate, user, evaluation)
        ctx["can_write"] = allowed(transitions.ensure_can_write_narrative, user, evaluation)
        ctx["agreements"] = agreements or sheet
        forms = ctx["agreements"].by_criterion()
        for row in table.rows:
            row.form = forms.get(row.criterion.pk)
        ctx["narrative"] = narrative or NarrativeForm.of(evaluation)
        ctx.update(self.previous_context())
        scores = results.criterion_scores([evaluation])[evaluation.pk]
        ctx["blockers"] = results.describe_blockers(results.finalisation_blockers(evaluation, scores)) \
            if not evaluation.is_final else []
        ctx["preview"] = results.results_of(evaluation, scores)
        ctx["aspect_rows"] = [(label, ctx["preview"].aspect_indexes.get(value)) for value, label in Aspect.choices]
        ctx["can_finalise"] = (evaluation.status == Evaluation.Status.IN_REVIEW and not ctx["blockers"]
                               and allowed(transitions.ensure_lead, user, evaluation))
        return ctx

    def post(self, request, *args, **kwargs):
        self.check_access()
        user, evaluation = request.user, self.evaluation
        if request.POST.get("action") == "narrative":
            return self.save_narrative(user, evaluation)
        if refusal := self.refused(transitions.ensure_can_moderate, "moderation"):
            return refusal
        _table, sheet = self.agreement_sheet(request.POST)
        if self.save_sheet(sheet, lambda user, evaluation, rows: rows and services.save_agreements(user, evaluation,
                                                                                                   rows)):
            messages.success(request, _("Agreed levels saved."))
            return self.back("moderation")
        return self.render_to_response(self.get_context_data(agreements=sheet), status=400)

    def save_narrative(self, user, evaluation):
        if refusal := self.refused(transitions.ensure_can_write_narrative, "moderation"):
            return refusal
        form = NarrativeForm(self.request.POST, prefix="narrative")
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in services.NARRATIVE_FIELDS}
            with form_errors(form, STALE) as refused:
                services.update_evaluation(user, evaluation, data, form.cleaned_data["version"])
            if not refused:
                messages.success(self.request, _("Strengths, weaknesses and recommendations saved."))
                return self.back("moderation")
        return self.render_to_response(self.get_context_data(narrative=form), status=400)


class TransitionView(EvaluationMixin, View):
    """POST only: one evaluation transition; a refusal is a message on the page it came from."""

    http_method_names = ["post"]
    move = None
    done = ""
    back_to = "evaluation_detail"

    def act(self, user, evaluation):
        return type(self).move(user, evaluation)

    def post(self, request, *args, **kwargs):
        try:
            self.act(request.user, self.evaluation)
        except transitions.Conflict as e:
            messages.error(request, e.message)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, self.done)
        return self.back(self.back_to)


class OpenModerationView(TransitionView):
    move = transitions.open_moderation
    back_to = "moderation"

    @property
    def done(self):
        return _("Moderation is open: the assessors now see each other's scores.")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.evaluation.refresh_from_db(fields=["status"])
        if self.evaluation.status != Evaluation.Status.IN_REVIEW:
            return self.back("scoring")
        return response


class FinaliseView(TransitionView):
    move = transitions.finalise_evaluation

    @property
    def done(self):
        return _("The evaluation is final: its index, predikat and rank are fixed.")


class ReopenView(TransitionView):
    def act(self, user, evaluation):
        transitions.ensure_admin(user, _("Only the national secretariat reopens a final evaluation."))
        form = ReasonForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Say why the evaluation is reopened."))
        return transitions.reopen_evaluation(user, evaluation, form.cleaned_data["reason"])

    @property
    def done(self):
        return _("The evaluation is reopened for review; the reason is kept in its history.")


class EvidenceView(EvaluationMixin, View):
    """An evidence file, to those who may read the self-assessment it belongs to (404 for anyone else)."""

    def get(self, request, *args, **kwargs):
        answer = visible_answers(request.user, self.evaluation).filter(criterion_id=kwargs["criterion"]).first()
        if answer is None or not answer.evidence_file:
            raise Http404
        name = answer.evidence_file.name
        response = FileResponse(answer.evidence_file.open("rb"), content_type=content_type_of(name),
                                as_attachment=False, filename=f"bukti-{answer.criterion.code}.{name.rsplit('.', 1)[-1]}")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# --- cycles ------------------------------------------------------------------------------------------------


def cycles_for(user):
    """Cycles a user may open: every opened one; the national secretariat also sees drafts."""
    cycles = Cycle.objects.select_related("instrument")
    return cycles if transitions.is_admin(user) else cycles.opened()


class CycleDetailView(LoginRequiredMixin, DetailView):
    """A cycle's results over the evaluations the user may see: index, improvement and ranks (the published
    ones once the cycle is published under the ministry's letter), and the distribution by predikat or, for
    an instrument without predikat, by equal index bands. The national secretariat publishes it here (POST)."""

    model = Cycle
    template_name = "evaluations/cycle_detail.html"
    context_object_name = "cycle"

    def get_queryset(self):
        return cycles_for(self.request.user)

    def get_context_data(self, publication_form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cycle, user = self.object, self.request.user
        visible = Evaluation.objects.visible_to(user).filter(cycle=cycle)
        published = cycle.status == Cycle.Status.PUBLISHED
        order = [F("rank_national").asc(nulls_last=True)] if published else []
        order += [F("rank").asc(nulls_last=True), "region_id"]
        ranking = list(visible.final().with_previous_index().select_related("region__parent").order_by(*order))
        for evaluation in ranking:
            evaluation.cycle = cycle
            evaluation.shown_improvement = results.improvement_of(evaluation)
            evaluation.public = policy.is_public(evaluation)
        ctx["ranking"] = ranking
        ctx["uses_predikat"] = cycle.instrument.uses_predikat
        if ctx["uses_predikat"]:
            counts = dict(visible.final().order_by().values_list("predikat").annotate(n=Count("pk")))
            order = [label for _minimum, label in cycle.instrument.thresholds()]
            ctx["distribution_chart"] = charts.distribution_chart(
                {label: counts.get(label, 0) for label in order}, order=order, width=charts.NARROW_WIDTH)
        else:
            bands = [(band_label(band), n) for band, n in reversed(band_counts(visible.final()))]
            ctx["distribution_chart"] = charts.distribution_chart(
                dict(bands), order=[label for label, _n in bands], title=_("Evaluations per index band"),
                category=_("Index band"),
                description=_("Five equal bands of 0.80 on the 1–5 scale; each band includes its lower bound."),
                width=charts.NARROW_WIDTH)  # the page's side panel
        ctx["by_status"] = self.status_counts(visible)
        ctx["national"] = policy.can(user, policy.VIEW_NATIONAL)
        ctx["final_total"] = Evaluation.objects.filter(cycle=cycle, status=Evaluation.Status.FINAL).count()
        ctx["is_admin"] = transitions.is_admin(user)
        ctx["can_add_participants"] = ctx["is_admin"] and cycle.status in (
            Cycle.Status.DRAFT, Cycle.Status.SELF_ASSESSMENT)
        ctx["can_publish"] = transitions.is_admin(user) and cycle.status in (Cycle.Status.CLOSED,
                                                                              Cycle.Status.PUBLISHED)
        if ctx["can_publish"]:
            ctx["publication_form"] = publication_form or PublicationForm()
        if ctx["is_admin"]:
            ctx["evaluations"] = self.progress(cycle)
            ctx["criteria_total"] = cycle.instrument.criteria.count()
            ctx["moves"] = [(move, label) for move, (_move, stage, label) in STAGE_MOVES.items()
                            if cycle.status == stage]
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        transitions.ensure_admin(request.user, _("Only the national secretariat publishes the results of a cycle."))
        form = PublicationForm(request.POST)
        if form.is_valid():
            with form_errors(form) as refused:
                transitions.publish_cycle(request.user, self.object, form.cleaned_data["letter_number"],
                                          form.cleaned_data["letter_date"])
            if not refused:
                messages.success(request, _("The cycle's results are published under letter %(number)s.") % {
                    "number": form.cleaned_data["letter_number"]})
                return HttpResponseRedirect(reverse("evaluations:cycle_detail", args=[self.object.pk]))
        return self.render_to_response(self.get_context_data(object=self.object, publication_form=form), status=400)

    @staticmethod
    def progress(cycle):
        """Every evaluation of the cycle with its stage, answers given and each assessor's scores: three
        queries whatever the number of regions and assessors."""
        answered = (SelfAssessment.objects.filter(evaluation=OuterRef("pk"), level__isnull=False).order_by()
                    .values("evaluation").annotate(n=Count("pk")).values("n"))
        rows = list(cycle.evaluations.select_related("region__parent")
                    .annotate(answered=Coalesce(Subquery(answered), 0))
                    .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("assessor")
                                               .order_by("-is_lead", "assessor__username")))
                    .order_by("region_id"))
        scored = {(e, a): n for e, a, n in Score.objects.filter(evaluation__cycle=cycle).order_by()
                  .values_list("evaluation_id", "assessor_id").annotate(n=Count("pk"))}
        for evaluation in rows:
            evaluation.assessor_rows = [(a, scored.get((evaluation.pk, a.assessor_id), 0))
                                        for a in evaluation.assignments.all()]
        return rows

    @staticmethod
    def status_counts(visible):
        counts = dict(visible.order_by().values_list("status").annotate(n=Count("pk")))
        return [(value, label, counts.get(value, 0)) for value, label in Evaluation.Status.choices]



class CycleAdminMixin(LoginRequiredMixin):
    """A cycle page of the national secretariat: a cycle the user may not see is 404, anyone else 403."""

    refusal = gettext_lazy("Only the national secretariat may do this.")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if "pk" in kwargs:
            self.cycle = get_object_or_404(cycles_for(request.user), pk=kwargs["pk"])
        transitions.ensure_admin(request.user, str(self.refusal))
        return super().dispatch(request, *args, **kwargs)

    def to_cycle(self, name="cycle_detail"):
        return HttpResponseRedirect(reverse(f"evaluations:{name}", args=[self.cycle.pk]))


class CycleParticipantsView(CycleAdminMixin, TemplateView):
    """The national secretariat adds enrolled regions to a cycle (by tahap, by province or one by one) and
    removes those that have not begun."""

    template_name = "evaluations/cycle_participants.html"
    refusal = gettext_lazy("Only the national secretariat adds regions to a cycle.")

    def get_context_data(self, form=None, **kwargs):
        participants = list(self.cycle.evaluations.select_related("region__parent").order_by("region_id"))
        return super().get_context_data(**kwargs) | {
            "cycle": self.cycle, "form": form or ParticipantsForm(), "count": len(participants),
            "participants": participants,
            "open_for_changes": self.cycle.status in (Cycle.Status.DRAFT, Cycle.Status.SELF_ASSESSMENT)}

    def post(self, request, *args, **kwargs):
        if "remove" in request.POST:
            return self.remove(request.POST["remove"])
        form = ParticipantsForm(request.POST)
        if form.is_valid():
            with form_errors(form) as refused:
                created = services.add_participants(request.user, self.cycle, form.cleaned_data["regions"])
            if not refused:
                messages.success(request, _("%(n)s regions joined the cycle; %(m)s were taking part already.") % {
                    "n": len(created), "m": len(form.cleaned_data["regions"]) - len(created)})
                return self.to_cycle("cycle_participants")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def remove(self, pk):
        evaluation = self.cycle.evaluations.select_related("region").filter(pk=pk if pk.isdigit() else None).first()
        if evaluation is None:
            raise Http404
        try:
            services.remove_participant(self.request.user, evaluation)
        except transitions.Conflict as e:
            messages.error(self.request, e.message)
        else:
            messages.success(self.request, _("%(region)s no longer takes part in the cycle.") % {
                "region": evaluation.region.name})
        return self.to_cycle("cycle_participants")


class CycleListView(LoginRequiredMixin, TemplateView):
    """The cycles the user may open; the national secretariat also sees drafts and opens new ones."""

    template_name = "evaluations/cycle_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        cycles = list(cycles_for(user).annotate(participants=Count("evaluations")).order_by("-year"))
        return super().get_context_data(**kwargs) | {"cycles": cycles, "is_admin": transitions.is_admin(user)}


class CycleFormView(CycleAdminMixin, TemplateView):
    """A new cycle (draft), or a cycle's windows and, while it is a draft, its instrument and weights."""

    template_name = "evaluations/cycle_form.html"
    refusal = gettext_lazy("Only the national secretariat opens and changes cycles.")

    def get_context_data(self, form=None, **kwargs):
        cycle = getattr(self, "cycle", None)
        return super().get_context_data(**kwargs) | {"cycle": cycle, "form": form or CycleForm(instance=cycle)}

    def post(self, request, *args, **kwargs):
        cycle = getattr(self, "cycle", None)
        form = CycleForm(request.POST, instance=cycle)
        if form.is_valid():
            with form_errors(form, STALE_CYCLE) as refused:
                if cycle is None:
                    self.cycle = services.create_cycle(request.user, form.changes())
                else:
                    services.update_cycle(request.user, cycle, form.changes(), form.cleaned_data.get("version"))
            if not refused:
                messages.success(request, _("The cycle is saved."))
                return self.to_cycle()
        return self.render_to_response(self.get_context_data(form=form), status=400)


STALE_CYCLE = gettext_lazy("Someone else saved this cycle after you opened it. Nothing was saved: reload the page "
                           "to see the newer data, then make your changes again.")

# move → (transition, the stage it starts from, the button's words). The button shows in that stage; the
# transition's own guards (participants, windows, unfinished evaluations) answer with a message.
STAGE_MOVES = {
    "open": (transitions.open_cycle, Cycle.Status.DRAFT, gettext_lazy("Open for self-assessment")),
    "assessment": (transitions.start_assessment, Cycle.Status.SELF_ASSESSMENT, gettext_lazy("Move on to assessment")),
    "close": (transitions.close_cycle, Cycle.Status.ASSESSMENT, gettext_lazy("Close the cycle")),
}


class CycleStageView(CycleAdminMixin, View):
    """POST only: move a cycle to its next stage through its guarded transition."""

    http_method_names = ["post"]
    refusal = gettext_lazy("Only the national secretariat moves a cycle on.")

    def post(self, request, *args, **kwargs):
        move = STAGE_MOVES.get(request.POST.get("move", ""))
        if move is None:
            return HttpResponseBadRequest(_("Unknown stage move."))
        try:
            cycle = move[0](request.user, self.cycle)
        except transitions.Conflict as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("The cycle is now in its stage: %(stage)s.") % {
                "stage": cycle.get_status_display()})
        return self.to_cycle()


class EvaluationAssessorsView(EvaluationMixin, TemplateView):
    """The national secretariat names an evaluation's assessors and their lead (conflict of interest refused)."""

    template_name = "evaluations/assessors.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            transitions.ensure_admin(request.user, _("Only the national secretariat assigns assessors."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs) | self.base_context()
        ctx["form"] = form or AssessorsForm(evaluation=self.evaluation)
        ctx["editable"] = allowed(transitions.ensure_can_assign, self.request.user, self.evaluation)
        return ctx

    def post(self, request, *args, **kwargs):
        if refusal := self.refused(transitions.ensure_can_assign, "evaluation_assessors"):
            return refusal
        form = AssessorsForm(request.POST, evaluation=self.evaluation)
        if form.is_valid():
            data = {"assessors": list(form.cleaned_data["assessors"]), "lead": form.cleaned_data["lead"]}
            with form_errors(form, STALE) as refused:
                services.update_evaluation(request.user, self.evaluation, data, form.cleaned_data["version"])
            if not refused:
                messages.success(request, _("The assessors of %(region)s are saved.") % {
                    "region": self.evaluation.region.name})
                return HttpResponseRedirect(reverse("evaluations:cycle_detail", args=[self.evaluation.cycle_id]))
        return self.render_to_response(self.get_context_data(form=form), status=400)
