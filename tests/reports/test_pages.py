"""The report pages as a user meets them: "Laporan saya", the request form, the progress panel that htmx
polls, the request button of the evaluation pages, and the read-only admin."""
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True)  # the request view commits, as in production


def test_laporan_saya_offers_only_the_evaluations_the_user_may_see(results, client_as):
    html = client_as("bantul").get("/reports/").content.decode()
    assert "<h1 class=\"h3 page-title mb-1\">Laporan saya</h1>" in html  # the header of its sibling lists
    assert f'value="{results.bantul.pk}"' in html and f'value="{results.bantul_2023.pk}"' in html
    assert f'value="{results.sleman.pk}"' not in html
    assert "Laporan ringkasan nasional" not in html  # the national report is the ministry's
    assert "Anda belum meminta laporan apa pun." in html
    assert "<script>" not in html and " onclick=" not in html


def test_the_ministry_may_request_the_national_report_from_the_page(results, client_as):
    client = client_as("kementerian")
    html = client.get("/reports/").content.decode()
    assert 'id="national-report-form"' in html and '<option value="2024">2024</option>' in html
    response = client.post("/reports/request/", {"kind": "national", "year": 2024})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Laporan ringkasan nasional" in page and "Dalam antrean" in page
    assert f'hx-get="/reports/{report.pk}/progress/"' in page  # polled while in flight


def test_a_request_without_an_evaluation_is_a_form_error_and_writes_nothing(results, client_as):
    response = client_as("bantul").post("/reports/request/", {"kind": "evaluation"})
    assert response.status_code == 400
    assert "Evaluasi: Pilih evaluasi." in response.content.decode()
    assert not Report.objects.exists()


def test_refusals_on_the_pages_are_404_for_an_unseen_evaluation_and_403_for_the_national_report(
        results, client_as):
    bantul = client_as("bantul")
    assert bantul.post("/reports/request/", {"kind": "evaluation", "evaluation": results.sleman.pk}).status_code == 404
    assert bantul.post("/reports/request/", {"kind": "national", "year": 2024}).status_code == 403
    assert client_as(None).post("/reports/request/", {"kind": "national", "year": 2024}).status_code == 302
    assert not Report.objects.exists()


def test_htmx_gets_the_progress_panel_which_stops_polling_once_the_report_is_done(results, client_as):
    client = client_as("bantul")
    response = client.post("/reports/request/", {"kind": "evaluation", "evaluation": results.bantul.pk},
                           HTTP_HX_REQUEST="true")
    report = Report.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="queued"' in html and f'hx-get="/reports/{report.pk}/progress/"' in html

    Report.objects.filter(pk=report.pk).update(status="running", progress=40)
    html = client.get(f"/reports/{report.pk}/progress/").content.decode()
    assert 'value="40"' in html and "40%" in html and "hx-trigger" in html

    Report.objects.filter(pk=report.pk).update(status="done", progress=100, file="reports/x.pdf")
    html = client.get(f"/reports/{report.pk}/progress/").content.decode()
    assert "hx-trigger" not in html
    assert f'href="/reports/{report.pk}/download/"' in html and "Unduh PDF" in html
    assert client_as("sleman").get(f"/reports/{report.pk}/progress/").status_code == 404


def test_a_form_error_answered_to_htmx_is_shown_in_place(results, client_as):
    response = client_as("bantul").post("/reports/request/", {"kind": "national"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "report-request-errors" in response.content.decode()


def test_the_request_button_include_posts_the_evaluation_and_shows_progress_in_place(results, world):
    request = RequestFactory().get("/evaluations/1/")
    request.user = world.users["bantul"]
    html = render_to_string("reports/_request_button.html", {"evaluation": results.bantul}, request=request)
    assert 'hx-post="/reports/request/"' in html and 'action="/reports/request/"' in html
    assert f'name="evaluation" value="{results.bantul.pk}"' in html
    assert f'hx-target="#report-request-result-{results.bantul.pk}"' in html
    assert "Laporan evaluasi (PDF)" in html and "csrfmiddlewaretoken" in html


def test_the_list_page_runs_in_a_constant_number_of_queries(results, client_as, django_assert_num_queries):
    client = client_as("kementerian")
    client.post("/reports/request/", {"kind": "national", "year": 2024})
    client.post("/reports/request/", {"kind": "evaluation", "evaluation": results.bantul.pk})
    with django_assert_num_queries(LIST_PAGE_QUERIES):
        assert client.get("/reports/").content.decode().count('class="report-progress') == 2
    client.post("/reports/request/", {"kind": "national", "year": 2023})
    client.post("/reports/request/", {"kind": "evaluation", "evaluation": results.sleman.pk})
    client.post("/reports/request/", {"kind": "evaluation", "evaluation": results.bantul_2023.pk})
    with django_assert_num_queries(LIST_PAGE_QUERIES):
        assert client.get("/reports/").content.decode().count('class="report-progress') == 5


LIST_PAGE_QUERIES = 9  # whatever the number of reports (each evaluation report joins its evaluation)


def test_the_admin_lists_reports_read_only_for_the_ministry_and_not_for_a_region(results, client_as):
    client_as("kementerian").post("/reports/request/", {"kind": "national", "year": 2024})
    report = Report.objects.get()
    ministry = client_as("kementerian")
    assert ministry.get("/admin/reports/report/").status_code == 200
    change = ministry.get(f"/admin/reports/report/{report.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert client_as("admin").get("/admin/reports/report/add/").status_code == 403
    assert client_as("bantul").get("/admin/reports/report/").status_code == 302


def test_the_request_button_names_an_evaluation_past_999_without_a_thousands_separator(results, world):
    request = RequestFactory().get("/evaluations/1/")
    request.user = world.users["bantul"]
    results.bantul.pk = 1154  # "1.154" in Indonesian number format would name another evaluation, or none

    html = render_to_string("reports/_request_button.html", {"evaluation": results.bantul}, request=request)

    assert 'name="evaluation" value="1154"' in html
    assert 'hx-target="#report-request-result-1154"' in html
