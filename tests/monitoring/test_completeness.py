"""Completeness and timeliness figures: the API agrees with a hand count, per province and per region,
within the user's scope, in a constant number of queries."""
import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import YearlyReport
from regions.models import Enrolment, Region
from tests import clock
from tests.monitoring.conftest import COMPLETENESS, move

S = YearlyReport.Status


def arrange(monitoring):
    """Seven reports: 34.01 verified (on time), 34.02 submitted late, 34.04 returned (first submitted on
    time), 34.71 draft, 34 draft, 35.22 verified late, 33.18 draft. The due date has passed."""
    window = monitoring.window
    window.opens = clock.today() - dt.timedelta(days=30)
    window.due = clock.today() - dt.timedelta(days=2)
    window.save()
    early, late = clock.now() - dt.timedelta(days=5), clock.now() - dt.timedelta(days=1)
    move(monitoring.report("34.01"), S.VERIFIED, submitted_at=early, verified_at=late)
    move(monitoring.report("34.02"), S.SUBMITTED, submitted_at=late)
    move(monitoring.report("34.04"), S.RETURNED, submitted_at=early, comment="Perbaiki")
    move(monitoring.report("35.22"), S.VERIFIED, submitted_at=late, verified_at=late)


def by_code(rows):
    return {r["code"]: {k: r[k] for k in ("expected", "submitted", "on_time", "verified", "returned", "overdue")}
            for r in rows}


def test_the_figures_agree_with_a_hand_count(api_as, monitoring):
    arrange(monitoring)
    body = api_as("kementerian").get(COMPLETENESS, {"year": monitoring.year}).json()
    assert body["year"] == monitoring.year
    # By hand: DIY has 34, 34.01, 34.02, 34.04, 34.71 → submitted 34.01, 34.02; on time 34.01, 34.04;
    # verified 34.01; returned 34.04; overdue (draft or returned after due) 34, 34.04, 34.71.
    assert by_code(body["provinces"]) == {
        "33": {"expected": 1, "submitted": 0, "on_time": 0, "verified": 0, "returned": 0, "overdue": 1},
        "34": {"expected": 5, "submitted": 2, "on_time": 2, "verified": 1, "returned": 1, "overdue": 3},
        "35": {"expected": 1, "submitted": 1, "on_time": 0, "verified": 1, "returned": 0, "overdue": 0},
    }
    regions = by_code(body["regions"])
    assert regions["34.04"] == {"expected": 1, "submitted": 0, "on_time": 1, "verified": 0, "returned": 1,
                                "overdue": 1}
    assert regions["34.02"] == {"expected": 1, "submitted": 1, "on_time": 0, "verified": 0, "returned": 0,
                                "overdue": 0}
    # The same counts as the reports' own fields in the list.
    listed = api_as("kementerian").get("/api/v1/yearly-reports/", {"year": monitoring.year}).json()["results"]
    assert sum(1 for r in listed if r["on_time"]) == sum(p["on_time"] for p in body["provinces"]) == 2
    assert sum(1 for r in listed if r["status"] in ("submitted", "verified")) == 3


def test_before_the_due_date_nothing_is_overdue(api_as, monitoring):
    body = api_as("admin").get(COMPLETENESS, {"year": monitoring.year}).json()
    assert sum(p["overdue"] for p in body["provinces"]) == 0
    assert sum(p["expected"] for p in body["provinces"]) == 7


def test_the_province_filter_and_the_users_scope_narrow_the_figures(api_as, monitoring):
    arrange(monitoring)
    body = api_as("admin").get(COMPLETENESS, {"year": monitoring.year, "province": "34"}).json()
    assert [p["code"] for p in body["provinces"]] == ["34"]
    assert len(body["regions"]) == 5
    body = api_as("bantul").get(COMPLETENESS, {"year": monitoring.year}).json()
    assert [r["code"] for r in body["regions"]] == ["34.02"]
    assert by_code(body["provinces"])["34"]["expected"] == 1
    assert api_as("outsider").get(COMPLETENESS, {"year": monitoring.year}).json()["provinces"] == []


def test_the_year_defaults_to_the_latest_opened_and_bad_input_is_400(api_as, monitoring):
    assert api_as("admin").get(COMPLETENESS).json()["year"] == monitoring.year
    assert api_as("admin").get(COMPLETENESS, {"year": "abc"}).status_code == 400
    assert api_as("admin").get(COMPLETENESS, {"year": "99999999999999999999"}).status_code == 400
    assert api_as("admin").get("/api/v1/yearly-reports/", {"year": "99999999999999999999"}).status_code == 400  # out of its column's range (smartcity.filtersets)
    assert api_as(None).get(COMPLETENESS).status_code == 401


def test_the_figures_cost_the_same_queries_for_few_or_many_regions(api_as, monitoring):
    client = api_as("kementerian")
    client.get(COMPLETENESS, {"year": monitoring.year})
    with CaptureQueriesContext(connection) as few:
        client.get(COMPLETENESS, {"year": monitoring.year})
    province = Region.objects.create(code="73", name="Sulawesi Selatan", kind="province")
    for i in range(10):
        region = Region.objects.create(code=f"73.7{i}", name=f"Kota Uji {i}", kind="city", parent=province)
        Enrolment.objects.create(region=region, cohort_year=2018)
    client.get(COMPLETENESS, {"year": monitoring.year})
    with CaptureQueriesContext(connection) as many:
        body = client.get(COMPLETENESS, {"year": monitoring.year}).json()
    assert len(body["regions"]) == 17
    assert len(many.captured_queries) == len(few.captured_queries)


HAND = {
    "33": {"expected": 1, "submitted": 0, "on_time": 0, "verified": 0, "returned": 0, "overdue": 1},
    "34": {"expected": 5, "submitted": 2, "on_time": 2, "verified": 1, "returned": 1, "overdue": 3},
    "35": {"expected": 1, "submitted": 1, "on_time": 0, "verified": 1, "returned": 0, "overdue": 0},
}
FIGURES = ("expected", "submitted", "on_time", "verified", "returned", "overdue")


def exported(response):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    return {r[0]: dict(zip(FIGURES, map(int, r[2:8]), strict=True)) for r in rows}


def test_the_national_dashboard_its_export_and_the_api_agree_with_the_hand_count(api_as, client_as, monitoring):
    arrange(monitoring)
    year = monitoring.year
    api = by_code(api_as("kementerian").get(COMPLETENESS, {"year": year}).json()["provinces"])
    client = client_as("kementerian")
    page = client.get(f"/dashboard/?year={year}")
    dashboard = {r.code: r.figures for r in page.context["data"].completeness.provinces}
    export = exported(client.get(f"/dashboard/?year={year}&export=completeness&format=csv"))
    assert api == dashboard == export == HAND

    html = page.content.decode()
    section = html[html.index('data-testid="completeness"'):]
    section = section[:section.index("</section>")]
    # The map shades each province by its share submitted (DIY 2 of 5 = 40,0%) and leads to its dashboard.
    assert '<a href="/dashboard/provinces/34/"><title>Daerah Istimewa Yogyakarta: 40,0</title>' in section
    assert "Kelas: interval sama 20 poin persentase." in section
    assert f'href="/dashboard/provinces/34/?year={year}">Daerah Istimewa Yogyakarta</a>' in section
    assert f"?year={year}&amp;export=completeness&amp;format=xlsx" in section


def test_the_province_dashboard_lists_its_regions_and_links_down_to_each_report(api_as, client_as, monitoring):
    arrange(monitoring)
    year = monitoring.year
    api = by_code(api_as("diy").get(COMPLETENESS, {"year": year, "province": "34"}).json()["regions"])
    page = client_as("diy").get(f"/dashboard/provinces/34/?year={year}")
    rows = page.context["completeness_rows"]
    assert {r.code: r.figures for r in rows} == api
    assert api["34.04"] == {"expected": 1, "submitted": 0, "on_time": 1, "verified": 0, "returned": 1, "overdue": 1}
    html = page.content.decode()
    bantul = monitoring.report("34.02")
    assert f'href="{bantul.get_absolute_url()}">laporan</a>' in html
    svg = html[html.index('data-testid="completeness"'):]
    assert '<a href="/dashboard/regions/34.02/"><title>Kabupaten Bantul: 100,0</title>' in svg
