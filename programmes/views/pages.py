"""Pages of masterplans, OPDs and programmes: the programme table with its inline status update,
the programme and masterplan pages, their forms, a region's OPDs and the province overview.

Every page asks smartcity.policy through PolicyMixin (querysets scoped for VIEW: 404 outside) and
policy.can(CHANGE) for writes (403 on a visible record). Every page runs a constant number of queries.
"""
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, resolve_url
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, ListView, View
from django.views.generic.detail import SingleObjectMixin
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from regions.models import Region
from smartcity import policy
from smartcity.dimensions import Dimension
from smartcity.exceptions import form_errors
from smartcity.history import history_rows
from smartcity.views import ObjectDetailView, ObjectListView, PolicyMixin, VersionedUpdateView

from .. import services
from ..budget import realisation, with_year_budget, year_budget_aggregates
from ..documents import masterplan_document_response
from ..filtersets import ProgrammeFilterSet
from ..forms import MasterplanForm, OpdForm, ProgrammeForm, ProgrammeUpdateForm
from ..models import Masterplan, Opd, Programme, Term, UpdateStatus

NO_UPDATE_LABEL = gettext_lazy("No update yet")

# The movement's own order (DESIGN.md), not the alphabet of the API values.
DIMENSION_ORDER = Case(*[When(dimension=v, then=Value(i)) for i, v in enumerate(Dimension.values)],
                       default=Value(99), output_field=IntegerField())
TERM_ORDER = Case(*[When(term=v, then=Value(i)) for i, v in enumerate(Term.values)],
                  default=Value(99), output_field=IntegerField())


# --- shared pieces -----------------------------------------------------------------------------------

def status_count_expressions():
    """Aggregates counting programmes by current status (`n_<status>`, `n_none`, `n_total`): one query
    whatever the number of programmes, grouped by whatever the queryset's values() names."""
    exprs = {f"n_{s}": Count("pk", filter=Q(current_status=s)) for s in UpdateStatus.values}
    exprs["n_none"] = Count("pk", filter=Q(current_status=""))
    exprs["n_total"] = Count("pk")
    return exprs


def status_breakdown(row):
    """[(status, label, count)] in the statuses' order, then the programmes with no update yet."""
    row = row or {}
    return [(value, label, row.get(f"n_{value}") or 0) for value, label in UpdateStatus.choices] + [
        ("", NO_UPDATE_LABEL, row.get("n_none") or 0)]


def sees_several_regions(user):
    """Whether the user's view reaches beyond one region (the table then shows a region column)."""
    scope = policy.scope(user, policy.VIEW)
    return scope.everything or len(scope.regions) + len(scope.provinces) > 1


def mark_postable(user, programmes):
    """Set `can_post` on each programme, asking the policy once per region, not once per row."""
    regions = {p.region_id: p.region for p in programmes}
    editable = {code for code, region in regions.items() if policy.can(user, policy.CHANGE, region)}
    for p in programmes:
        p.can_post = p.region_id in editable
    return programmes


def indicator_chart(values, baseline=None, width=360, height=150):
    """Geometry of a small grouped bar chart (target and actual per year) drawn by _indicator_chart.html.

    Coordinates are strings with a dot, so that the Indonesian locale never turns them into "12,5".
    """
    points = [v for v in values if v.target is not None or v.actual is not None]
    if not points:
        return None
    top = max([max(v.target or 0, v.actual or 0, 0) for v in points] + [baseline or 0]) or 1
    left, right, upper, lower = 6, 6, 10, 20
    plot_h = height - upper - lower
    slot = (width - left - right) / len(points)
    bar_w = min(slot * 0.36, 26)

    def y_of(value):
        return upper + plot_h - max(float(value), 0) / float(top) * plot_h

    bars, labels = [], []
    for i, v in enumerate(points):
        centre = left + slot * (i + 0.5)
        for kind, value, x in (("target", v.target, centre - bar_w - 1), ("actual", v.actual, centre + 1)):
            if value is None:
                continue
            y = y_of(value)
            bars.append({"kind": kind, "year": v.year, "value": value, "x": f"{x:.1f}", "y": f"{y:.1f}",
                         "w": f"{bar_w:.1f}", "h": f"{upper + plot_h - y:.1f}"})
        labels.append({"x": f"{centre:.1f}", "y": f"{height - 5}", "year": v.year})
    chart = {"width": width, "height": height, "bars": bars, "labels": labels,
             "axis_y": f"{upper + plot_h:.1f}", "axis_x2": f"{width - right}", "left": f"{left}"}
    if baseline is not None:
        chart["baseline_y"] = f"{y_of(baseline):.1f}"
        chart["baseline"] = baseline
    return chart


def indicator_rows(programme):
    """The programme's indicators with their yearly values, achievement and chart: two queries."""
    indicators = list(programme.indicators.prefetch_related("values").order_by("id"))
    rows = []
    for indicator in indicators:
        values = sorted(indicator.values.all(), key=lambda v: v.year)
        for v in values:
            v.achievement = (v.actual / v.target * 100) if v.actual is not None and v.target else None
        rows.append({"indicator": indicator, "values": values,
                     "chart": indicator_chart(values, baseline=indicator.baseline)})
    return rows


def timeline_context(programme):
    """The status history of a programme, newest first: one query."""
    return {"updates": list(programme.updates.select_related("author").latest_first())}


def region_programmes_card(user, region):
    """What templates/regions/_region_programmes.html needs, as one context variable `programmes_card`.

    Three queries: the region's masterplans with their programme counts, the programme counts by
    current status, and the number of OPDs.
    """
    masterplans = list(Masterplan.objects.visible_to(user).filter(region=region).with_programme_count()
                       .order_by("-period_start", "-pk"))
    # Grouped by the programme's copy of its current status: a small statement, cheap to build (the
    # region page is the portal's most visited page).
    by_status = dict(Programme.objects.visible_to(user).filter(region=region).order_by()
                     .values_list("current_status").annotate(n=Count("pk")))
    counts = {f"n_{status or 'none'}": n for status, n in by_status.items()}
    return {
        "region": region,
        "masterplans": masterplans,
        "status_counts": status_breakdown(counts),
        "total": sum(by_status.values()),
        "opd_count": Opd.objects.visible_to(user).filter(region=region).count(),
        "can_change": policy.can(user, policy.CHANGE, region),
    }


# --- programmes ----------------------------------------------------------------------------------------

class ProgrammeListView(ObjectListView):
    queryset = Programme.objects.for_list().order_by("region_id", "masterplan_id", "code", "pk")
    filterset_class = ProgrammeFilterSet
    template_name = "programmes/programme_list.html"
    paginate_by = 50
    # Parameter names of the FilterSet's `ordering`, as the column headers offer them.
    sortable = ["code", "name", "region", "dimension", "term", "progress", "budget_planned", "updated"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        rows = mark_postable(user, list(ctx["object_list"]))
        ctx["object_list"] = rows
        if ctx.get("page_obj"):
            ctx["page_obj"].object_list = rows
        ctx["show_region"] = sees_several_regions(user)
        ctx["sort"] = self.sort_links()
        ctx["can_add"] = policy.can(user, policy.CHANGE)
        # Hidden filters the page keeps when they came in the URL (region, province, masterplan, sorting).
        data = self.filterset.data or {}
        ctx["kept_filters"] = [(name, data.get(name)) for name in ("region", "province", "masterplan", "ordering")
                               if data.get(name)]
        region = self.filtered_region()
        ctx["filtered_region"] = region
        # The OPD filter is a list of one region's OPDs: offered when the table is about one region.
        single = region or (None if ctx["show_region"] else policy.home_region(user))
        ctx["opd_choices"] = list(Opd.objects.visible_to(user).filter(region=single).order_by("acronym")) \
            if single else None
        ctx["opd_selected"] = str(data.get("opd") or "")
        ctx["export_query"] = ctx["query_without_page"]
        ctx["filter_errors"] = self.filterset.is_bound and not self.filterset.is_valid()
        return ctx

    def filtered_region(self):
        """The region the table is filtered to, if one is and the user may see it."""
        fs = self.filterset
        if not fs.is_bound or not fs.is_valid() or not fs.form.cleaned_data.get("region"):
            return None
        return Region.objects.visible_to(self.request.user).filter(code=fs.form.cleaned_data["region"].strip()) \
            .select_related("parent").first()

    def sort_links(self):
        current = self.request.GET.get("ordering", "")
        links = {}
        for param in self.sortable:
            query = self.request.GET.copy()
            query.pop("page", None)
            state = "asc" if current == param else "desc" if current == f"-{param}" else None
            query["ordering"] = f"-{param}" if state == "asc" else param
            links[param] = {"query": query.urlencode(), "state": state}
        return links


class ProgrammeDetailView(ObjectDetailView):
    queryset = Programme.objects.for_table()
    template_name = "programmes/programme_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        programme, user = self.object, self.request.user
        ctx["can_change"] = policy.can(user, policy.CHANGE, programme)
        ctx["indicators"] = indicator_rows(programme)
        ctx["budgets"] = list(programme.budgets.order_by("year"))
        ctx.update(timeline_context(programme))
        if ctx["can_change"]:
            ctx["form"] = ProgrammeUpdateForm(programme=programme)
            ctx["fragment"] = "detail"
        ctx["history"] = history_rows(programme)
        return ctx


class ProgrammeUpdatePostView(PolicyMixin, SingleObjectMixin, View):
    """Post a yearly status update: the form as an htmx fragment (table modal, programme page) or a page.

    Updates are append-only; the write is services.post_update, nothing else.
    """

    queryset = Programme.objects.for_table()
    template_name = "programmes/update_form.html"
    fragment_template = "programmes/_update_form.html"
    FRAGMENTS = ("row", "detail")

    def handle_no_permission(self):
        # A session that expired while the page was open: send the whole page to the login, not
        # the login page into the modal.
        if self.request.htmx and not self.request.user.is_authenticated:
            next_url = self.request.htmx.current_url_abs_path or self.request.path
            return HttpResponseClientRedirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")
        return super().handle_no_permission()

    def get_programme(self):
        programme = self.get_object()  # 404 outside the user's view
        if not policy.can(self.request.user, policy.CHANGE, programme):
            raise PermissionDenied(_("You may view this programme but not report on it."))
        return programme

    def fragment(self, source):
        """Which part of which page the htmx answer re-renders; a plain request is always a page."""
        value = source.get("fragment", "")
        return value if self.request.htmx and value in self.FRAGMENTS else "page"

    def get(self, request, *args, **kwargs):
        self.object = programme = self.get_programme()
        return self.render_form(ProgrammeUpdateForm(programme=programme), self.fragment(request.GET))

    def post(self, request, *args, **kwargs):
        self.object = programme = self.get_programme()
        fragment = self.fragment(request.POST)
        form = ProgrammeUpdateForm(request.POST, programme=programme)
        if form.is_valid():
            with form_errors(form) as refused:
                update = services.post_update(request.user, programme, form.update_data())
            if not refused:
                return self.saved(programme, update, fragment)
        return self.render_form(form, fragment)

    def render_form(self, form, fragment):
        template = self.template_name if fragment == "page" else self.fragment_template
        response = TemplateResponse(self.request, template, {
            "programme": self.object, "object": self.object, "form": form, "fragment": fragment})
        patch_vary_headers(response, ("HX-Request",))
        return response

    def saved(self, programme, update, fragment):
        if fragment == "page":
            messages.success(self.request, _("Status update for %(year)s posted: %(status)s, %(progress)s%%.") % {
                "year": update.year, "status": update.get_status_display(), "progress": update.progress})
            return HttpResponseRedirect(programme.get_absolute_url())
        # Re-read: the current status may have moved to the new update.
        programme = Programme.objects.for_list().get(pk=programme.pk)
        ctx = {"programme": programme, "update": update, "fragment": fragment}
        if fragment == "row":
            mark_postable(self.request.user, [programme])
            ctx.update(p=programme, show_region=sees_several_regions(self.request.user))
            template = "programmes/_update_saved_row.html"
        else:
            ctx.update(timeline_context(programme), object=programme,
                       form=ProgrammeUpdateForm(programme=programme))
            template = "programmes/_update_saved_detail.html"
        response = TemplateResponse(self.request, template, ctx)
        return trigger_client_event(response, "programmeUpdatePosted", {"programme": programme.pk})


class ProgrammeCreateView(PolicyMixin, CreateView):
    """A new programme of the masterplan given as `?masterplan=<id>`; without one, a choice of masterplans."""

    model = Programme
    form_class = ProgrammeForm
    template_name = "programmes/programme_form.html"

    def get_masterplan(self):
        raw = self.request.GET.get("masterplan", "").strip()
        if not raw.isdigit():
            return None
        masterplan = get_object_or_404(Masterplan.objects.visible_to(self.request.user)
                                       .select_related("region", "region__parent"), pk=int(raw))
        if not policy.can(self.request.user, policy.CHANGE, masterplan):
            raise PermissionDenied(_("You may view this masterplan but not add programmes to it."))
        return masterplan

    def choose_masterplan(self):
        user = self.request.user
        if not policy.can(user, policy.CHANGE):
            raise PermissionDenied(_("You may not add programmes."))
        masterplans = Masterplan.objects.editable_by(user).select_related("region").with_programme_count() \
            .order_by("region__code", "-period_start")
        return TemplateResponse(self.request, "programmes/programme_create_choose.html", {"masterplans": masterplans})

    def get(self, request, *args, **kwargs):
        self.masterplan = self.get_masterplan()
        if self.masterplan is None:
            return self.choose_masterplan()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.masterplan = self.get_masterplan()
        if self.masterplan is None:
            return self.choose_masterplan()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"masterplan": self.masterplan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"masterplan": self.masterplan}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("Programme %(code)s added.") % {"code": self.object.code})
        return HttpResponseRedirect(self.object.get_absolute_url())


class ProgrammeUpdateView(VersionedUpdateView):
    model = Programme
    queryset = Programme.objects.select_related("masterplan", "region", "region__parent", "opd")
    form_class = ProgrammeForm
    template_name = "programmes/programme_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"masterplan": self.object.masterplan}

    def get_success_url(self):
        return self.object.get_absolute_url()


# --- masterplans ---------------------------------------------------------------------------------------

class MasterplanDetailView(ObjectDetailView):
    queryset = Masterplan.objects.select_related("region", "region__parent")
    template_name = "programmes/masterplan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        masterplan, user = self.object, self.request.user
        programmes = masterplan.programmes.all()
        # One query for the table, one for every figure above it.
        ctx["programmes"] = list(programmes.select_related("opd", "current_update")
                                 .order_by(DIMENSION_ORDER, TERM_ORDER, "code"))
        # Budget: each programme's latest reported year, realised against that year's pagu (programmes.budget).
        figures = with_year_budget(programmes).aggregate(
            **year_budget_aggregates(),
            **{f"term_{t}": Count("pk", filter=Q(term=t)) for t in Term.values}, **status_count_expressions())
        figures["planned"], figures["realised"] = figures["pagu_sum"], figures["realised_sum"]
        ctx["figures"] = figures
        ctx["status_counts"] = status_breakdown(figures)
        ctx["term_counts"] = [(value, label, figures[f"term_{value}"]) for value, label in Term.choices]
        ctx["realisation"] = realisation(figures["realised"], figures["planned"])
        if ctx["realisation"] is not None:
            ctx["budget_share"] = min(round(ctx["realisation"]), 100)
        ctx["can_change"] = policy.can(user, policy.CHANGE, masterplan)
        ctx["export_query"] = urlencode({"masterplan": masterplan.pk})
        ctx["history"] = history_rows(masterplan)
        return ctx


class MasterplanCreateView(PolicyMixin, CreateView):
    model = Masterplan
    form_class = MasterplanForm
    template_name = "programmes/masterplan_form.html"

    def get_region(self):
        region = get_object_or_404(Region.objects.visible_to(self.request.user).select_related("parent"),
                                   code=self.kwargs["code"])
        if not policy.can(self.request.user, policy.CHANGE, region):
            raise PermissionDenied(_("You may view this region but not add a masterplan to it."))
        return region

    def get(self, request, *args, **kwargs):
        self.region = self.get_region()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.region = self.get_region()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"region": self.region}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"region": self.region}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("Masterplan saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class MasterplanUpdateView(VersionedUpdateView):
    model = Masterplan
    queryset = Masterplan.objects.select_related("region", "region__parent")
    form_class = MasterplanForm
    template_name = "programmes/masterplan_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"region": self.object.region}

    def get_success_url(self):
        return self.object.get_absolute_url()


@login_required
def masterplan_document(request, pk):
    """The masterplan's PDF, to those the policy lets see the masterplan (404 for anyone else)."""
    masterplan = get_object_or_404(Masterplan.objects.visible_to(request.user).select_related("region"), pk=pk)
    return masterplan_document_response(masterplan)


# --- OPDs and the province overview ------------------------------------------------------------------------

class OpdListView(PolicyMixin, ListView):
    """A region's OPDs with their programme counts, and a form to add one for those allowed."""

    model = Opd
    template_name = "programmes/opd_list.html"

    def setup_region(self):
        user = self.request.user
        self.region = get_object_or_404(Region.objects.visible_to(user).select_related("parent"),
                                        code=self.kwargs["code"])
        self.can_change = policy.can(user, policy.CHANGE, self.region)

    def get_queryset(self):
        return super().get_queryset().filter(region=self.region).annotate(
            programme_count=Count("programmes")).order_by("acronym")

    def get(self, request, *args, **kwargs):
        self.setup_region()
        self.form = OpdForm(region=self.region) if self.can_change else None
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_region()
        if not self.can_change:
            raise PermissionDenied(_("You may view this region's OPDs but not add one."))
        self.form = OpdForm(request.POST, region=self.region)
        if self.form.is_valid():
            opd = self.form.save()
            messages.success(request, _("OPD %(acronym)s added.") % {"acronym": opd.acronym})
            return HttpResponseRedirect(request.path)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "region": self.region, "form": self.form, "can_change": self.can_change}


class ProvinceOverviewView(ObjectDetailView):
    """A province and each of its kabupaten/kota the user may see: latest masterplan and programme counts."""

    queryset = Region.objects.filter(kind=Region.Kind.PROVINCE)
    region_field = None
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "programmes/province_overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        province, user = self.object, self.request.user
        in_province = Q(code=province.code) | Q(parent=province)
        latest = Masterplan.objects.filter(region=OuterRef("pk")).order_by("-period_start", "-pk")
        regions = list(
            Region.objects.visible_to(user).filter(in_province).with_cohort()
            .annotate(mp_id=Subquery(latest.values("pk")[:1]), mp_title=Subquery(latest.values("title")[:1]),
                      mp_status=Subquery(latest.values("status")[:1]),
                      mp_start=Subquery(latest.values("period_start")[:1]),
                      mp_end=Subquery(latest.values("period_end")[:1]))
            .order_by("code"))
        programmes = Programme.objects.visible_to(user).filter(Q(region=province) | Q(region__parent=province))
        by_region = {row["region"]: row for row in
                     programmes.order_by().values("region").annotate(**status_count_expressions())}
        statuses = dict(Masterplan.Status.choices)
        for region in regions:
            row = by_region.get(region.code, {})
            region.total = row.get("n_total", 0)
            region.counts = status_breakdown(row)
            region.mp_status_label = statuses.get(region.mp_status, "")
        totals = programmes.aggregate(**status_count_expressions())
        ctx.update({
            "regions": regions,
            "totals": status_breakdown(totals),
            "total": totals["n_total"],
            "status_columns": status_breakdown({}),
            "with_masterplan": sum(1 for r in regions if r.mp_id),
            "legalised": sum(1 for r in regions if r.mp_status == Masterplan.Status.LEGALISED),
        })
        return ctx
