from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView

from evaluations.models import Evaluation
from programmes.views.pages import region_programmes_card
from programmes.views.transfer import SHOWN_PROBLEMS, XLSX_TYPE, ProgrammeImportView
from smartcity import policy
from smartcity.history import history_rows
from smartcity.views import ObjectDetailView, ObjectListView, PolicyMixin, VersionedUpdateView

from . import profile_import
from .filtersets import RegionFilterSet
from .forms import AwardForm, EnrolmentForm, RpjmdForm
from .models import Award, Enrolment, Region, Rpjmd
from .timeline import region_timeline


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
        ctx["evaluations"] = list(Evaluation.objects.visible_to(user).filter(region=region)
                                  .select_related("cycle__instrument").prefetch_related("interviews").order_by("-cycle__year"))
        ctx["timeline"] = region_timeline(region, enrolments, ctx["evaluations"])
        ctx["profiles"] = list(region.profiles.order_by("-year"))
        ctx["rpjmds"] = list(region.rpjmds.order_by("period_start"))
        ctx["rpjmd_alignment"] = region.programmes.aggregate(
            total=Count("pk"), aligned=Count("pk", filter=~Q(rpjmd_programme="")))
        ctx["can_edit_context"] = policy.can(user, policy.CHANGE, region)
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
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        ctx["bimtek_fields"] = [(form[f"bimtek_{n}_date"], form[f"bimtek_{n}_subject"], form[f"bimtek_{n}_venue"])
                                for n in range(1, 5)]
        return ctx | {"region": self.region}

    def get_success_url(self):
        return self.region.get_absolute_url()



def editable_region(user, code):
    """The region if the user may change its records: not visible is 404, visible but not editable is 403."""
    region = get_object_or_404(Region.objects.visible_to(user).select_related("parent"), code=code)
    if not policy.can(user, policy.CHANGE, region):
        raise PermissionDenied(_("You may view this region but not change it."))
    return region


@login_required
def profile_template(request, code):
    """The Indonesian Excel form of the region's profile by year, filled with the years it has."""
    region = editable_region(request.user, code)
    response = HttpResponse(profile_import.profile_template(region), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="profil-{region.code}.xlsx"'
    return response


class RegionProfileImportView(ProgrammeImportView):
    """The region's profile by year from Excel: upload, preview, confirm; all or nothing (as programmes)."""

    template_name = "regions/profile_import.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.region = editable_region(request.user, kwargs["code"])
        return View.dispatch(self, request, *args, **kwargs)

    def owner(self):
        return f"region-profile:{self.region.code}"

    def check(self, content):
        return profile_import.plan_profile_import(self.region, content)

    def apply(self, content, digest):
        return profile_import.import_profiles(self.request.user, self.region, content, expected_digest=digest)

    def success_url(self):
        return self.region.get_absolute_url()

    def render(self, form, plan=None, token=None, filename="", moved=False, status=200):
        form.fields["file"].help_text = _("The profile template of this region, filled in. At most %(rows)s years "
                                          "and 5 MB.") % {"rows": profile_import.MAX_ROWS}
        problems = plan.problems if plan else []
        context = {
            "region": self.region, "form": form, "plan": plan, "token": token, "filename": filename,
            "moved": moved, "problems": [str(p) for p in problems[:SHOWN_PROBLEMS]],
            "hidden_problems": max(0, len(problems) - SHOWN_PROBLEMS),
            "template_url": reverse("regions:profile_template", args=[self.region.code]),
        }
        return render(self.request, self.template_name, context, status=status)


class RegionRecordCreateView(PolicyMixin, CreateView):
    """Add an award or an RPJMD to a region the user may change."""

    template_name = "regions/record_form.html"
    saved_message = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.region = editable_region(request.user, kwargs["code"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"region": self.region}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"region": self.region, "heading": self.heading}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("Changes saved."))
        return HttpResponseRedirect(self.region.get_absolute_url())


class RegionRecordUpdateView(VersionedUpdateView):
    """Edit an award or an RPJMD: versioned, as every edit (a stale form is a form error)."""

    template_name = "regions/record_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region").filter(region_id=self.kwargs["code"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"region": self.object.region, "heading": self.heading}

    def get_success_url(self):
        return self.object.region.get_absolute_url()


class AwardCreateView(RegionRecordCreateView):
    model, form_class, heading = Award, AwardForm, gettext_lazy("New award")


class AwardUpdateView(RegionRecordUpdateView):
    model, form_class, heading = Award, AwardForm, gettext_lazy("Edit award")


class RpjmdCreateView(RegionRecordCreateView):
    model, form_class, heading = Rpjmd, RpjmdForm, gettext_lazy("New RPJMD")


class RpjmdUpdateView(RegionRecordUpdateView):
    model, form_class, heading = Rpjmd, RpjmdForm, gettext_lazy("Edit RPJMD")
