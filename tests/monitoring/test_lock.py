"""While a yearly report is submitted or verified, the region's programme updates of that year are refused
on every path that writes one (API, page), with a message that says why; other years, and the report once
returned, take updates again. (The Excel import writes programmes, never updates; the admin cannot add
updates at all.)"""
import pytest

from monitoring.models import YearlyReport
from programmes.models import ProgrammeUpdate
from tests import clock
from tests.monitoring.conftest import move

S = YearlyReport.Status


def api_post(api_as, programme, year):
    return api_as("bantul").post(f"/api/v1/programmes/{programme.pk}/updates/",
                                 {"year": year, "status": "running", "progress": 70}, format="json")


@pytest.mark.parametrize("status", [S.SUBMITTED, S.VERIFIED])
def test_an_update_of_a_locked_year_is_refused_through_the_api_and_says_why(api_as, monitoring, status):
    move(monitoring.report("34.02"), status, submitted_at=clock.now())
    programme = monitoring.programmes["BTL-A-required"]
    before = ProgrammeUpdate.objects.count()
    response = api_post(api_as, programme, monitoring.year)
    assert response.status_code == 400
    message = response.json()["year"][0]
    # In Bahasa Indonesia, the default language: the year, and why.
    said = "telah diverifikasi" if status == S.VERIFIED else "telah diajukan untuk diverifikasi"
    assert f"Laporan pemantauan tahunan {monitoring.year} {said}" in message
    assert ProgrammeUpdate.objects.count() == before


def test_an_update_of_a_locked_year_is_refused_on_the_page_with_a_form_error(client_as, monitoring):
    move(monitoring.report("34.02"), S.VERIFIED, submitted_at=clock.now(), verified_at=clock.now())
    programme = monitoring.programmes["BTL-A-required"]
    before = ProgrammeUpdate.objects.count()
    response = client_as("bantul").post(f"/programmes/{programme.pk}/updates/new/",
                                        {"year": monitoring.year, "status": "running", "progress": 70})
    assert response.status_code == 200
    assert f"Laporan pemantauan tahunan {monitoring.year} telah diverifikasi" in response.content.decode()
    assert ProgrammeUpdate.objects.count() == before


def test_another_year_and_another_region_still_take_updates(api_as, monitoring):
    move(monitoring.report("34.02"), S.SUBMITTED, submitted_at=clock.now())
    assert api_post(api_as, monitoring.programmes["BTL-A-required"], monitoring.year + 1).status_code == 201
    response = api_as("sleman").post(f"/api/v1/programmes/{monitoring.programmes['SLM-A-required'].pk}/updates/",
                                     {"year": monitoring.year, "status": "running", "progress": 10}, format="json")
    assert response.status_code == 201


def test_a_returned_report_takes_updates_again(api_as, monitoring):
    move(monitoring.report("34.02"), S.RETURNED, submitted_at=clock.now(), comment="Perbaiki")
    assert api_post(api_as, monitoring.programmes["BTL-A-required"], monitoring.year).status_code == 201


def test_the_admin_site_cannot_add_updates_at_all(client_as, monitoring):
    assert client_as("admin").get("/admin/programmes/programmeupdate/add/").status_code == 403
