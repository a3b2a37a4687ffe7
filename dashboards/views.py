"""Dashboard pages: national (ministry, admin), per province (its province officer, ministry, admin)
and per region (everyone who may see the region). Each asks smartcity.policy first, reads the
filters from the URL (so that a view can be shared), and answers `?export=<table>&format=csv|xlsx`
with that table for the same filters."""
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.gzip import gzip_page

from programmes.models import Masterplan, UpdateStatus
from programmes.views.pages import NO_UPDATE_LABEL
from regions.models import Region
from smartcity import policy

from . import cache, exports, figures, queries
from .forms import DashboardFilterForm

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def province_gate(user, code):
    """The province, if the user may open its dashboard: 404 when they cannot see it, 403 when they
    see it but not all of its regions (e.g. the province's own region staff)."""
    province = get_object_or_404(Region.objects.visible_to(user), code=code, kind=Region.Kind.PROVINCE)
    if not policy.sees_whole_province(user, province):
        raise PermissionDenied(_("Only the province's officers and the ministry may open the province dashboard."))
    return province


def _export(request, tables, subject, filters):
    key, fmt = request.GET.get("export"), request.GET.get("format", "xlsx")
    if key not in tables:
        raise Http404(_("This dashboard has no such table."))
    if fmt not in FORMATS:
        return HttpResponseBadRequest(_("Choose the format csv or xlsx."))
    table = tables[key]
    body = exports.csv_text(table) if fmt == "csv" else exports.xlsx_bytes(table)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = exports.file_name(subject, key, filters, timezone.localdate().isoformat(), fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _render(request, template, context, form):
    status = 400 if form.errors else 200
    return TemplateResponse(request, template, {**context, "form": form}, status=status)


# The national and province pages carry maps (~300 KB of HTML): sent compressed (Django's GZipMiddleware,
# with its BREACH mitigation, for these pages only).
@gzip_page
@login_required
def national(request):
    user = request.user
    if not policy.can(user, policy.VIEW_NATIONAL):
        raise PermissionDenied(_("The national dashboard is for the ministry and the national secretariat."))
    form = DashboardFilterForm(request.GET or None, user=user)
    if request.GET and not form.is_valid():
        return _render(request, "dashboards/dashboard.html", {"level": "national"}, form)
    filters = form.filters() if form.is_bound else queries.Filters()
    # A province's figures on the national page: the province must exist (the form checked it).
    province = province_gate(user, filters.province) if filters.province else None
    return _dashboard_page(request, form, filters, level="national", province=province)


@gzip_page
@login_required
def province(request, code):
    user = request.user
    region = province_gate(user, code)
    form = DashboardFilterForm(request.GET or None, user=user, fields=("year", "cohort", "dimension", "data"))
    if request.GET and not form.is_valid():
        return _render(request, "dashboards/dashboard.html", {"level": "province", "region": region}, form)
    filters = form.filters(province=region.code) if form.is_bound else queries.Filters(province=region.code)
    return _dashboard_page(request, form, filters, level="province", province=region)


def _dashboard_page(request, form, filters, level, province=None):
    user = request.user
    if request.GET.get("export"):
        data = queries.dashboard(user, filters)
        subject = data.province.name if data.province else pgettext("export file name", "national")
        return _export(request, exports.dashboard_tables(data), subject, filters)
    can_view_national = policy.can(user, policy.VIEW_NATIONAL)
    group_query = filters.query(province=None)

    def body():
        data = cache.dashboard(user, filters)
        return render_to_string("dashboards/_dashboard_body.html", {
            "level": level, "data": data, "charts": figures.dashboard_charts(data), "filters": filters,
            "region": data.province, "group_query": group_query, "can_view_national": can_view_national,
            "query": filters.query(**({"province": None} if level == "province" else {})),
            **_programme_links(filters), **_data_queries(filters, province=None if level == "province" else filters.province),
            "ranking": [(_("Highest index"), data.evaluation.top), (_("Lowest index"), data.evaluation.bottom)],
            "masterplan_choices": Masterplan.Status.choices, "completeness_rows": exports.completeness_rows(data),
        }, request=request)

    return _render(request, "dashboards/dashboard.html", {
        "level": level, "region": province, "filters": filters, "group_query": group_query,
        "can_view_national": can_view_national, "body": cache.cached(user, level, filters, body),
    }, form)


def _data_queries(filters, **changes):
    """The page's query with all data and with verified data only (the verification note's links)."""
    return {"all_query": filters.query(data=None, **changes),
            "verified_query": filters.query(data=queries.VERIFIED, **changes)}


def _programme_links(filters):
    """Links from a count to the programme table with the same filters; the table has no cohort
    filter and shows the current status, so with a cohort chosen or verified data only the counts are not
    linked (they would not match)."""
    query = urlencode({k: v for k, v in (("province", filters.province), ("dimension", filters.dimension),
                                         ("year", filters.year)) if v})
    return {"programme_query": query, "programme_links": not filters.cohort and not filters.verified_only,
            "status_choices": [*UpdateStatus.choices, ("", NO_UPDATE_LABEL)]}


@login_required
def region(request, code):
    user = request.user
    obj = get_object_or_404(Region.objects.visible_to(user).select_related("parent").with_cohort(), code=code)
    form = DashboardFilterForm(request.GET or None, user=user, fields=("year", "dimension", "data"))
    if request.GET and not form.is_valid():
        return _render(request, "dashboards/region.html", {"region": obj}, form)
    filters = form.filters() if form.is_bound else queries.Filters()
    if request.GET.get("export"):
        data = queries.region_dashboard(user, obj, filters)
        return _export(request, exports.region_tables(data), f"{obj.code}-{obj.name}", filters)
    province_dashboard = obj.parent_id and policy.sees_whole_province(user, obj.parent)
    can_view_national = policy.can(user, policy.VIEW_NATIONAL)

    def body():
        data = queries.region_dashboard(user, obj, filters)
        return render_to_string("dashboards/_region_body.html", {
            "region": obj, "data": data, "charts": figures.region_charts(data), "filters": filters,
            "query": filters.query(), "province_dashboard": province_dashboard, "comparisons": data.positions,
            "can_view_national": can_view_national, **_programme_links(filters), **_data_queries(filters),
            "region_query": urlencode({"region": obj.code, **({"dimension": filters.dimension} if filters.dimension else {}),
                                       **({"year": filters.year} if filters.year else {})}),
        }, request=request)

    return _render(request, "dashboards/region.html", {
        "region": obj, "filters": filters, "province_dashboard": province_dashboard,
        "can_view_national": can_view_national, "body": cache.cached(user, f"region:{obj.code}", filters, body),
    }, form)
