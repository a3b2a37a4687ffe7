"""REST API v1 for programmes, their updates, masterplans and OPDs: contract, filters, scoping,
validation, versioned writes and query counts."""
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Masterplan, Opd, Programme, ProgrammeUpdate
from programmes.services import post_update

from .conftest import make_programme

PROGRAMMES = "/api/v1/programmes/"
MASTERPLANS = "/api/v1/masterplans/"
OPDS = "/api/v1/opds/"

CONTRACT = {"id", "masterplan", "region", "code", "name", "description", "dimension", "term", "opd", "start_year",
            "end_year", "budget_planned", "funding_source", "status", "progress"}
ALL_PROGRAMMES = ["BTL-ECO-03", "BTL-GOV-02", "BTL-QW-01", "SLM-LIV-02", "SLM-QW-01"]


def results(response):
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    return body["results"]


def codes(response):
    return [row["code"] for row in results(response)]


def programme_url(plans, code):
    return f"{PROGRAMMES}{plans.programmes[code].pk}/"


def programmes_state():
    """Everything a refused programme request might have written, the audit trail included."""
    return {
        "masterplans": list(Masterplan.objects.order_by("pk").values()),
        "opds": list(Opd.objects.order_by("pk").values()),
        "programmes": list(Programme.objects.order_by("pk").values()),
        "updates": list(ProgrammeUpdate.objects.order_by("pk").values()),
        "history": (Masterplan.history.count(), Opd.history.count(), Programme.history.count()),
    }


@contextmanager
def nothing_written():
    before = programmes_state()
    yield
    after = programmes_state()
    for key in before:
        assert after[key] == before[key], f"{key} changed on a refused request"


def new_programme_data(plans, **changes):
    return {"masterplan": plans.masterplans["34.02"].pk, "code": "BTL-NEW-09", "name": "Bantul Smart Parking",
            "dimension": "living", "term": "medium", "opd": plans.opds["34.02"][0].pk, "start_year": 2022,
            "end_year": 2026, "funding_source": "apbd_kabkota"} | changes


# --- list and contract ----------------------------------------------------------------------------------


def test_the_programme_list_is_paginated_with_the_contract_fields(api_as, plans):
    rows = results(api_as("kementerian").get(PROGRAMMES))

    assert [row["code"] for row in rows] == ALL_PROGRAMMES
    assert all(CONTRACT <= set(row) for row in rows)
    gov = next(row for row in rows if row["code"] == "BTL-GOV-02")
    assert gov["masterplan"] == plans.masterplans["34.02"].pk
    assert gov["region"] == "34.02"
    assert gov["opd"] == plans.opds["34.02"][1].pk
    assert (gov["name"], gov["dimension"], gov["term"], gov["funding_source"]) == (
        "Satu Data Bantul", "governance", "short", "apbd_kabkota")
    assert (gov["start_year"], gov["end_year"]) == (2020, 2024)
    assert Decimal(gov["budget_planned"]) == Decimal("150000000")
    assert (gov["status"], gov["progress"]) == ("running", 60)


def test_a_programme_without_updates_has_no_status_or_progress(api_as, plans):
    body = api_as("bantul").get(programme_url(plans, "BTL-QW-01")).json()

    assert (body["status"], body["progress"]) == (None, None)


def test_the_status_is_that_of_the_highest_year_even_when_that_update_was_posted_first(api_as, plans, world):
    programme = make_programme(plans.masterplans["34.02"], "BTL-ORD-07", plans.opds["34.02"][0])
    post_update(world.users["bantul"], programme, {"year": 2024, "status": "running", "progress": 70})
    post_update(world.users["bantul"], programme, {"year": 2022, "status": "planned", "progress": 10})

    detail = api_as("kementerian").get(f"{PROGRAMMES}{programme.pk}/").json()
    row = next(r for r in results(api_as("kementerian").get(PROGRAMMES)) if r["code"] == "BTL-ORD-07")

    assert (detail["status"], detail["progress"]) == ("running", 70)
    assert (row["status"], row["progress"]) == ("running", 70)


# --- filters --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ({"region": "34.02"}, ["BTL-ECO-03", "BTL-GOV-02", "BTL-QW-01"]),
    ({"region": "34.04"}, ["SLM-LIV-02", "SLM-QW-01"]),
    ({"province": "34"}, ALL_PROGRAMMES),
    ({"province": "35"}, []),
    ({"dimension": "economy"}, ["BTL-ECO-03"]),
    ({"dimension": "living"}, ["SLM-LIV-02"]),
    ({"term": "quick_win"}, ["BTL-QW-01", "SLM-QW-01"]),
    ({"status": "running"}, ["BTL-GOV-02"]),
    ({"status": "completed"}, ["SLM-QW-01"]),
    ({"search": "sleman"}, ["SLM-LIV-02", "SLM-QW-01"]),
    ({"search": "gov-02"}, ["BTL-GOV-02"]),
    ({"region": "34.02", "term": "quick_win"}, ["BTL-QW-01"]),
])
def test_the_programme_list_filters_narrow_correctly(api_as, plans, query, expected):
    assert codes(api_as("kementerian").get(PROGRAMMES, query)) == expected


def test_the_year_filter_keeps_the_programmes_planned_to_run_that_year(api_as, plans):
    make_programme(plans.masterplans["34.04"], "SLM-LATE-09", start_year=2026, end_year=2028)

    assert codes(api_as("kementerian").get(PROGRAMMES, {"year": "2027"})) == ["SLM-LATE-09"]
    assert codes(api_as("kementerian").get(PROGRAMMES, {"year": "2022"})) == ALL_PROGRAMMES
    assert codes(api_as("kementerian").get(PROGRAMMES, {"year": "2019"})) == []


@pytest.mark.parametrize("query", [{"status": "bogus"}, {"year": "abc"}, {"dimension": "weather"},
                                   {"term": "forever"}])
def test_an_invalid_programme_filter_answers_400_naming_the_field(api_as, plans, query):
    response = api_as("kementerian").get(PROGRAMMES, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


# --- scoping --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [{}, {"region": "34.04"}, {"province": "34"}, {"search": "sleman"}])
def test_bantul_never_sees_slemans_records_in_any_list(api_as, plans, query):
    client = api_as("bantul")

    assert codes(client.get(PROGRAMMES, query)) == [c for c in codes(api_as("kementerian").get(PROGRAMMES, query))
                                                    if c.startswith("BTL")]
    assert {row["region"] for row in results(client.get(MASTERPLANS, query))} <= {"34.02"}
    assert {row["region"] for row in results(client.get(OPDS, query))} <= {"34.02"}
    if not query:
        assert [row["id"] for row in results(client.get(MASTERPLANS))] == [plans.masterplans["34.02"].pk]
        assert len(results(client.get(OPDS))) == 2
    if query.get("region") == "34.04":
        assert results(client.get(MASTERPLANS, query)) == []
        assert results(client.get(OPDS, query)) == []


def test_bantul_gets_404_on_a_sleman_programme_and_on_posting_an_update_to_it(api_as, plans):
    client = api_as("bantul")

    assert client.get(programme_url(plans, "SLM-QW-01")).status_code == 404
    with nothing_written():
        response = client.post(f"{programme_url(plans, 'SLM-QW-01')}updates/",
                               {"year": 2024, "status": "running", "progress": 50}, format="json")
        assert response.status_code == 404
        assert client.get(f"{programme_url(plans, 'SLM-QW-01')}updates/").status_code == 404


def test_the_province_officer_sees_both_regions_but_may_not_write(api_as, plans):
    client = api_as("diy")
    url = programme_url(plans, "BTL-GOV-02")
    version = plans.programme("BTL-GOV-02").version

    assert codes(client.get(PROGRAMMES)) == ALL_PROGRAMMES
    assert client.get(url).status_code == 200
    with nothing_written():
        assert client.patch(url, {"name": "Diubah", "version": version}, format="json").status_code == 403
        assert client.post(f"{url}updates/", {"year": 2025, "status": "running", "progress": 80},
                           format="json").status_code == 403


def test_the_ministry_sees_everything_but_every_write_is_403(api_as, plans):
    client = api_as("kementerian")
    url = programme_url(plans, "SLM-LIV-02")
    version = plans.programme("SLM-LIV-02").version

    assert codes(client.get(PROGRAMMES)) == ALL_PROGRAMMES
    assert {row["region"] for row in results(client.get(MASTERPLANS))} == {"34.02", "34.04"}
    with nothing_written():
        assert client.patch(url, {"name": "Diubah", "version": version}, format="json").status_code == 403
        assert client.post(f"{url}updates/", {"year": 2025, "status": "running", "progress": 80},
                           format="json").status_code == 403
        assert client.post(PROGRAMMES, new_programme_data(plans), format="json").status_code == 403


# --- updates sub-resource ------------------------------------------------------------------------------


def test_the_updates_of_a_programme_list_newest_first_and_paginated(api_as, plans):
    rows = results(api_as("bantul").get(f"{programme_url(plans, 'BTL-GOV-02')}updates/"))

    assert [(row["year"], row["status"], row["progress"]) for row in rows] == [(2024, "running", 60),
                                                                               (2023, "running", 40)]
    assert all(row["author"] == "bantul" for row in rows)


def test_posting_a_valid_update_answers_201_with_the_author_and_makes_it_current(api_as, plans):
    url = programme_url(plans, "BTL-GOV-02")
    response = api_as("bantul").post(f"{url}updates/", {"year": 2025, "status": "running", "progress": 80,
                                                        "budget_realised": "75000000"}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["author"], body["year"], body["status"], body["progress"]) == ("bantul", 2025, "running", 80)
    assert ProgrammeUpdate.objects.get(pk=body["id"]).author.username == "bantul"
    detail = api_as("bantul").get(url).json()
    assert (detail["status"], detail["progress"]) == ("running", 80)


@pytest.mark.parametrize(("data", "field"), [
    ({"year": 2024, "status": "running", "progress": 150}, "progress"),
    ({"year": 2030, "status": "running", "progress": 50}, "year"),
    ({"year": 2018, "status": "running", "progress": 50}, "year"),
    ({"year": 2024, "status": "stalled", "progress": 50}, "constraint_category"),
])
def test_an_invalid_update_answers_400_naming_the_field_and_writes_nothing(api_as, plans, data, field):
    with nothing_written():
        response = api_as("bantul").post(f"{programme_url(plans, 'BTL-GOV-02')}updates/", data, format="json")

    assert response.status_code == 400
    assert field in response.json()


# --- versioned writes ----------------------------------------------------------------------------------


def test_a_programme_reads_with_an_etag_of_its_version(api_as, plans):
    response = api_as("bantul").get(programme_url(plans, "BTL-GOV-02"))

    version = plans.programme("BTL-GOV-02").version
    assert response["ETag"] == f'"{version}"'
    assert response.json()["version"] == version


def test_a_patch_with_the_current_version_saves_and_bumps_the_version(api_as, plans):
    version = plans.programme("BTL-GOV-02").version
    response = api_as("bantul").patch(programme_url(plans, "BTL-GOV-02"), {"name": "Satu Data Bantul 2.0",
                                                                          "version": version}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["version"] == version + 1
    assert response["ETag"] == f'"{version + 1}"'
    saved = plans.programme("BTL-GOV-02")
    assert (saved.name, saved.version) == ("Satu Data Bantul 2.0", version + 1)


def test_a_patch_with_a_stale_version_answers_409_and_changes_nothing(api_as, plans):
    version = plans.programme("BTL-GOV-02").version
    with nothing_written():
        response = api_as("bantul").patch(programme_url(plans, "BTL-GOV-02"),
                                          {"name": "Terlambat", "version": version - 1}, format="json")

    assert response.status_code == 409


def test_a_patch_with_a_stale_if_match_answers_412_and_changes_nothing(api_as, plans):
    version = plans.programme("BTL-GOV-02").version
    with nothing_written():
        response = api_as("bantul").patch(programme_url(plans, "BTL-GOV-02"), {"name": "Terlambat"},
                                          format="json", HTTP_IF_MATCH=f'"{version + 5}"')

    assert response.status_code == 412


def test_a_patch_with_no_version_answers_400_naming_version(api_as, plans):
    with nothing_written():
        response = api_as("bantul").patch(programme_url(plans, "BTL-GOV-02"), {"name": "Tanpa versi"},
                                          format="json")

    assert response.status_code == 400
    assert "version" in response.json()


# --- creating programmes -------------------------------------------------------------------------------


def test_bantul_creates_a_programme_in_its_own_masterplan(api_as, plans):
    response = api_as("bantul").post(PROGRAMMES, new_programme_data(plans), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["code"], body["region"], body["status"], body["progress"]) == ("BTL-NEW-09", "34.02", None, None)
    assert Programme.objects.get(pk=body["id"]).region_id == "34.02"


@pytest.mark.parametrize(("changes", "field"), [
    ({"code": "BTL-GOV-02"}, "code"),
    ({"opd": "sleman"}, "opd"),
    ({"masterplan": "sleman", "opd": None}, "masterplan"),
    ({"start_year": 2017}, "start_year"),
])
def test_an_invalid_new_programme_answers_400_naming_the_field(api_as, plans, changes, field):
    changes = dict(changes)
    if changes.get("opd") == "sleman":
        changes["opd"] = plans.opds["34.04"][0].pk
    if changes.get("masterplan") == "sleman":
        changes["masterplan"] = plans.masterplans["34.04"].pk
    with nothing_written():
        response = api_as("bantul").post(PROGRAMMES, new_programme_data(plans, **changes), format="json")

    assert response.status_code == 400
    assert field in response.json()


# --- masterplans and OPDs ------------------------------------------------------------------------------


def test_masterplans_and_opds_filter_by_region(api_as, plans):
    client = api_as("kementerian")

    mps = results(client.get(MASTERPLANS, {"region": "34.04"}))
    assert [row["id"] for row in mps] == [plans.masterplans["34.04"].pk]
    opds = results(client.get(OPDS, {"region": "34.02"}))
    assert sorted(row["id"] for row in opds) == sorted(o.pk for o in plans.opds["34.02"])
    assert {row["region"] for row in opds} == {"34.02"}


def test_bantul_creates_an_opd_but_not_one_with_a_duplicate_acronym(api_as, plans):
    client = api_as("bantul")
    created = client.post(OPDS, {"region": "34.02", "name": "Dinas Kesehatan", "acronym": "Dinkes"}, format="json")

    assert created.status_code == 201, created.content
    assert Opd.objects.filter(region_id="34.02", acronym="Dinkes").count() == 1
    with nothing_written():
        duplicate = client.post(OPDS, {"region": "34.02", "name": "Dinas Kesehatan Daerah", "acronym": "Dinkes"},
                                format="json")
    assert duplicate.status_code == 400
    assert "acronym" in duplicate.json()


def test_a_masterplan_patch_with_a_stale_version_answers_409(api_as, plans):
    masterplan = plans.masterplans["34.02"]
    masterplan.refresh_from_db()
    with nothing_written():
        response = api_as("bantul").patch(f"{MASTERPLANS}{masterplan.pk}/",
                                          {"title": "Terlambat", "version": masterplan.version + 3}, format="json")

    assert response.status_code == 409


def test_bantul_publishes_its_masterplan_document_through_the_api_with_the_version_it_read(api_as, plans):
    masterplan = plans.masterplans["34.02"]
    masterplan.refresh_from_db()
    client = api_as("bantul")

    assert client.get(f"{MASTERPLANS}{masterplan.pk}/").json()["document_public"] is False
    response = client.patch(f"{MASTERPLANS}{masterplan.pk}/",
                            {"document_public": True, "version": masterplan.version}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["document_public"] is True
    assert Masterplan.objects.get(pk=masterplan.pk).document_public is True


def test_publishing_a_masterplan_document_with_a_stale_version_answers_409(api_as, plans):
    masterplan = plans.masterplans["34.02"]
    masterplan.refresh_from_db()
    with nothing_written():
        response = api_as("bantul").patch(f"{MASTERPLANS}{masterplan.pk}/",
                                          {"document_public": True, "version": masterplan.version + 1},
                                          format="json")

    assert response.status_code == 409


def test_a_document_public_that_is_not_a_boolean_answers_400_naming_the_field(api_as, plans):
    masterplan = plans.masterplans["34.02"]
    masterplan.refresh_from_db()
    with nothing_written():
        response = api_as("bantul").patch(f"{MASTERPLANS}{masterplan.pk}/",
                                          {"document_public": "perhaps", "version": masterplan.version},
                                          format="json")

    assert response.status_code == 400, response.content
    assert set(response.json()) == {"document_public"}


@pytest.mark.parametrize("persona", ["sleman", "penilai"])
def test_who_may_not_change_bantuls_masterplan_cannot_publish_its_document(api_as, plans, persona):
    masterplan = plans.masterplans["34.02"]
    masterplan.refresh_from_db()
    with nothing_written():
        response = api_as(persona).patch(f"{MASTERPLANS}{masterplan.pk}/",
                                         {"document_public": True, "version": masterplan.version}, format="json")

    assert response.status_code in (403, 404)


# --- query counts ---------------------------------------------------------------------------------------


def add_programmes(world, masterplan, opd, start, count):
    for i in range(start, start + count):
        programme = make_programme(masterplan, f"YK-{i:03}", opd)
        post_update(world.users["admin"], programme, {"year": 2023, "status": "running", "progress": i % 100})


def list_queries(api_as):
    client = api_as("kementerian")
    client.get(PROGRAMMES)  # warm any one-off lookups
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(PROGRAMMES)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()["count"]


def test_the_programme_list_runs_the_same_number_of_queries_for_3_and_30_programmes(api_as, world):
    masterplan = Masterplan.objects.create(region_id="34.71", title="Masterplan Kota Yogyakarta",
                                           period_start=2019, period_end=2028)
    opd = Opd.objects.create(region_id="34.71", name="Dinas Kominfo", acronym="Diskominfo")
    add_programmes(world, masterplan, opd, 0, 3)
    few, count = list_queries(api_as)
    assert count == 3

    add_programmes(world, masterplan, opd, 3, 27)
    many, count = list_queries(api_as)
    assert count == 30

    assert many == few


def test_a_planned_budget_in_the_body_is_ignored_because_it_is_the_sum_of_the_pagu(api_as, plans):
    response = api_as("bantul").post(PROGRAMMES, new_programme_data(plans, budget_planned="500000000"),
                                     format="json")

    assert response.status_code == 201, response.content
    assert Decimal(response.json()["budget_planned"]) == 0


@pytest.mark.parametrize("day", ["0207-05-01", "1999-12-31", "2101-01-01"])
def test_a_legal_basis_date_outside_the_movements_era_answers_400(api_as, plans, day):
    masterplan = plans.masterplans["34.02"]
    with nothing_written():
        response = api_as("bantul").patch(f"{MASTERPLANS}{masterplan.pk}/", {
            "legal_basis_number": "Perbup 12/2019", "legal_basis_date": day, "version": masterplan.version},
            format="json")

    assert response.status_code == 400, response.content
    assert "legal_basis_date" in response.json()
