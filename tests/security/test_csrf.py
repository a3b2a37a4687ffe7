"""No URL of the portal takes a POST without the CSRF token: every page, form or not, answers 403 and
nothing is written. The URLs come from the URL configuration itself, so a form added later is covered
without touching this file (the token-authenticated API is exempt by design: no session, no CSRF)."""
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter

from tests.programmes.conftest import build_plans

SAMPLE = {IntConverter: "1", StringConverter: "34.02", SlugConverter: "x", PathConverter: "x"}


def all_patterns(resolver=None, prefix="", namespace=""):
    """(route, "namespace:name", pattern) of every named URL pattern."""
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from all_patterns(p, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), namespace + p.name, p


def portal_urls(world, plans):
    """A concrete URL for each named page of the portal; real records where there are some, else an id
    that need not exist (the CSRF check runs before the view looks anything up)."""
    masterplan, programme = plans.masterplans["34.02"], plans.programme("BTL-GOV-02")
    real = {"programmes:programme_edit": {"pk": programme.pk}, "programmes:update_create": {"pk": programme.pk},
            "programmes:masterplan_edit": {"pk": masterplan.pk}, "programmes:programme_import": {"pk": masterplan.pk}}
    urls = {}
    for route, name, pattern in all_patterns():
        if route.startswith("api/v1/") or route.startswith("admin/"):
            continue
        converters = pattern.pattern.converters
        kwargs = real.get(name) or {key: SAMPLE.get(type(c), "1") for key, c in converters.items()}
        try:
            urls[name] = reverse(name, kwargs=kwargs)
        except Exception:  # a converter with its own regex: the sample does not fit
            urls[name] = None
    urls["admin:regions_enrolment_change"] = f"/admin/regions/enrolment/{world.enrolment('34.02').pk}/change/"
    urls["admin:login"] = "/admin/login/"
    return urls


def test_every_portal_url_refuses_a_post_without_the_csrf_token_and_writes_nothing(world):
    from programmes.models import Masterplan, Programme, ProgrammeUpdate
    from regions.models import Enrolment

    plans = build_plans(world)

    def state():
        return (list(Enrolment.objects.values_list("pk", "version")), list(Masterplan.objects.values_list("pk", "version")),
                list(Programme.objects.values_list("pk", "version")), ProgrammeUpdate.objects.count())

    before = state()
    urls = portal_urls(world, plans)
    assert None not in urls.values(), [n for n, u in urls.items() if u is None]
    assert {"login", "logout", "set_language", "regions:enrolment_edit", "programmes:programme_edit"} <= set(urls)
    answers = {}
    for name, url in urls.items():
        client = Client(enforce_csrf_checks=True)
        if name not in ("login", "admin:login"):
            client.force_login(world.users["admin" if name.startswith("admin:") else "bantul"])
        answers[name] = client.post(url, {"username": "bantul", "password": "smartcity-demo", "name": "x",
                                          "language": "en", "year": 2024, "status": "running"}).status_code
    assert {name: status for name, status in answers.items() if status != 403} == {}
    assert state() == before
