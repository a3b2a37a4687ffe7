"""Every form of the portal refuses a POST without the CSRF token (403), and writes nothing."""
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.programmes.conftest import build_plans


def all_patterns(resolver=None, prefix="", namespace=""):
    """(route, "namespace:name") of every URL pattern."""
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from all_patterns(p, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), namespace + p.name


def form_urls(world, plans):
    """Each URL of the portal that takes a form POST (pages, not the token-authenticated API)."""
    masterplan = plans.masterplans["34.02"]
    programme = plans.programme("BTL-GOV-02")
    return {
        "login": "/accounts/login/",
        "logout": "/accounts/logout/",
        "set_language": "/i18n/setlang/",
        "regions:enrolment_edit": "/regions/34.02/enrolment/edit/",
        "programmes:programme_create": f"/programmes/new/?masterplan={masterplan.pk}",
        "programmes:programme_edit": f"/programmes/{programme.pk}/edit/",
        "programmes:update_create": f"/programmes/{programme.pk}/updates/new/",
        "programmes:masterplan_edit": f"/masterplans/{masterplan.pk}/edit/",
        "programmes:masterplan_create": "/regions/34.02/masterplans/new/",
        "programmes:programme_import": f"/masterplans/{masterplan.pk}/import/",
        "admin:regions_enrolment_change": f"/admin/regions/enrolment/{world.enrolment('34.02').pk}/change/",
        **evaluation_form_urls(world),
        "reports:report_request": "/reports/request/",
        "admin:login": "/admin/login/",
    }


def evaluation_form_urls(world):
    from tests.evaluations.builders import make_cycle, make_evaluation, make_instrument

    cycle = make_cycle(make_instrument(3))
    e = make_evaluation(cycle, "34.02", assessors=[world.users["penilai"]], lead=world.users["penilai"]).pk
    return {f"evaluations:{name}": f"/evaluations/{e}/{path}/" for name, path in (
        ("self_assessment", "self-assessment"), ("survey", "survey"), ("scoring", "scoring"),
        ("moderation", "moderation"), ("open_moderation", "open-moderation"), ("finalise", "finalise"),
        ("reopen", "reopen"))} | {"evaluations:cycle_participants": f"/cycles/{cycle.pk}/participants/"}


# URL names that answer GET only (lists, pages, files, the API schema) — reviewed, not forms.
GET_ONLY = {
    "home", "regions:region_list", "regions:region_detail", "programmes:programme_list",
    "programmes:programme_detail", "programmes:masterplan_detail", "programmes:masterplan_document",
    "programmes:opd_list", "programmes:province_overview", "programmes:programme_export",
    "programmes:import_template", "schema", "swagger-ui",
    "evaluations:evaluation_list", "evaluations:evaluation_detail", "evaluations:evidence",
    "evaluations:cycle_detail", "reports:report_list", "reports:report_detail", "reports:report_progress",
    "reports:report_download", "dashboards:national", "dashboards:province", "dashboards:region",
}


@pytest.fixture
def plans(world):
    return build_plans(world)


def signed_in_without_token(world, persona):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[persona])
    return client


def test_every_form_post_without_the_csrf_token_is_refused_with_403(world, plans):
    from programmes.models import Masterplan, Programme, ProgrammeUpdate
    from regions.models import Enrolment

    def state():
        return (list(Enrolment.objects.values_list("pk", "version")), list(Masterplan.objects.values_list("pk", "version")),
                list(Programme.objects.values_list("pk", "version")), ProgrammeUpdate.objects.count())

    before = state()
    urls = form_urls(world, plans)
    for name, url in urls.items():
        persona = "admin" if name.startswith("admin:") else "bantul"
        client = signed_in_without_token(world, persona) if name not in ("login", "admin:login") \
            else Client(enforce_csrf_checks=True)
        response = client.post(url, {"username": "bantul", "password": "smartcity-demo", "name": "x",
                                     "language": "en", "year": 2024, "status": "running"})
        assert response.status_code == 403, (name, url, response.status_code)
    assert state() == before


def test_every_page_url_of_the_portal_is_either_a_checked_form_or_get_only(world, plans):
    checked = set(form_urls(world, plans))
    names = {name for route, name in all_patterns() if not route.startswith(("admin/", "api/v1/"))}
    assert "programmes:programme_edit" in names
    assert names - checked - GET_ONLY == set(), "a new URL: add it to form_urls() (if it takes a POST) or GET_ONLY"
