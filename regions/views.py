from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from evaluations.models import Evaluation
from programmes.views.pages import region_programmes_card
from smartcity import policy
from smartcity.history import history_rows
from smartcity.views import ObjectDetailView, ObjectListView, VersionedUpdateView

from .filtersets import RegionFilterSet
from .forms import EnrolmentForm
from .models import Enrolment, Region


class RegionListView(ObjectListView):
    queryset = Region.objects.for_list()
    filterset_class = RegionFilterSet
    region_field = None
    template_name = "regions/region_list.html"


class RegionDetailView(ObjectDetailView):
    queryset = Region.objects.for_list()
    region_field = None
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "regions/region_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        region, user = self.object, self.request.user
        enrolments = list(region.enrolments.order_by("cohort_year"))
        enrolment = primary_enrolment(enrolments)
        ctx["enrolment"], ctx["enrolments"] = enrolment, enrolments
        ctx["can_edit"] = policy.can(user, policy.CHANGE, region) and (
            enrolment is not None or policy.can(user, policy.MANAGE_REFERENCE))
        if region.kind == Region.Kind.PROVINCE:
            ctx["children"] = (
                Region.objects.visible_to(user).filter(parent=region).with_cohort().order_by("code")
            )
            ctx["children_summary"] = Region.objects.filter(parent=region).aggregate(
                total=Count("code", distinct=True),
                enrolled=Count("code", distinct=True, filter=Q(enrolments__status=Enrolment.Status.ACTIVE)))
        if enrolment is not None:
            ctx["history"] = history_rows(enrolment)
        ctx["programmes_card"] = region_programmes_card(user, region)
        ctx["evaluations"] = list(Evaluation.objects.visible_to(user).filter(region=region).select_related("cycle")
                                  .order_by("-cycle__year"))
        return ctx


def primary_enrolment(enrolments):
    """The enrolment a region's page leads with: its first active intake, else its latest one."""
    active = [e for e in enrolments if e.is_active]
    return active[0] if active else (enrolments[-1] if enrolments else None)


class EnrolmentUpdateView(VersionedUpdateView):
    """Edit one enrolment: the one named by `pk`, else the region's leading one (or a new one)."""

    model = Enrolment
    form_class = EnrolmentForm
    template_name = "regions/enrolment_form.html"

    def get_object(self, queryset=None):
        region = get_object_or_404(Region.objects.visible_to(self.request.user).select_related("parent"),
                                   code=self.kwargs["code"])
        self.region = region
        if "pk" in self.kwargs:
            obj = get_object_or_404(Enrolment.objects.select_related("region"), region=region, pk=self.kwargs["pk"])
        else:
            obj = primary_enrolment(list(Enrolment.objects.select_related("region").filter(region=region)
                                         .order_by("cohort_year")))
        if obj is None:
            # Enrolling a region is the national secretariat's act.
            if not policy.can(self.request.user, policy.MANAGE_REFERENCE):
                if policy.can(self.request.user, policy.CHANGE, region):
                    raise PermissionDenied(_("Only the national secretariat enrols a region.")) from None
                raise PermissionDenied(_("You may view this record but not change it.")) from None
            obj = Enrolment(region=region)
        self.check_change(obj)
        return obj

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"region": self.region}

    def get_success_url(self):
        return self.region.get_absolute_url()

