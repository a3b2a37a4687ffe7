"""A programme's pagu per budget year on the portal: add or change a year (the form), remove one.

The views find the programme through the policy (404 outside the user's view, 403 when visible but not
editable) and hand the write to programmes.services.save_budget / remove_budget. A refused form answers 400.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from smartcity import policy
from smartcity.exceptions import form_errors

from .. import services
from ..forms import ProgrammeBudgetForm
from ..models import Programme, ProgrammeBudget

STALE = gettext_lazy("Someone else changed this budget year since you opened it. Check the figures below and save again.")


class ProgrammeBudgetView(View):
    """GET: the form for a new budget year (no `year`) or a recorded one. POST: save it."""

    template_name = "programmes/budget_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        self.programme = get_object_or_404(
            Programme.objects.visible_to(request.user).select_related("masterplan", "region"), pk=kwargs["pk"])
        if not policy.can(request.user, policy.CHANGE, self.programme):
            raise PermissionDenied(_("You may view this programme but not change its budget."))
        year = kwargs.get("year")
        self.budget = get_object_or_404(ProgrammeBudget, programme=self.programme, year=year) if year else None
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return ProgrammeBudgetForm(data, programme=self.programme, instance=self.budget)

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            with form_errors(form, STALE) as refused:
                budget = services.save_budget(request.user, form.instance, form.cleaned_data.get("version"),
                                              confirm_over_pagu=form.cleaned_data.get("confirm_over_pagu"))
            if not refused:
                messages.success(request, _("Pagu %(year)s saved.") % {"year": budget.year})
                return HttpResponseRedirect(self.programme.get_absolute_url() + "#budget-years")
        return self.render(form, status=400)

    def render(self, form, status=200):
        return TemplateResponse(self.request, self.template_name, {
            "programme": self.programme, "budget": self.budget, "form": form}, status=status)


class ProgrammeBudgetDeleteView(ProgrammeBudgetView):
    """GET: what removing the year means, and the button. POST (with the version read): remove it."""

    template_name = "programmes/budget_delete.html"

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def form(self, data=None):
        form = forms.Form({})  # carries the refusal's message, if any
        form.is_valid()
        return form

    def post(self, request, *args, **kwargs):
        form = self.form()
        with form_errors(form, STALE) as refused:
            services.remove_budget(request.user, self.budget, request.POST.get("version") or None)
        if refused:
            return self.render(form, status=409)
        messages.success(request, _("Pagu %(year)s removed.") % {"year": self.budget.year})
        return HttpResponseRedirect(self.programme.get_absolute_url() + "#budget-years")
