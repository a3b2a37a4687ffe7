"""Pages of the yearly monitoring report: the list for the user's scope, a report's page (status, due date,
missing programmes, the region's submit button, the verifier's verify/return form, the secretariat's
reopen form, the history), its transitions (POST), and the completeness tables."""
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from regions.models import Region
from regions.timezones import zone_of
from smartcity import policy
from smartcity.exceptions import form_errors
from smartcity.models import StaleVersion
from smartcity.views import ObjectListView

from . import transitions
from .completeness import completeness, default_year
from .filtersets import CompletenessFilterSet, YearlyReportFilterSet
from .models import ReportingWindow, YearlyReport
from .querysets import missing_programmes
from .services import open_reporting, set_reporting_window


def visible_reports(user):
    return YearlyReport.objects.for_list().visible_to(user)


class YearlyReportListView(ObjectListView):
    model = YearlyReport
    filterset_class = YearlyReportFilterSet
    template_name = "monitoring/yearly_report_list.html"

    def get_queryset(self):
        open_reporting()
        return super().get_queryset().for_list().order_by("-window__year", "region_id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "can_set_windows": policy.can(self.request.user, policy.MANAGE_REFERENCE)}


class YearlyReportDetailView(LoginRequiredMixin, TemplateView):
    template_name = "monitoring/yearly_report_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        report = get_object_or_404(visible_reports(user), pk=kwargs["pk"])
        missing = missing_programmes([report])[report.pk]
        zone_name, zone = zone_of(report.region_id)
        ctx.update({
            "report": report,
            "missing": [{"id": pk, "code": code, "name": name} for pk, code, name in missing],
            "events": report.events.select_related("user").order_by("at", "id"),
            # Naive wall-clock times: the template's date filter would show an aware one in TIME_ZONE.
            "due_jakarta": report.due_at.replace(tzinfo=None),
            "due_local": report.due_at.astimezone(zone).replace(tzinfo=None), "zone_name": zone_name,
            # The submit guard without its missing-programme query (`missing` above is that answer): the
            # region's staff see the button, enabled once nothing is missing.
            "may_submit": (may_submit := transitions.permits(
                lambda u, r: transitions.ensure_can_submit(u, r, check_missing=False), user, report)),
            "can_submit": may_submit and not missing,
            "can_verify": transitions.permits(transitions.ensure_can_verify, user, report),
            "can_reopen": transitions.permits(transitions.ensure_can_reopen, user, report),
            "can_post_updates": policy.can(user, policy.CHANGE, report) and not report.is_locked,
        })
        return ctx


class YearlyReportTransitionView(LoginRequiredMixin, View):
    """POST only: one transition; a refusal is a message on the report's page (nothing written), one the
    user may not make at all is 403."""

    http_method_names = ["post"]
    moves = {
        "submit": (transitions.submit_report, None, gettext_lazy("The yearly report has been submitted for verification.")),
        "verify": (transitions.verify_report, None, gettext_lazy("The yearly report has been verified.")),
        "return": (transitions.return_report, "comment", gettext_lazy("The yearly report has been returned to the region.")),
        "reopen": (transitions.reopen_report, "reason", gettext_lazy("The yearly report has been reopened.")),
    }

    def post(self, request, pk, move):
        if move not in self.moves:
            raise Http404
        report = get_object_or_404(visible_reports(request.user), pk=pk)
        act, text_field, done = self.moves[move]
        texts = [request.POST.get(text_field, "")] if text_field else []
        try:
            act(request.user, report, request.POST.get("version"), *texts)
        except transitions.Conflict as e:
            messages.error(request, e.message)
        except StaleVersion:
            messages.error(request, _("Someone else changed this report after you opened it. Nothing was "
                                      "done: read the page again and retry."))
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, done)
        return HttpResponseRedirect(report.get_absolute_url())


class CompletenessPageView(LoginRequiredMixin, TemplateView):
    """Completeness and timeliness: national by province, or a province by region (`?province=`)."""

    template_name = "monitoring/completeness.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        data = self.request.GET.copy()
        if not data.get("year") and (year := default_year()) is not None:
            data["year"] = str(year)
        reports = YearlyReport.objects.visible_to(self.request.user)
        filterset = CompletenessFilterSet(data, queryset=reports, request=self.request)
        figures = None
        if data.get("year") and filterset.is_valid():
            figures = completeness(filterset.qs, int(filterset.form.cleaned_data["year"]))
        province_code = (filterset.form.cleaned_data.get("province") or "").strip() if filterset.is_bound and \
            filterset.is_valid() else ""
        ctx.update({"filterset": filterset, "figures": figures,
                    "province": Region.objects.filter(code=province_code, kind=Region.Kind.PROVINCE).first()
                    if province_code else None})
        return ctx


class ReportingWindowForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    opens = forms.DateField(label=gettext_lazy("Opens"), widget=forms.DateInput(attrs={"type": "date"}))
    due = forms.DateField(label=gettext_lazy("Due"), widget=forms.DateInput(attrs={"type": "date"}),
                          help_text=gettext_lazy("Submissions until the end of this day in Asia/Jakarta are on time."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReportingWindowsView(LoginRequiredMixin, TemplateView):
    """The secretariat's reporting windows: one per year, when the regions report (opens, due)."""

    template_name = "monitoring/reporting_windows.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy.can(request.user, policy.MANAGE_REFERENCE):
            raise PermissionDenied(_("Only the national secretariat sets the reporting windows."))
        return super().dispatch(request, *args, **kwargs)

    def window(self):
        pk = self.request.GET.get("edit") or self.request.POST.get("window")
        if not pk:
            return None
        if not str(pk).isdigit():
            raise Http404
        return get_object_or_404(ReportingWindow, pk=pk)

    def get_context_data(self, form=None, **kwargs):
        window = self.window()
        if form is None:
            initial = ({"year": window.year, "opens": window.opens, "due": window.due, "version": window.version}
                       if window else {})
            form = ReportingWindowForm(initial=initial)
        if window:
            form.fields["year"].disabled = True
        return super().get_context_data(**kwargs) | {
            "form": form, "window": window, "windows": list(ReportingWindow.objects.order_by("-year"))}

    def post(self, request, *args, **kwargs):
        window = self.window()
        form = ReportingWindowForm(request.POST, initial={"year": window.year} if window else None)
        if window:
            form.fields["year"].disabled = True
        if form.is_valid():
            data = form.cleaned_data
            with form_errors(form) as refused:
                set_reporting_window(request.user, data["year"], data["opens"], data["due"], window,
                                     data.get("version"))
            if not refused:
                messages.success(request, _("The reporting window for %(year)s is saved.") % {"year": data["year"]})
                return HttpResponseRedirect(reverse("monitoring:reporting_windows"))
        return self.render_to_response(self.get_context_data(form=form), status=400)
