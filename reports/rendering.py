"""The template and PDF stages: a view model becomes HTML (templates/reports/pdf/…), the HTML becomes
a PDF through WeasyPrint. WeasyPrint fetches nothing from the network: its URL fetcher serves the
portal's own static files from disk and refuses every other URL."""
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from smartcity import charts, maps

# Relative URLs in a report (e.g. {% static %}) resolve against this base; only it is served.
BASE_URL = "https://report.invalid/"


class RefusedURL(ValueError):
    pass


def static_url(path):
    """The URL of one of our static files inside a report. Not {% static %}: the manifest storage of
    production names files by hash only after collectstatic; the fetcher reads the source file."""
    return BASE_URL + settings.STATIC_URL.strip("/") + "/" + path


def _static_path(url):
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parts.scheme != "https" or parts.netloc != "report.invalid" or not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path[len(prefix):])
    if not relative or ".." in relative.split("/"):
        return None
    return finders.find(relative)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the app's static files (found as `collectstatic` would find them); refuses the rest."""

        def fetch(self, url, headers=None):
            path = _static_path(url)
            if path is None:
                raise RefusedURL(f"reports fetch only the portal's static files, not {url!r}")
            with open(path, "rb") as handle:
                body = handle.read()
            mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, headers={"Content-Type": mime})

    return StaticOnlyFetcher


def static_only_fetcher():
    return _fetcher_class()()


TEMPLATES = {"evaluation": "reports/pdf/evaluation.html", "national": "reports/pdf/national.html"}


def chart_context(kind, data):
    """The report's charts, from the portal's one chart module (inline SVG with its data table)."""
    from django.utils.translation import gettext as _

    if kind == "evaluation":
        return {"dimension_chart": charts.dimension_chart({d.key: d.value for d in data.dimensions}),
                "aspect_chart": charts.aspect_chart({a.key: a.value for a in data.aspects})}
    return {
        "dimension_chart": charts.dimension_chart({d.key: d.value for d in data.dimensions},
                                                  title=_("National average index per dimension"),
                                                  series_name=_("National average")),
        "predikat_chart": charts.distribution_chart(
            {p.label: p.count for p in data.predikat}, order=[p.label for p in data.predikat],
            **({"title": _("Regions by predikat")} if data.uses_predikat else {
                "title": _("Regions by index band"), "category": _("Index band"),
                "description": _("Five equal bands of 0.80 on the 1–5 scale; each band includes its lower bound.")})),
        "province_chart": charts.bar_chart(_("Average index per province"), [p.label for p in data.provinces],
                                           [(_("Average index"), [p.value for p in data.provinces])],
                                           category_header=_("Province"), decimals=2, max_value=5,
                                           axis_decimals=0),
        "province_map": _province_map(data),
        "constraint_chart": charts.bar_chart(_("Why programmes stall"), [c.label for c in data.constraints],
                                             [(_("Stalled programmes"), [c.count for c in data.constraints])],
                                             category_header=_("Constraint"), decimals=0),
    }


def _province_map(data):
    """The average index per province on the map of Indonesia (smartcity.maps; no links in a PDF)."""
    from django.utils.translation import gettext as _

    from dashboards.figures import index_breaks

    breaks, method = index_breaks(data.uses_predikat)
    return maps.national_map(_("Average index per province %(year)s on the map") % {"year": data.year},
                             {p.key: p.value for p in data.provinces}, decimals=2, breaks=breaks, method=method,
                             value_header=_("Average index"), none_label=_("no final evaluation"))


def render_html(kind, data, language, fingerprint, generated_at=None):
    """The report's final HTML, in `language`."""
    generated_at = generated_at or timezone.now()
    with translation.override(language):
        context = {"data": data, "fingerprint": fingerprint, "stylesheet_url": static_url("css/report.css"), "short_fingerprint": fingerprint[:12],
                   "generated_at": generated_at, "LANGUAGE_CODE": language, **chart_context(kind, data)}
        return render_to_string(TEMPLATES[kind], context)


def layout(html):
    """WeasyPrint's layout of the HTML (the slow part); `write_pdf(document)` then makes the bytes."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=static_only_fetcher()).render()


def write_pdf(document):
    return document.write_pdf()


def html_to_pdf(html):
    """The whole PDF stage in one call (the benchmark's floor)."""
    return write_pdf(layout(html))
