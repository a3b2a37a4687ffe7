"""Out-of-range integers in every integer filter and every id in a path, found from the code, not listed by hand.

`filter_probes()` walks the URLconf for every list (page or API) whose view declares a FilterSet, adds the
exports and nested lists that use one, and yields one request per integer filter of that FilterSet (its
`base_filters`) and per out-of-range value; `id_probes()` yields one GET per route with an integer id in its
path. `failures()` runs them all through a Django test client and returns what answered otherwise than
promised: pages a form error (200, the field's error shown), API and exports 400 naming the field, ids 404.

The same checks run in-process on PostgreSQL (tests/security/test_integer_bounds.py) and, through
`python -m tests.security.bounds <sqlite file>`, in a subprocess on the embedded SQLite default.
"""
import json
import re
import sys
from dataclasses import dataclass

# Past PostgreSQL's bigint, past SQLite's 64-bit integer, and a float a Decimal field would accept.
BAD_VALUES = ["99999999999999999999", "9223372036854775808", "-9223372036854775809", "-1e300", "1e300"]
BAD_IDS = ["99999999999999999999", "9223372036854775808"]
PERSONA = "admin"  # sees every region: a filter is judged, not the scope


@dataclass(frozen=True)
class Probe:
    kind: str  # "page", "api", "export" or "id"
    url: str
    field: str = ""


def walk(patterns, prefix="", namespace=""):
    from django.urls import URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        else:
            yield prefix + str(pattern.pattern), namespace, pattern


def view_class(pattern):
    callback = pattern.callback
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


def integer_filters(filterset_class):
    """The filters of a FilterSet that take an integer: numbers and choices of a row by its integer key."""
    import django_filters
    from django.db import models

    names = []
    for name, f in filterset_class.base_filters.items():
        if isinstance(f, django_filters.NumberFilter):
            names.append(name)
        elif isinstance(f, django_filters.ModelChoiceFilter):
            queryset = f.extra.get("queryset")
            opts = queryset.model._meta
            key = opts.get_field(f.extra["to_field_name"]) if f.extra.get("to_field_name") else opts.pk
            if isinstance(key, (models.IntegerField, models.AutoField)):
                names.append(name)
    return names


def filtered_lists():
    """(kind, url, FilterSet) of every list that filters through a FilterSet."""
    from django.urls import get_resolver, reverse

    from monitoring.filtersets import CompletenessFilterSet
    from programmes.filtersets import ProgrammeFilterSet, ProgrammeUpdateFilterSet
    from programmes.models import Programme

    found = []
    for route, namespace, pattern in walk(get_resolver().url_patterns):
        cls = view_class(pattern)
        filterset = getattr(cls, "filterset_class", None)
        if filterset is None or "(?P<format>" in route or "<" in route.replace("(?P<", ""):
            continue
        actions = getattr(pattern.callback, "actions", None)
        if actions is not None:
            if actions.get("get") == "list":
                found.append(("api", reverse(namespace + pattern.name), filterset))
        elif pattern.pattern.converters == {} and "(?P<" not in route:
            found.append(("page", reverse(namespace + pattern.name), filterset))
    # Lists a function view or a nested action filters: named here, checked by `test_every_filterset_is_probed`.
    for fmt in ("csv", "xlsx"):
        found.append(("export", reverse("programmes:programme_export", args=[fmt]), ProgrammeFilterSet))
    programme = Programme.objects.order_by("pk").first()
    found.append(("api", reverse("programme-updates", args=[programme.pk]), ProgrammeUpdateFilterSet))
    found.append(("api", reverse("api-completeness"), CompletenessFilterSet))
    found.append(("page", reverse("monitoring:completeness"), CompletenessFilterSet))
    return found


def filter_probes():
    for kind, url, filterset in filtered_lists():
        for name in integer_filters(filterset):
            for value in BAD_VALUES:
                yield Probe(kind, f"{url}?{name}={value}", name)


def id_probes():
    """A GET per route with an integer id in its path (pages `<int:…>`, API `<pk>`), every id out of range."""
    from django.urls import get_resolver

    for route, _namespace, _pattern in walk(get_resolver().url_patterns):
        if "(?P<format>" in route:
            continue
        route = route.lstrip("^").rstrip("$")
        if not re.search(r"<int:\w+>|\(\?P<pk>", route):
            continue
        for value in BAD_IDS:
            url = re.sub(r"<int:\w+>|\(\?P<pk>\[\^/\.\]\+\)", value, route)
            if "<" in url or "(?P" in url:
                continue  # another, non-integer parameter (a region code): not an id route
            yield Probe("id", "/" + url)


def judge(probe, response, body):
    """None when the answer keeps the promise, else what went wrong."""
    from django.utils.html import escape

    status = response.status_code
    if probe.kind == "id":
        return None if status in (404, 405) else f"{status} instead of 404"
    if probe.kind == "page":
        if status != 200:
            return f"{status} instead of 200 with a form error"
        errors = response.context["filterset"].errors
        if probe.field not in errors:
            return f"no form error on {probe.field!r} ({dict(errors)})"
        if not any(escape(str(m)) in body for m in errors[probe.field]):
            return f"the error on {probe.field!r} is not shown on the page"
        return None
    if status != 400:
        return f"{status} instead of 400"
    if probe.kind == "api" and probe.field not in json.loads(body):
        return f"400 without an error on {probe.field!r}: {body[:200]}"
    if probe.kind == "export" and probe.field not in body:
        return f"400 without naming {probe.field!r}: {body[:200]}"
    return None


def failures(client, probes):
    found = []
    for probe in probes:
        response = client.get(probe.url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        problem = judge(probe, response, content.decode("utf-8", "replace"))
        if problem:
            found.append(f"{probe.kind} {probe.url}: {problem}")
    return found


def build_world():
    """The `world` fixture's regions, enrolments and personas (tests/conftest.py), outside pytest."""
    import datetime as dt

    from tests.conftest import ENROLMENTS, REGIONS, ROLES, World, make_enrolment, make_region, make_user

    regions = {code: make_region(code, name, kind, parent) for code, name, kind, parent in REGIONS}
    for code, cohort, number, date in ENROLMENTS:
        make_enrolment(regions[code], cohort, number, date, bimtek_1_date=date + dt.timedelta(days=30))
    users = {name: make_user(name, role, region, first, last) for name, (first, last, role, region) in ROLES.items()}
    return World(regions=regions, users=users)


def main(sqlite_file):
    """Run every probe against a fresh SQLite database (the embedded default) and print the failures as JSON."""
    import os

    import django

    os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcity.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.programmes.conftest import build_plans

    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    setup_test_environment()  # the test client records the template context
    call_command("migrate", verbosity=0)
    world = build_world()
    build_plans(world)
    client = Client(raise_request_exception=False)
    client.force_login(world.users[PERSONA])
    print(json.dumps(failures(client, [*filter_probes(), *id_probes()])))


if __name__ == "__main__":
    main(sys.argv[1])
