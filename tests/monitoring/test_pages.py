"""The yearly report's pages: the list for the user's scope, the region's page (status, due date in the
region's own time, missing programmes with their links, the submit button), the verifier's forms, the
transitions posted from the page, and the completeness tables."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import YearlyReport
from regions.models import Enrolment, Region
from tests import clock
from tests.monitoring.conftest import complete, make_window, move

S = YearlyReport.Status


def page(report):
    return f"/yearly-reports/{report.pk}/"


def test_the_regions_page_lists_missing_programmes_with_links_and_a_disabled_submit_button(client_as, monitoring):
    report = monitoring.report("34.02")
    html = client_as("bantul").get(page(report)).content.decode()
    a = monitoring.programmes["BTL-A-required"]
    assert f'href="/programmes/{a.pk}/updates/new/"' in html
    assert "BTL-B" in html and "BTL-C" not in html and "BTL-D" not in html
    assert "disabled" in html.split('name="version"')[1].split("</form>")[0]


def test_the_due_date_is_shown_in_wib_and_in_the_regions_own_zone(client_as, monitoring, world):
    region = Region.objects.create(code="73", name="Sulawesi Selatan", kind="province")
    city = Region.objects.create(code="73.71", name="Kota Makassar", kind="city", parent=region)
    Enrolment.objects.create(region=city, cohort_year=2017)
    from monitoring.services import open_reporting

    open_reporting()
    report = YearlyReport.objects.get(region=city, window=monitoring.window)
    html = client_as("admin").get(page(report)).content.decode()
    due = html.split('data-testid="due">')[1].split("</dd>")[0]
    assert "23:59 WIB" in due or "23.59 WIB" in due
    assert "WITA" in due and ("00:59" in due or "00.59" in due)


def test_bantul_submits_from_the_page_and_diy_returns_then_verifies(client_as, monitoring, world):
    complete(monitoring, world)
    report = monitoring.report("34.02")
    bantul, diy = client_as("bantul"), client_as("diy")
    assert bantul.post(f"{page(report)}submit/", {"version": 1}).status_code == 302
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    html = diy.get(page(report)).content.decode()
    assert "/return/" in html and "/verify/" in html
    assert "/verify/" not in bantul.get(page(report)).content.decode()
    diy.post(f"{page(report)}return/", {"version": 2, "comment": ""})
    report.refresh_from_db()
    assert report.status == S.SUBMITTED  # a return without a comment is refused
    diy.post(f"{page(report)}return/", {"version": 2, "comment": "Lengkapi bukti BTL-A."})
    report.refresh_from_db()
    assert report.status == S.RETURNED
    assert "Lengkapi bukti BTL-A." in bantul.get(page(report)).content.decode()
    bantul.post(f"{page(report)}submit/", {"version": 3})
    diy.post(f"{page(report)}verify/", {"version": 4})
    report.refresh_from_db()
    assert report.status == S.VERIFIED


def test_a_stale_page_writes_nothing(client_as, monitoring, world):
    complete(monitoring, world)
    report = monitoring.report("34.02")
    response = client_as("bantul").post(f"{page(report)}submit/", {"version": 5}, follow=True)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == S.DRAFT and not report.events.exists()


@pytest.mark.parametrize(("persona", "code"), [("sleman", 404), ("outsider", 404), ("penilai", 404),
                                               ("diy", 403), ("kementerian", 403), ("admin", 403)])
def test_a_persona_who_may_not_submit_gets_refused_from_the_page(client_as, monitoring, world, persona, code):
    complete(monitoring, world)
    report = monitoring.report("34.02")
    assert client_as(persona).post(f"{page(report)}submit/", {"version": 1}).status_code == code
    report.refresh_from_db()
    assert report.status == S.DRAFT


@pytest.mark.parametrize(("persona", "expected"), [("admin", 7), ("kementerian", 7), ("diy", 5), ("bantul", 1),
                                                   ("sleman", 1), ("penilai", 0), ("outsider", 0)])
def test_the_list_page_shows_the_reports_of_the_users_scope(client_as, monitoring, persona, expected):
    response = client_as(persona).get("/yearly-reports/")
    assert response.status_code == 200
    assert len(response.context["object_list"]) == expected


def test_the_list_page_filter_says_all_and_each_cell_is_named_for_a_phone(client_as, monitoring):
    html = client_as("diy").get("/yearly-reports/").content.decode()
    status = html[html.index('name="status"'):]
    assert status[:status.index("</select>")].count('<option value="" selected>Semua</option>') == 1
    assert "---------" not in html
    assert 'table-stack" id="yearly-report-table"' in html and 'data-label="Batas waktu (WIB)"' in html


def test_the_list_page_costs_the_same_queries_for_few_or_many_reports(client_as, monitoring):
    client = client_as("kementerian")
    client.get("/yearly-reports/")
    with CaptureQueriesContext(connection) as few:
        client.get("/yearly-reports/")
    for i in range(10):
        region = Region.objects.create(code=f"34.9{i}", name=f"Kabupaten Uji {i}", kind="regency", parent_id="34")
        Enrolment.objects.create(region=region, cohort_year=2018)
    client.get("/yearly-reports/")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/yearly-reports/")
    assert len(response.context["object_list"]) == 17
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_completeness_tables_national_by_province_and_province_by_region(client_as, monitoring):
    move(monitoring.report("34.02"), S.VERIFIED, submitted_at=clock.now(), verified_at=clock.now())
    national = client_as("kementerian").get("/completeness/", {"year": monitoring.year})
    rows = {r.code: r for r in national.context["figures"].provinces}
    assert (rows["34"].expected, rows["34"].verified, rows["34"].submitted) == (5, 1, 1)
    assert f"?year={monitoring.year}&amp;province=34" in national.content.decode()
    province = client_as("diy").get("/completeness/", {"year": monitoring.year, "province": "34"})
    assert {r.code for r in province.context["figures"].regions} == {"34", "34.01", "34.02", "34.04", "34.71"}


def test_a_year_without_a_window_shows_no_figures(client_as, monitoring):
    make_window(monitoring.year - 1, clock.today(), clock.today())  # opened today: reports appear
    response = client_as("admin").get("/completeness/", {"year": 2001})
    assert response.status_code == 200 and response.context["figures"].window is None


def test_only_the_regions_staff_see_the_submit_button(client_as, monitoring, world):
    report = monitoring.report("34.02")
    assert "/submit/" in client_as("bantul").get(page(report)).content.decode()
    for persona in ("admin", "diy", "kementerian"):
        assert "/submit/" not in client_as(persona).get(page(report)).content.decode()


def test_saving_a_window_in_the_admin_opens_its_reports(client_as, monitoring):
    from monitoring.models import ReportingWindow

    year = monitoring.year + 1
    response = client_as("admin").post("/admin/monitoring/reportingwindow/add/", {
        "year": year, "opens": clock.today().isoformat(), "due": clock.today().isoformat()})
    assert response.status_code == 302
    assert ReportingWindow.objects.get(year=year).reports.count() == 7


def test_the_pages_speak_indonesian_by_default(client_as, monitoring):
    html = client_as("bantul").get(page(monitoring.report("34.02"))).content.decode()
    assert "Laporan pemantauan tahunan" in html and "Batas waktu" in html


def test_a_comment_with_a_null_character_is_refused_not_a_500(client_as, monitoring):
    report = move(monitoring.report("34.02"), S.SUBMITTED, submitted_at=clock.now())
    response = client_as("diy").post(f"{page(report)}return/", {"version": 1, "comment": "Perbaiki\x00"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and not report.events.exists()
