"""The dashboards' charts, drawn by the one chart module (smartcity.charts) from the view models of
dashboards.queries; the PDF national report can call these as they are (no request, no JS)."""
from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.models import UpdateStatus
from programmes.views.pages import NO_UPDATE_LABEL
from smartcity import charts, maps

# One colour per programme status, Okabe–Ito hues and neutral greys (the chart adds a pattern per status).
STATUS_COLOURS = {
    # Close to the status badges of the programme pages (grey, sky, blue, orange, green, black).
    UpdateStatus.PLANNED: "#999999",
    UpdateStatus.IN_DEVELOPMENT: "#56B4E9",
    UpdateStatus.RUNNING: "#0072B2",
    UpdateStatus.STALLED: "#E69F00",
    UpdateStatus.COMPLETED: "#009E73",
    UpdateStatus.CANCELLED: "#000000",
    "": "#DDDDDD",
}


def _status_series(rows):
    """[(label, [count per row])] for each status, plus “no update yet”."""
    statuses = [*UpdateStatus.choices, ("", NO_UPDATE_LABEL)]
    return [(str(label), [figures.by_status.get(value, 0) for figures in rows]) for value, label in statuses], \
        [STATUS_COLOURS[value] for value, _label in statuses]


def status_by_dimension_chart(by_dimension):
    series, colours = _status_series([row.figures for row in by_dimension])
    return charts.stacked_bar_chart(_("Programmes by dimension and current status"),
                                    [row.label for row in by_dimension], series, colors=colours,
                                    category_header=_("Dimension"))


def constraint_chart(constraints):
    return charts.bar_chart(_("Why programmes stall: stalled programmes by constraint"),
                            [row.label for row in constraints], [(_("Stalled programmes"), [row.count for row in constraints])],
                            category_header=_("Constraint category"))


def cohort_chart(cohorts):
    return charts.bar_chart(_("Regions enrolled by cohort"), [str(year) for year, _n in cohorts],
                            [(_("Regions"), [n for _year, n in cohorts])], category_header=_("Cohort"))


def distribution_chart(evaluation):
    if evaluation.distribution_by == "index_band":
        return charts.distribution_chart(
            dict(evaluation.distribution), order=[label for label, _n in evaluation.distribution],
            title=_("Final evaluations %(year)s by index band") % {"year": evaluation.year},
            category=_("Index band"),
            description=_("Five equal bands of 0.80 on the 1–5 scale; each band includes its lower bound."))
    return charts.distribution_chart(dict(evaluation.distribution), title=_("Final evaluations %(year)s by predikat") % {
        "year": evaluation.year})


def group_average_chart(dashboard):
    """Average index per province (or per kabupaten/kota), this year and the year before."""
    # Best first, so that the chart reads as a ranking; the table below keeps the Kemendagri order.
    rows = sorted((g for g in dashboard.groups if g.evaluated or g.previous_average is not None),
                  key=lambda g: (g.average is None, -(g.average or 0), g.code))
    evaluation = dashboard.evaluation
    title = (_("Average index per province") if dashboard.group_level == "province"
             else _("Index per regency and city"))
    series = [(str(evaluation.year), [g.average for g in rows])]
    if any(g.previous_average is not None for g in rows):
        series.append((str(evaluation.previous_year), [g.previous_average for g in rows]))
    return charts.bar_chart(title, [g.name for g in rows], series, decimals=2, max_value=5, axis_decimals=0,
                            category_header=_("Province") if dashboard.group_level == "province" else _("Region"))


def dashboard_charts(dashboard):
    """Every chart of the national or province dashboard, by name."""
    out = {
        "status": status_by_dimension_chart(dashboard.by_dimension),
        "constraints": constraint_chart(dashboard.constraints),
        "cohorts": cohort_chart(dashboard.cohorts),
    }
    if dashboard.evaluation.year is not None:
        out["predikat"] = distribution_chart(dashboard.evaluation)
        out["averages"] = group_average_chart(dashboard)
        out["map"] = province_map(dashboard) if dashboard.group_level == "province" else region_map(dashboard)
    out["progress_map"] = progress_map(dashboard)
    if dashboard.completeness is not None and dashboard.completeness.window is not None:
        out["completeness_map"] = completeness_map(dashboard)
    return out


def index_breaks(uses_predikat):
    """The classes of an index map, lowest first: the predikat thresholds where the instrument uses them,
    else the five equal bands of the "by index band" views (the movement publishes no predikat)."""
    if uses_predikat:
        return predikat_breaks()
    from evaluations.index import index_bands

    return [low for low, _high in index_bands()], _("five equal bands of 0.80 on the 1–5 scale")


# Shares on maps: five classes of 20 percentage points (equal intervals, fixed so that years and provinces compare).
SHARE_BREAKS = (0, 20, 40, 60, 80)


def share_method():
    return _("equal intervals of 20 percentage points")


def progress_map(dashboard):
    """The share of programmes running or completed per province (national) or per kabupaten/kota (a
    province), from the same programme figures as the table; each leads to its dashboard."""
    values = {g.code: g.programmes.progress_share for g in dashboard.groups}
    verified = dashboard.basis.verified_only
    common = {"decimals": 1, "breaks": SHARE_BREAKS, "method": share_method(),
              "value_header": _("Running or completed (%)"), "none_label": _("no programme")}
    if dashboard.group_level == "province":
        title = (_("Programmes running or completed per province, verified status %(year)s (%%)") % {
            "year": dashboard.basis.year} if verified else _("Programmes running or completed per province (%)"))
        return maps.national_map(title, values, links={
            g.code: reverse("dashboards:province", args=[g.code]) for g in dashboard.groups}, **common)
    title = (_("Programmes running or completed per regency and city, verified status %(year)s (%%)") % {
        "year": dashboard.basis.year} if verified else _("Programmes running or completed per regency and city (%)"))
    return maps.province_map(dashboard.province.code, title, values, links={
        g.code: reverse("dashboards:region", args=[g.code]) for g in dashboard.groups}, **common)


def completeness_map(dashboard):
    """The share of the expected yearly reports submitted (or verified), per province with the kota as dots
    (national), or per kabupaten/kota (a province); each leads to its dashboard."""
    figures = dashboard.completeness
    common = {"decimals": 1, "breaks": SHARE_BREAKS, "method": share_method(),
              "value_header": _("Submitted (%)"), "none_label": _("no report expected")}
    if dashboard.group_level == "province":
        return maps.national_map(
            _("Yearly reports %(year)s submitted, per province (%%)") % {"year": figures.year},
            {r.code: r.submitted_share for r in figures.provinces},
            kota_values={r.code: r.submitted_share for r in figures.regions if maps.is_kota(r.code)},
            links={**{r.code: reverse("dashboards:province", args=[r.code]) for r in figures.provinces},
                   **{r.code: reverse("dashboards:region", args=[r.code]) for r in figures.regions
                      if maps.is_kota(r.code)}}, **common)
    rows = figures.regions_of(dashboard.province.code)
    return maps.province_map(
        dashboard.province.code,
        _("Yearly reports %(year)s submitted, per regency and city (%%)") % {"year": figures.year},
        {r.code: r.submitted_share for r in rows},
        links={r.code: reverse("dashboards:region", args=[r.code]) for r in rows}, **common)


def predikat_breaks():
    """The classes of an index map: the predikat thresholds of the 1–5 index, lowest first."""
    from evaluations.models import default_predikat_thresholds

    thresholds = list(reversed(default_predikat_thresholds()))
    return [t["min"] for t in thresholds], _("the predikat thresholds (%(labels)s)") % {
        "labels": ", ".join(str(t["label"]) for t in thresholds)}


def province_map(dashboard):
    """The average index of each province on the map of Indonesia; a province leads to its dashboard."""
    evaluation = dashboard.evaluation
    breaks, method = index_breaks(evaluation.distribution_by != "index_band")
    return maps.national_map(
        _("Average index per province %(year)s on the map") % {"year": evaluation.year},
        {g.code: g.average for g in dashboard.groups},
        links={g.code: reverse("dashboards:province", args=[g.code]) for g in dashboard.groups},
        decimals=2, breaks=breaks, method=method, value_header=_("Average index"),
        none_label=_("no final evaluation"))


def region_map(dashboard):
    """The index of each kabupaten/kota of the province on its map; each leads to its dashboard."""
    evaluation = dashboard.evaluation
    breaks, method = index_breaks(evaluation.distribution_by != "index_band")
    return maps.province_map(
        dashboard.province.code, _("Index per regency and city %(year)s on the map") % {"year": evaluation.year},
        {g.code: g.average for g in dashboard.groups},
        links={g.code: reverse("dashboards:region", args=[g.code]) for g in dashboard.groups},
        decimals=2, breaks=breaks, method=method, value_header=_("Index"), none_label=_("no final evaluation"))


def region_charts(data):
    """Every chart of the region dashboard, by name."""
    out = {
        "status": status_by_dimension_chart(data.by_dimension),
        "constraints": constraint_chart(data.constraints),
    }
    if data.evaluations:
        series = [(data.region.name, [e.index for e in data.evaluations])]
        for comparison in (data.province_average, data.cohort_average):
            if comparison:
                series.append((comparison.label, [getattr(comparison.at(y), "index", None) for y in data.years]))
        out["trend"] = charts.line_chart(_("Index across the years"), data.years, series, decimals=2,
                                         min_value=0, max_value=5)
    if data.focus:
        comparison = {c.label: c.dimension_indexes for c in (data.province_average, data.cohort_average) if c}
        title = _("Index per dimension %(year)s") % {"year": data.focus_year}
        out["dimensions"] = charts.dimension_chart(data.focus_dimension_indexes, title=title,
                                                   comparison=comparison, series_name=data.region.name)
        aspects = {c.label: c.aspect_indexes for c in (data.province_average, data.cohort_average) if c}
        out["aspects"] = charts.aspect_chart(data.focus_aspect_indexes, comparison=aspects,
                                             series_name=data.region.name,
                                             title=_("Index per aspect %(year)s") % {"year": data.focus_year})
    return out
