"""Base views every app's pages build on: one policy gate, one FilterSet per list, versioned edits."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, UpdateView

from . import policy
from .exceptions import form_errors


class PolicyMixin(LoginRequiredMixin):
    """Restricts the queryset to what the user may see; anything else is a 404."""

    region_field = "region"

    def get_queryset(self):
        return policy.restrict(super().get_queryset(), self.request.user, policy.VIEW, field=self.region_field)


class ObjectListView(PolicyMixin, ListView):
    """A list filtered by the model's FilterSet (the same one the API uses)."""

    filterset_class = None
    paginate_by = 50

    def get_queryset(self):
        qs = super().get_queryset()
        self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return qs.none()
        return self.filterset.qs if self.filterset.is_bound else qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filterset"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query_without_page"] = query.urlencode()
        return ctx


class ObjectDetailView(PolicyMixin, DetailView):
    pass


class VersionedUpdateView(PolicyMixin, UpdateView):
    """Edit a VersionedModel: visible-but-not-editable is 403; a stale version is a form error."""

    stale_message = None

    def check_change(self, obj):
        if not policy.can(self.request.user, policy.CHANGE, obj):
            raise PermissionDenied(_("You may view this record but not change it."))

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.check_change(obj)
        return obj

    def form_valid(self, form):
        obj = form.save(commit=False)
        with form_errors(form, self.stale_message) as refused:
            obj.save_versioned(form.cleaned_data.get("version"))  # a save that changes nothing writes nothing
            form.save_m2m()
        if refused:
            return self.form_invalid(form)
        self.object = obj
        messages.success(self.request, _("Changes saved."))
        return HttpResponseRedirect(self.get_success_url())
