"""Public pages (no sign-in) and open data. Everything shown comes from publik.data, which asks
smartcity.policy what is published. Pages are cached whole for PUBLIC_CACHE_SECONDS per language (the public
may see a write up to that late); no public page carries a CSRF token or a nonce, so a cached copy leaks
nothing of one visitor to the next (the language switch is a plain link, not a form)."""
import csv
import gzip
import io
import json
import re
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from programmes.documents import masterplan_document_response
from programmes.models import Term, UpdateStatus
from programmes.readiness import READINESS_NEEDED, province_readiness
from regions.models import Region, intake_label
from regions.participants import intake_summary, smart_provinces
from smartcity import maps
from smartcity.dimensions import Dimension

from . import catalogue, data

CACHE_PREFIX = "public-page"
NOT_YET = "not_yet"  # the participation map's category of kabupaten/kota that have not joined


ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _cached(request, key, build):
    """The page from the cache (per language), else built, stored and answered. The cache also keeps it
    compressed once (a page with the national map is ~380 KB of HTML, ~70 KB gzipped), so a client that
    accepts gzip gets it at no CPU per request; the public pages hold no secret or token to guess (BREACH)."""
    language = translation.get_language()
    # "+gz": the entry is (page, gzipped page); a plain-page entry left by an older release is never read as one.
    cache_key = f"{CACHE_PREFIX}+gz:{language}:{key}"
    entry = cache.get(cache_key)
    if entry is None:
        content = build()
        entry = (content, gzip.compress(content.encode(), compresslevel=6, mtime=0))
        cache.set(cache_key, entry, settings.PUBLIC_CACHE_SECONDS)
    content, compressed = entry
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(compressed)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(content)
    patch_vary_headers(response, ("Accept-Encoding",))
    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    response["Content-Language"] = language
    return response


def _render(template, context):
    return render_to_string(template, {**context, "public_languages": settings.LANGUAGES})


def region_link(code):
    return reverse("public:region", args=[code])


def participation_categories(years, with_not_yet):
    """The participation maps' categories: one per intake the regions first joined in, then "not yet"
    (a legend row only when some region is not yet in)."""
    categories = {year: _("Participant since %(intake)s") % {"intake": intake_label(year)}
                  for year in sorted({y for y in years if y})}
    if with_not_yet:
        categories[NOT_YET] = _("Not yet participating")
    return categories


def national(request):
    """The movement at a glance; also the portal's root for anonymous visitors (accounts.views.home), cached
    per path so its language links come back to where the visitor was."""
    return _cached(request, f"national:{request.path}", lambda: _national_page(request.path))


def _national_page(path):
    counts, active = data.province_participants()
    provinces = list(Region.objects.filter(kind=Region.Kind.PROVINCE).order_by("code"))
    children = {}
    for region in Region.objects.exclude(kind=Region.Kind.PROVINCE).order_by("code"):
        children.setdefault(region.parent_id, []).append(region)
    links = {r.code: region_link(r.code) for r in provinces}
    links.update({r.code: region_link(r.code) for rs in children.values() for r in rs})
    kota = [r.code for rs in children.values() for r in rs if maps.is_kota(r.code)]
    intakes = data.first_intakes(kota)
    participants_map = maps.national_map(
        _("Participating kabupaten/kota per province"), {p.code: counts.get(p.code) for p in provinces},
        links=links, decimals=0, value_header=_("Participating kabupaten/kota"), none_label=_("no participant"),
        kota_values={code: intakes.get(code) or NOT_YET for code in kota},
        kota_categories=participation_categories(intakes.values(), with_not_yet=not all(intakes.get(c) for c in kota)),
        kota_neutral=NOT_YET)
    evaluations = data.published()
    latest_year = max((e.cycle.year for e in evaluations), default=None)
    results = [e for e in evaluations if e.cycle.year == latest_year]
    programmes = data.programmes()
    statuses = [*UpdateStatus.choices, ("", _("no update yet"))]
    by_pillar = []
    for value, label in Dimension.choices:
        rows = [p for p in programmes if p["dimension"] == value]
        by_pillar.append((label, [sum(1 for p in rows if (p["status"] or "") == s) for s, _l in statuses], len(rows)))
    kinds = dict(Region.objects.order_by().values_list("kind").annotate(n=Count("code")))
    return _render("public/national.html", {"public_path": path,
        "map": participants_map, "intakes": intake_summary(), "results": results, "results_year": latest_year,
        "enrolled_total": sum(counts.values()), "kinds": kinds, "smart_provinces": smart_provinces(),
        "readiness": province_readiness(), "readiness_needed": int(READINESS_NEEDED * 100),
        "statuses": [label for _v, label in statuses], "by_pillar": by_pillar,
        "province_rows": [(p, children.get(p.code, [])) for p in provinces], "active": active, "datasets": data.DATASETS, "dataset_titles": data.DATASET_TITLES,
    })


def region(request, code):
    region = get_object_or_404(Region, code=code)
    return _cached(request, f"region:{region.code}", lambda: _region_page(region, request.path))


def _region_page(region, path):
    terms, dimensions, statuses = dict(Term.choices), dict(Dimension.choices), dict(UpdateStatus.choices)
    programmes = [{**p, "term_label": terms.get(p["term"], p["term"]),
                   "dimension_label": dimensions.get(p["dimension"], p["dimension"]),
                   "status_label": statuses.get(p["status"], _("no update yet"))} for p in data.programmes(region)]
    results = list(data.published(region))
    evaluations = data.evaluations(region)
    improvement = {(row["year"]): row["improvement"] for row in evaluations}
    chart = None
    latest = results[-1] if results else None
    if latest and latest.dimension_indexes:
        from smartcity import charts

        chart = charts.dimension_chart(latest.dimension_indexes, title=_("Index per dimension %(year)s") % {
            "year": latest.cycle.year}, series_name=region.name)
    province_map = kabkota = None
    if region.kind == Region.Kind.PROVINCE:
        kabkota = list(region.children.order_by("code"))
        intakes = data.first_intakes([r.code for r in kabkota])
        categories = participation_categories(intakes.values(),
                                              with_not_yet=not all(intakes.get(r.code) for r in kabkota))
        province_map = maps.province_map(
            region.code, _("Kabupaten/kota of %(province)s in the movement") % {"province": region.name},
            {r.code: intakes.get(r.code) or NOT_YET for r in kabkota},
            links={r.code: region_link(r.code) for r in kabkota}, categories=categories, neutral=NOT_YET,
            value_header=_("Participation"))
    return _render("public/region.html", {"public_path": path,
        "region": region, "enrolments": data.participants(region), "masterplans": data.masterplans(region),
        "programmes": programmes, "results": [(e, improvement.get(e.cycle.year)) for e in results],
        "chart": chart, "province_map": province_map, "kabkota": kabkota,
    })


def masterplan_document(request, pk):
    """A masterplan's PDF for anyone, when the region marked it public (smartcity.policy decides); every other
    document is a 404 here, and stays behind the signed-in view (programmes:masterplan_document)."""
    masterplan = data.public_masterplan_document(pk)
    if masterplan is None:
        raise Http404
    return masterplan_document_response(masterplan, f"public, max-age={settings.PUBLIC_CACHE_SECONDS}")


def language(request, code):
    """Switch the language by a plain link (no form, hence no CSRF token in the cached public pages)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("public:national")
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax")
    return response


# -------------------------------------------------------------------------------------------------
# Open data


def _dataset(slug):
    if slug not in data.DATASETS:
        raise Http404
    return data.DATASETS[slug]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # CSVW's default boolean format, not Python's True/False
    if isinstance(value, Decimal):
        return format(value, "f")  # decimal point, whatever the page language
    return str(value)


def dataset_csv(request, slug):
    dataset = _dataset(slug)

    def build():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: comma, CRLF, quotes where needed
        writer.writerow([c.name for c in dataset.columns])
        for row in data.ROWS[slug]():
            writer.writerow([_cell(row[c.name]) for c in dataset.columns])
        return out.getvalue().encode("utf-8")

    return _open_data(f"csv:{slug}", build, "text/csv; charset=utf-8; header=present", f"{slug}.csv")


def dataset_json(request, slug):
    dataset = _dataset(slug)

    def build():
        rows = [{c.name: (_cell(row[c.name]) if isinstance(row[c.name], Decimal) else row[c.name])
                 for c in dataset.columns} for row in data.ROWS[slug]()]
        return json.dumps({"dataset": slug, "rows": rows}, ensure_ascii=False, indent=1).encode("utf-8")

    return _open_data(f"json:{slug}", build, "application/json", f"{slug}.json")


def dataset_csvw(request, slug):
    dataset = _dataset(slug)
    return _open_data(f"csvw:{slug}", lambda: json.dumps(catalogue.csvw(dataset), ensure_ascii=False, indent=1)
                      .encode("utf-8"), "application/csvm+json", f"{slug}.csv-metadata.json")


def catalog(request):
    return _open_data("catalog", lambda: json.dumps(catalogue.dcat(), ensure_ascii=False, indent=1).encode("utf-8"),
                      "application/ld+json", "catalog.jsonld")


def _open_data(key, build, content_type, filename):
    cache_key = f"{CACHE_PREFIX}:data:{key}"
    content = cache.get(cache_key)
    if content is None:
        content = build()
        cache.set(cache_key, content, settings.PUBLIC_CACHE_SECONDS)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return response

