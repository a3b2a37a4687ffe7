"""The dashboards' cache (dashboards/cache.py): a repeated visit is served from it, any write that
changes the figures shows at the next request, nobody is served figures counted for someone else,
and a broken cache leaves the pages serving."""
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from dashboards import cache as dashboard_cache
from dashboards.queries import Filters

NATIONAL = "/dashboard/"
PROVINCE = "/dashboard/provinces/34/"
REGION = "/dashboard/regions/34.02/"


def figure(html, name):
    return re.search(rf'data-testid="figure-{name}"><div class="figure-value">([^<]*)<', html).group(1)


def body(html):
    """The dashboard's figures: from the headline figures to the end of the page's main part (the
    page around them carries per-request bits such as the CSRF token of the language form)."""
    return html[html.index('aria-labelledby="headline-title"'):html.index("</main>")]


def get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


@pytest.mark.parametrize("persona, url", [("kementerian", NATIONAL), ("diy", PROVINCE), ("bantul", REGION)])
def test_a_repeated_visit_is_served_from_the_cache_with_the_same_figures(client_as, data, persona, url):
    client = client_as(persona)
    first, counted = get(client, url)
    again, served = get(client, url)

    assert body(again) == body(first)
    # The counting queries are skipped; the session, the user, the policy and the version remain.
    assert served < counted - 5


def test_a_new_status_update_shows_at_the_next_request(client_as, world, data):
    client = client_as("kementerian")
    html, _ = get(client, NATIONAL)
    assert figure(html, "programmes") == "9" and "program, 3 terhambat" in html

    response = client_as("admin").post(f"/api/v1/programmes/{data.programmes['B1'].pk}/updates/", {
        "year": 2024, "status": "stalled", "progress": 50, "constraint_category": "integration",
        "constraint": "Belum terhubung dengan pusat data"}, content_type="application/json")
    assert response.status_code == 201

    html, _ = get(client, NATIONAL)
    assert "Belum terhubung dengan pusat data" in html
    assert "program, 4 terhambat" in html


def test_the_api_is_served_from_the_cache_until_a_write(api_as, world, data):
    client = api_as("kementerian")
    first = client.get("/api/v1/dashboard/").json()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/dashboard/").json() == first
    assert len(ctx.captured_queries) < 8

    client_as_admin = api_as("admin")
    assert client_as_admin.post(f"/api/v1/programmes/{data.programmes['B1'].pk}/updates/", {
        "year": 2024, "status": "stalled", "progress": 50, "constraint_category": "budget",
        "constraint": "Anggaran dialihkan"}, format="json").status_code == 201

    assert client.get("/api/v1/dashboard/").json()["programmes"]["stalled"] == first["programmes"]["stalled"] + 1


def test_the_page_and_the_api_count_the_figures_once(client_as, data):
    client = client_as("kementerian")
    _, page = get(client, NATIONAL)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/api/v1/dashboard/").json()
    assert body["programmes"]["total"] == 9
    assert len(ctx.captured_queries) < page - 5  # no counting: the page's figures were kept


def test_a_legalised_masterplan_and_a_finalised_evaluation_show_at_the_next_request(client_as, world, data):
    from programmes.models import Masterplan
    from tests.dashboards.conftest import final_evaluation

    client = client_as("kementerian")
    html, _ = get(client, NATIONAL)
    assert figure(html, "legalised") == "2"

    masterplan = Masterplan.objects.get(region_id="34.04")
    masterplan.status, masterplan.legal_basis_number = "legalised", "Peraturan Bupati Nomor 7 Tahun 2020"
    masterplan.save()
    html, _ = get(client, NATIONAL)
    assert figure(html, "legalised") == "3"

    before = figure(html, "index")
    final_evaluation(data.cycles[2024], "34.01", "1.00", "Rintisan", 9)
    html, _ = get(client, NATIONAL)
    assert figure(html, "index") != before


def test_figures_counted_for_one_user_are_never_served_to_another(client_as, world, data):
    # The same region dashboard: the ministry sees the province and cohort averages, Bantul's staff
    # may not see the regions behind them (tests/dashboards/test_queries.py) and must not get them.
    ministry, _ = get(client_as("kementerian"), REGION)
    staff, _ = get(client_as("bantul"), REGION)

    assert body(ministry) != body(staff)
    user = world.users["kementerian"]
    assert dashboard_cache.key(user, "national", Filters()) != dashboard_cache.key(world.users["admin"], "national",
                                                                                  Filters())
    assert dashboard_cache.key(user, "national", Filters()) != dashboard_cache.key(user, "national",
                                                                                  Filters(year=2024))


def test_a_role_taken_away_moves_the_key(world, data):
    from regions.models import RoleAssignment

    user = world.users["diy"]
    before = dashboard_cache.key(user, "province", Filters(province="34"))
    RoleAssignment.objects.filter(user=user).delete()
    user = type(user).objects.get(pk=user.pk)

    assert dashboard_cache.key(user, "province", Filters(province="34")) != before


def test_each_language_has_its_own_entry(client_as, data):
    client = client_as("kementerian")
    indonesian, _ = get(client, NATIONAL)
    client.cookies["django_language"] = "en"
    english, _ = get(client, NATIONAL)

    assert "Mengapa program terhambat" in body(indonesian) and "Why programmes stall" not in indonesian
    assert "Why programmes stall" in body(english)


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": "redis://127.0.0.1:1/0"}})
def test_a_broken_cache_leaves_the_dashboards_serving(client_as, data, caplog):
    # Nothing listens on port 1: every cache call fails, the figures are counted without it.
    html, _ = get(client_as("kementerian"), NATIONAL)
    assert figure(html, "programmes") == "9"
    assert "dashboard cache unavailable" in caplog.text


@override_settings(DASHBOARD_CACHE_SECONDS=0)
def test_with_the_cache_off_every_visit_counts_again(client_as, data):
    client = client_as("kementerian")
    _, first = get(client, NATIONAL)
    _, again = get(client, NATIONAL)
    assert again == first


def test_the_data_version_moves_with_each_kind_of_write(world, data):
    from evaluations.models import Evaluation
    from programmes.services import post_update
    from regions.models import Enrolment

    versions = [dashboard_cache.data_version()]
    post_update(world.users["admin"], data.programmes["B1"], {"year": 2025, "status": "running", "progress": 60})
    versions.append(dashboard_cache.data_version())
    enrolment = Enrolment.objects.first()
    enrolment.cohort_year = 2019
    enrolment.save()
    versions.append(dashboard_cache.data_version())
    evaluation = Evaluation.objects.filter(status="final").first()
    evaluation.index = Decimal("4.10")
    evaluation.save()
    versions.append(dashboard_cache.data_version())
    data.programmes["B1"].delete()
    versions.append(dashboard_cache.data_version())

    assert len(set(versions)) == len(versions)


def test_a_new_award_shows_at_the_next_request(client_as, data):
    from regions.models import Award

    client = client_as("kementerian")
    html, _ = get(client, NATIONAL)
    assert "Penghargaan Kota Cerdas Uji" not in html
    Award.objects.create(region_id="34.02", year=2024, title="Penghargaan Kota Cerdas Uji", awarded_by="Kementerian")
    html, _ = get(client, NATIONAL)
    assert "Penghargaan Kota Cerdas Uji" in html
