"""REST API v1 for regions and enrolments: scoping, filters, 404 JSON, versioned writes, query counts."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import Enrolment, Region

REGIONS = "/api/v1/regions/"
ENROLMENTS = "/api/v1/enrolments/"


def codes(response):
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    return [row["code"] if "code" in row else row["region"] for row in body["results"]]


def enrolment_url(world, code):
    return f"{ENROLMENTS}{world.enrolment(code).pk}/"


# --- reading ---------------------------------------------------------------------------------------------


def test_a_region_reads_with_the_contract_fields(api_as, world):
    response = api_as("bantul").get(f"{REGIONS}34.02/")

    assert response.status_code == 200
    assert response.json() == {"code": "34.02", "name": "Kabupaten Bantul", "kind": "regency", "parent": "34",
                               "cohort": 2018, "enrolments": [{
                                   "id": world.enrolment("34.02").pk, "cohort_year": 2018, "status": "active",
                                   "mou_number": "55/MoU. KP/KHM/2018", "mou_date": "2018-05-08", "mou_place": "",
                                   "source": ""}]}


def test_a_region_selected_cancelled_and_selected_again_has_its_first_active_intake_as_cohort(api_as, world):
    # Kota Depok: selected in 2018, cancelled, selected again in 2019 (FACTS.md).
    Enrolment.objects.create(region_id="32.76", cohort_year=2018, status="cancelled", mou_date=dt.date(2018, 5, 8))

    body = api_as("kementerian").get(f"{REGIONS}32.76/").json()

    assert body["cohort"] == 2019
    assert [(e["cohort_year"], e["status"]) for e in body["enrolments"]] == [(2018, "cancelled"), (2019, "active")]
    assert codes(api_as("kementerian").get(REGIONS, {"cohort": "2018", "province": "32"})) == []
    assert codes(api_as("kementerian").get(REGIONS, {"cohort": "2019", "province": "32"})) == ["32.76"]


def test_a_province_reads_with_no_parent_and_an_unenrolled_region_with_no_cohort(api_as):
    body = api_as("admin").get(f"{REGIONS}35/").json()

    assert (body["parent"], body["cohort"], body["kind"]) == (None, None, "province")


def test_the_region_list_is_paginated_and_scoped_to_the_user(api_as, world):
    assert codes(api_as("bantul").get(REGIONS)) == ["34.02"]
    assert codes(api_as("diy").get(REGIONS)) == ["34", "34.01", "34.02", "34.03", "34.04", "34.71"]
    assert codes(api_as("kementerian").get(REGIONS)) == sorted(world.regions)
    assert codes(api_as("outsider").get(REGIONS)) == []


@pytest.mark.parametrize(("query", "expected"), [
    ({"kind": "city"}, ["32.76", "34.71", "35.71", "35.78"]),
    ({"kind": "province"}, ["32", "33", "34", "35"]),
    ({"province": "34"}, ["34", "34.01", "34.02", "34.03", "34.04", "34.71"]),
    ({"search": "bojo"}, ["35.22"]),
    ({"search": "33"}, ["33", "33.18"]),
    ({"cohort": "2018"}, ["33.18", "34.01", "34.02", "34.71", "35.78"]),
    ({"province": "34", "kind": "regency", "cohort": "2018"}, ["34.01", "34.02"]),
])
def test_the_region_list_filters_by_kind_province_search_and_cohort(api_as, query, expected):
    response = api_as("kementerian").get(REGIONS, query)

    assert response.status_code == 200
    assert codes(response) == expected


@pytest.mark.parametrize("query", [{"kind": "village"}, {"province": "99"}, {"province": "34.02"}, {"cohort": "abc"}])
def test_an_invalid_region_filter_answers_400_with_the_field_error(api_as, query):
    response = api_as("kementerian").get(REGIONS, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_an_unknown_filter_is_ignored_and_never_reaches_the_database(api_as, world):
    response = api_as("kementerian").get(REGIONS, {"name__startswith": "Kota", "parent__code": "35"})

    assert codes(response) == sorted(world.regions)


@pytest.mark.parametrize(("query", "expected"), [
    ({"region": "34.02"}, ["34.02"]),
    ({"province": "34"}, ["34", "34.01", "34.02", "34.03", "34.04", "34.71"]),
    ({"cohort": "2017"}, ["34.04", "35.22"]),
    ({"province": "35", "cohort": "2017"}, ["35.22"]),
])
def test_the_enrolment_list_filters_by_region_province_and_cohort(api_as, query, expected):
    response = api_as("kementerian").get(ENROLMENTS, query)

    assert response.status_code == 200
    assert codes(response) == expected


def test_region_staff_filtering_enrolments_of_another_province_gets_none(api_as):
    assert codes(api_as("bantul").get(ENROLMENTS, {"province": "35"})) == []
    assert codes(api_as("bantul").get(ENROLMENTS)) == ["34.02"]


def test_an_enrolment_reads_with_its_version_and_an_etag(api_as, world):
    response = api_as("bantul").get(enrolment_url(world, "34.02"))

    body = response.json()
    assert response.status_code == 200
    assert (body["region"], body["cohort_year"], body["mou_number"], body["mou_date"], body["version"]) == (
        "34.02", 2018, "55/MoU. KP/KHM/2018", "2018-05-08", 1)
    assert response["ETag"] == '"1"'


@pytest.mark.parametrize("url", [f"{REGIONS}99.99/", f"{REGIONS}abc/", f"{ENROLMENTS}999999/", "/api/v1/nothing/"])
def test_an_unknown_code_or_path_under_the_api_answers_404_json(api_as, url):
    response = api_as("admin").get(url)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_the_public_gets_401_from_the_api(api_as):
    response = api_as(None).get(REGIONS)

    assert response.status_code == 401
    assert "detail" in response.json()


# --- versioned writes ------------------------------------------------------------------------------------


def test_a_patch_with_the_current_version_saves_and_answers_the_new_etag(api_as, world):
    response = api_as("bantul").patch(enrolment_url(world, "34.02"),
                                      {"team_decree_number": "188/0402/TIM/2018", "version": 1}, format="json")

    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'
    enrolment = world.enrolment("34.02")
    assert (enrolment.team_decree_number, enrolment.version) == ("188/0402/TIM/2018", 2)
    assert enrolment.history.first().history_user == world.users["bantul"]


def test_a_patch_with_the_current_if_match_saves(api_as, world):
    client = api_as("bantul")
    etag = client.get(enrolment_url(world, "34.02"))["ETag"]

    response = client.patch(enrolment_url(world, "34.02"), {"notes": "via If-Match"}, format="json",
                            HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert world.enrolment("34.02").notes == "via If-Match"


def _someone_else_saves(world, code):
    other = world.enrolment(code)
    other.notes = "Disimpan lebih dulu oleh rekan."
    other.save_versioned(other.version)
    return other


@pytest.mark.parametrize("method", ["patch", "put"])
def test_a_write_with_a_stale_version_answers_409_and_changes_nothing(api_as, world, unchanged, method):
    client = api_as("bantul")
    read = client.get(enrolment_url(world, "34.02")).json()
    _someone_else_saves(world, "34.02")
    body = read | {"notes": "Catatan saya."} if method == "put" else {"notes": "Catatan saya.", "version": 1}

    with unchanged():
        response = getattr(client, method)(enrolment_url(world, "34.02"), body, format="json")

    assert response.status_code == 409
    assert world.enrolment("34.02").notes == "Disimpan lebih dulu oleh rekan."


@pytest.mark.parametrize("method", ["patch", "put"])
def test_a_write_with_a_stale_if_match_answers_412_and_changes_nothing(api_as, world, unchanged, method):
    client = api_as("bantul")
    read = client.get(enrolment_url(world, "34.02"))
    _someone_else_saves(world, "34.02")
    body = read.json() | {"notes": "Catatan saya."}
    body.pop("version")

    with unchanged():
        response = getattr(client, method)(enrolment_url(world, "34.02"), body, format="json",
                                           HTTP_IF_MATCH=read["ETag"])

    assert response.status_code == 412
    assert world.enrolment("34.02").notes == "Disimpan lebih dulu oleh rekan."


def test_an_if_match_that_is_no_version_answers_412(api_as, world, unchanged):
    client = api_as("bantul")
    with unchanged():
        response = client.patch(enrolment_url(world, "34.02"), {"notes": "x"}, format="json",
                                          HTTP_IF_MATCH='"abc"')

    assert response.status_code == 412


def test_a_write_without_any_version_answers_400_and_changes_nothing(api_as, world, unchanged):
    client = api_as("bantul")
    with unchanged():
        response = client.patch(enrolment_url(world, "34.02"), {"notes": "x"}, format="json")

    assert response.status_code == 400
    assert "version" in response.json()


@pytest.mark.parametrize(("body", "field"), [
    ({"bimtek_2_date": "2018-01-01"}, "bimtek_2_date"),
    ({"council_decree_date": "2018-07-17"}, "council_decree_number"),
    ({"mou_date": "7 Juni 2018"}, "mou_date"),
    ({"mou_date": "0207-06-07"}, "mou_date"),  # a typo for 2017: outside the movement's era
    ({"bimtek_1_date": "2207-01-01"}, "bimtek_1_date"),
    ({"cohort_year": "dua ribu"}, "cohort_year"),
    ({"version": "satu"}, "version"),
])
def test_invalid_input_answers_400_with_field_errors_and_changes_nothing(api_as, world, unchanged, body, field):
    client = api_as("bantul")
    with unchanged():
        response = client.patch(enrolment_url(world, "34.02"), {"version": 1} | body, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_region_staff_may_not_change_their_cohort_through_the_api(api_as, world, unchanged):
    client = api_as("bantul")
    with unchanged():
        response = client.patch(enrolment_url(world, "34.02"), {"cohort_year": 2017, "version": 1},
                                          format="json")

    assert response.status_code == 400
    assert "cohort_year" in response.json()


def test_an_enrolment_cannot_move_to_another_region(api_as, world, unchanged):
    client = api_as("admin")
    with unchanged():
        response = client.patch(enrolment_url(world, "34.02"), {"region": "35", "version": 1},
                                         format="json")

    assert response.status_code == 400
    assert "region" in response.json()


def test_the_national_secretariat_enrols_a_region_through_the_api(api_as, world):
    response = api_as("admin").post(ENROLMENTS, {"region": "35", "cohort_year": 2024, "mou_number": "SP-35",
                                                 "mou_date": "2024-03-05"}, format="json")

    assert response.status_code == 201
    assert response.json()["version"] == 1
    assert world.enrolment("35").mou_date == dt.date(2024, 3, 5)


@pytest.mark.parametrize(("persona", "code"), [
    ("bantul", "34.02"), ("diy", "34"), ("diy", "34.02"), ("kementerian", "34.02"),
])
def test_only_the_national_secretariat_enrols_a_region_through_the_api(api_as, unchanged, persona, code):
    Enrolment.objects.filter(region_id__in=["34", "34.02"]).delete()
    client = api_as(persona)

    with unchanged():
        response = client.post(ENROLMENTS, {"region": code, "cohort_year": 2024}, format="json")

    assert response.status_code == 403


def test_enrolling_a_region_the_user_may_not_see_answers_exactly_as_if_it_did_not_exist(api_as, unchanged):
    client = api_as("bantul")

    with unchanged():
        unseen = client.post(ENROLMENTS, {"region": "35", "cohort_year": 2024}, format="json")
        missing = client.post(ENROLMENTS, {"region": "99", "cohort_year": 2024}, format="json")

    # Region staff enrol nothing: refused before the body is validated, so neither answer says more.
    assert (unseen.status_code, missing.status_code) == (403, 403)
    assert unseen.json() == missing.json()


def test_enrolling_a_region_twice_in_one_intake_answers_400(api_as, unchanged):
    client = api_as("admin")
    with unchanged():
        response = client.post(ENROLMENTS, {"region": "34.02", "cohort_year": 2018}, format="json")

    assert response.status_code == 400
    assert "cohort_year" in response.json()


def test_the_national_secretariat_enrols_a_region_in_a_second_intake(api_as, world):
    # Sleman (Tahap I, 2017) took part in the 2021 intake too.
    response = api_as("admin").post(ENROLMENTS, {"region": "34.04", "cohort_year": 2021, "mou_date": "2021-05-20",
                                                 "mou_place": "daring"}, format="json")

    assert response.status_code == 201, response.json()
    assert list(Enrolment.objects.filter(region_id="34.04").values_list("cohort_year", flat=True)) == [2017, 2021]
    assert api_as("admin").get(f"{REGIONS}34.04/").json()["cohort"] == 2017


def test_moving_an_enrolment_onto_an_intake_the_region_already_has_answers_400(api_as, world, unchanged):
    Enrolment.objects.create(region_id="34.04", cohort_year=2021)
    client = api_as("admin")
    with unchanged():
        response = client.patch(enrolment_url(world, "34.04"), {"cohort_year": 2021, "version": 1}, format="json")

    assert response.status_code == 400
    assert "cohort_year" in response.json()


def test_enrolments_cannot_be_deleted_through_the_api(api_as, world, unchanged):
    client = api_as("admin")
    with unchanged():
        response = client.delete(enrolment_url(world, "34.02"))

    assert response.status_code == 405


# --- query counts ----------------------------------------------------------------------------------------


def add_regencies(start, count, province="34"):
    regions = Region.objects.bulk_create(
        Region(code=f"{province}.{start + i}", name=f"Kabupaten Uji {start + i}", kind="regency", parent_id=province)
        for i in range(count))
    Enrolment.objects.bulk_create(
        Enrolment(region=region, cohort_year=2021, mou_number=f"{region.code}/MoU", mou_date=dt.date(2021, 3, 30))
        for region in regions[::2])


def count_queries(client, url, query=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("persona", "url", "query"), [
    ("admin", REGIONS, None),
    ("diy", REGIONS, None),
    ("kementerian", REGIONS, {"province": "34", "cohort": "2021"}),
    ("admin", ENROLMENTS, None),
    ("diy", ENROLMENTS, {"province": "34"}),
])
def test_api_lists_run_the_same_number_of_queries_for_5_or_50_regions(api_as, persona, url, query):
    client = api_as(persona)
    add_regencies(100, 5)
    few = count_queries(client, url, query)
    add_regencies(200, 45)
    many = count_queries(client, url, query)

    assert many == few
