"""`GET /api/v1/dashboard/` through HTTP: the same figures as the pages, the same policy, 400 on bad
filters, a constant number of queries, and documented in the OpenAPI schema."""
import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dashboards.test_queries import add_more_data

URL = "/api/v1/dashboard/"


def test_the_ministry_reads_the_national_figures(api_as, data):
    response = api_as("kementerian").get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["level"] == "national" and body["group_level"] == "province"
    assert body["enrolled"] == 11
    assert body["cohorts"] == [{"cohort_year": 2017, "regions": 2}, {"cohort_year": 2018, "regions": 5},
                               {"cohort_year": 2019, "regions": 3}, {"cohort_year": 2023, "regions": 1}]
    assert body["masterplans"] == {"draft": 1, "final": 1, "legalised": 2}
    p = body["programmes"]
    assert (p["total"], p["stalled"], p["quick_win_share"], p["budget_planned"]) == (9, 3, "75.0", "4700000000.00")
    assert p["budget_share"] == "56.4"  # 2.650 realised of 4.700 million pagu, each in its budget year
    assert p["by_status"] == {"planned": 1, "in_development": 0, "running": 1, "stalled": 3, "completed": 2,
                              "cancelled": 1, "none": 1}
    assert [(c["category"], c["count"]) for c in body["constraints"]] == [("budget", 2), ("human_resources", 1)]
    ev = body["evaluation"]
    assert (ev["year"], ev["count"], ev["average"], ev["previous_average"], ev["change"]) == (
        2024, 4, "3.18", "3.00", "0.18")
    assert ev["top"][0]["region"] == "34.04"
    assert [g["code"] for g in body["groups"]] == ["32", "33", "34", "35"]


def test_the_api_and_the_page_read_the_same_figures_for_the_same_filters(api_as, client_as, data):
    query = "?year=2024&province=34&dimension=living"
    body = api_as("kementerian").get(URL + query).json()
    page = client_as("kementerian").get("/dashboard/" + query)
    data_on_page = page.context["data"]
    assert body["programmes"]["total"] == data_on_page.programmes.total
    assert body["evaluation"]["count"] == data_on_page.evaluation.count
    assert [g["code"] for g in body["groups"]] == [g.code for g in data_on_page.groups]
    assert body["filters"] == {"year": 2024, "province": "34", "cohort": None, "dimension": "living",
                               "data": None}


@pytest.mark.parametrize("persona, query, status", [
    ("admin", "", 200), ("diy", "", 403), ("bantul", "", 403), ("penilai", "", 403), ("outsider", "", 403),
    ("diy", "?province=34", 200), ("diy", "?province=35", 404), ("bantul", "?province=34", 404),
    (None, "", 401), (None, "?province=34", 401),
])
def test_the_api_asks_the_same_policy_as_the_pages(api_as, data, persona, query, status):
    assert api_as(persona).get(URL + query).status_code == status


def test_a_province_officer_gets_only_their_provinces_figures(api_as, data):
    body = api_as("diy").get(URL + "?province=34").json()
    assert body["level"] == "province" and body["programmes"]["total"] == 6
    assert {g["code"] for g in body["groups"]} == {"34", "34.01", "34.02", "34.03", "34.04", "34.71"}


def test_bad_filters_answer_400_with_field_errors(api_as, data):
    response = api_as("kementerian").get(URL + "?year=1900&province=99&cohort=x&dimension=space&data=all")
    assert response.status_code == 400
    assert set(response.json()) == {"year", "province", "cohort", "dimension", "data"}


def test_the_api_runs_a_constant_number_of_queries(api_as, world, data):
    client = api_as("kementerian")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL + "?year=2024").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    add_more_data(world, data)
    assert count() == before <= 25  # with the verified regions and the reporting window of the year


def test_the_schema_documents_the_dashboard_and_its_filters(client_as, data):
    schema = yaml.safe_load(client_as("kementerian").get("/api/schema/").content)
    operation = schema["paths"]["/api/v1/dashboard/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"year", "province", "cohort", "dimension", "data"}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = schema["components"]["schemas"][ref]["properties"]
    assert {"programmes", "by_dimension", "constraints", "evaluation", "groups", "cohorts"} <= set(properties)
