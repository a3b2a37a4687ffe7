"""The yearly report through HTTP: the contract's fields, scoping per persona, each transition with its
refusals (nothing written), versions (409 / If-Match 412), events, and constant query counts."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import YearlyReport, YearlyReportEvent
from regions.models import Region
from tests import clock
from tests.monitoring.conftest import REPORTS, complete, make_programme, move, url

S = YearlyReport.Status
FIELDS = {"id", "region", "year", "status", "due", "submitted_at", "verified_at", "on_time", "missing_programmes",
          "comment", "version"}
DIY = {"34", "34.01", "34.02", "34.04", "34.71"}
ALL = DIY | {"35.22", "33.18"}


def state():
    return (list(YearlyReport.objects.order_by("pk").values()), YearlyReportEvent.objects.count(),
            YearlyReport.history.count())


def test_a_report_has_the_fields_of_the_contract(api_as, monitoring):
    report = monitoring.report("34.02")
    response = api_as("bantul").get(url(report))
    assert response.status_code == 200 and response["ETag"] == '"1"'
    body = response.json()
    assert set(body) == FIELDS
    assert (body["region"], body["year"], body["status"], body["on_time"]) == ("34.02", monitoring.year, "draft", None)
    assert body["due"].startswith(f"{monitoring.window.due.isoformat()}T23:59:59")
    assert [(p["code"], p["name"]) for p in body["missing_programmes"]] == [
        ("BTL-A", "Satu Data Bantul"), ("BTL-B", "Pasar Digital Bantul")]
    assert body["missing_programmes"][0]["id"] == monitoring.programmes["BTL-A-required"].pk


@pytest.mark.parametrize(("persona", "expected"), [
    ("admin", ALL), ("kementerian", ALL), ("diy", DIY), ("bantul", {"34.02"}), ("sleman", {"34.04"}),
    ("penilai", set()), ("outsider", set()),
])
def test_each_persona_lists_the_reports_of_their_scope(api_as, monitoring, persona, expected):
    response = api_as(persona).get(REPORTS, {"year": monitoring.year})
    assert response.status_code == 200
    assert {r["region"] for r in response.json()["results"]} == expected


def test_an_anonymous_request_is_refused(api_as, monitoring):
    assert api_as(None).get(REPORTS).status_code == 401


def test_the_list_filters_by_status_and_province_through_its_filterset(api_as, monitoring):
    move(monitoring.report("34.04"), S.SUBMITTED, submitted_at=clock.now())
    body = api_as("admin").get(REPORTS, {"status": "submitted"}).json()
    assert [r["region"] for r in body["results"]] == ["34.04"]
    body = api_as("admin").get(REPORTS, {"province": "35"}).json()
    assert [r["region"] for r in body["results"]] == ["35.22"]
    assert api_as("admin").get(REPORTS, {"status": "nonsense"}).status_code == 400


def test_the_region_submits_the_province_returns_the_region_resubmits_and_the_province_verifies(api_as, monitoring,
                                                                                                  world):
    report = monitoring.report("34.02")
    refused = api_as("bantul").post(url(report, "submit"), {"version": 1}, format="json")
    assert refused.status_code == 409
    assert [p["code"] for p in refused.json()["missing_programmes"]] == ["BTL-A", "BTL-B"]
    complete(monitoring, world)
    body = api_as("bantul").post(url(report, "submit"), {"version": 1}, format="json").json()
    assert (body["status"], body["on_time"], body["version"]) == ("submitted", True, 2)
    assert api_as("diy").post(url(report, "return"), {"version": 2}, format="json").status_code == 400
    body = api_as("diy").post(url(report, "return"), {"version": 2, "comment": "Lengkapi bukti."},
                              format="json").json()
    assert (body["status"], body["comment"]) == ("returned", "Lengkapi bukti.")
    body = api_as("bantul").post(url(report, "submit"), {"version": 3}, format="json").json()
    assert body["status"] == "submitted"
    body = api_as("diy").post(url(report, "verify"), {"version": 4}, format="json").json()
    assert body["status"] == "verified" and body["verified_at"]
    events = api_as("bantul").get(url(report, "events")).json()
    assert [(e["action"], e["user"], e["comment"]) for e in events] == [
        ("submit", "bantul", ""), ("return", "diy", "Lengkapi bukti."), ("submit", "bantul", ""),
        ("verify", "diy", "")]


@pytest.mark.parametrize(("persona", "move_name", "code"), [
    ("sleman", "submit", 404), ("penilai", "submit", 404), ("outsider", "submit", 404),
    ("diy", "submit", 403), ("admin", "submit", 403), ("kementerian", "submit", 403),
    ("bantul", "verify", 403), ("kementerian", "verify", 403), ("admin", "verify", 403), ("sleman", "verify", 404),
    ("bantul", "reopen", 403), ("diy", "reopen", 403),
])
def test_a_transition_refused_to_a_persona_writes_nothing(api_as, monitoring, world, persona, move_name, code):
    complete(monitoring, world)
    report = monitoring.report("34.02")
    if move_name != "submit":
        report = move(report, S.SUBMITTED if move_name == "verify" else S.VERIFIED, submitted_at=clock.now())
    before = state()
    response = api_as(persona).post(url(report, move_name), {"version": report.version, "reason": "x",
                                                            "comment": "x"}, format="json")
    assert response.status_code == code
    assert state() == before


def test_a_stale_version_is_409_a_stale_if_match_412_and_a_missing_one_400(api_as, monitoring, world):
    complete(monitoring, world)
    report = monitoring.report("34.02")
    client = api_as("bantul")
    before = state()
    assert client.post(url(report, "submit"), {"version": 9}, format="json").status_code == 409
    assert client.post(url(report, "submit"), {}, format="json", HTTP_IF_MATCH='"9"').status_code == 412
    assert client.post(url(report, "submit"), {}, format="json").status_code == 400
    assert client.post(url(report, "submit"), {"version": "x"}, format="json").status_code == 400
    assert state() == before
    assert client.post(url(report, "submit"), {}, format="json", HTTP_IF_MATCH='"1"').status_code == 200


def test_the_secretariat_reopens_a_verified_report_with_a_reason(api_as, monitoring):
    report = move(monitoring.report("34.02"), S.VERIFIED, submitted_at=clock.now(), verified_at=clock.now())
    client = api_as("admin")
    assert client.post(url(report, "reopen"), {"version": 1}, format="json").status_code == 400
    body = client.post(url(report, "reopen"), {"version": 1, "reason": "Angka anggaran keliru."},
                       format="json").json()
    assert (body["status"], body["verified_at"], body["comment"]) == ("returned", None, "Angka anggaran keliru.")
    assert client.post(url(report, "reopen"), {"version": 2, "reason": "lagi"}, format="json").status_code == 409


def test_the_secretariat_verifies_bojonegoro_whose_province_has_no_officer(api_as, monitoring):
    report = move(monitoring.report("35.22"), S.SUBMITTED, submitted_at=clock.now())
    assert api_as("admin").post(url(report, "verify"), {"version": 1}, format="json").json()["status"] == "verified"


def queries(client, path, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_queries_for_few_or_many_reports_and_programmes(api_as, monitoring, world):
    from monitoring.services import open_reporting
    from programmes.models import Masterplan
    from regions.models import Enrolment

    client = api_as("kementerian")
    client.get(REPORTS)  # the token's user and the reports opened
    few = queries(client, REPORTS)
    masterplan = Masterplan.objects.get(region_id="34.04")
    for i in range(8):
        make_programme(masterplan, f"SLM-X{i}", monitoring.year, monitoring.year)
    for i in range(10):
        region = Region.objects.create(code=f"34.9{i}", name=f"Kabupaten Uji {i}", kind="regency", parent_id="34")
        Enrolment.objects.create(region=region, cohort_year=2018)
    open_reporting()
    many = queries(client, REPORTS)
    assert len(api_as("kementerian").get(REPORTS).json()["results"]) == 17
    assert many == few
