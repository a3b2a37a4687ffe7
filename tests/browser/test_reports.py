"""A report in a real browser, built by a real Celery worker: Bantul asks for its evaluation report on
"Laporan saya", watches the progress (htmx polling, no page load), downloads the PDF, and finds the
report in the list again later; the request button that evaluation pages include works in place."""
import re

import pytest
from playwright.sync_api import expect

from reports.models import Report
from tests.browser.test_foundation import sign_in
from tests.reports import conftest as report_fixtures
from tests.reports.conftest import decimal_id, pdf_text
from tests.reports.worker import celery_worker

pytestmark = pytest.mark.browser
# The report fixtures of tests/reports/conftest.py, offered to this module's tests too.
instrument, media, penilai2, queue, results = (report_fixtures.instrument, report_fixtures.media,
                                               report_fixtures.penilai2, report_fixtures.queue, report_fixtures.results)


def test_bantul_requests_its_report_watches_it_complete_and_downloads_it(page, results, media, queue, live_host,
                                                                          tmp_path):
    bantul = results.bantul
    with celery_worker(queue, media):
        sign_in(page, "bantul")
        page.goto("/reports/")
        expect(page.locator("h1")).to_have_text("Laporan saya")
        expect(page.locator("#report-table")).to_have_count(0)
        form = page.locator("#evaluation-report-form")
        form.locator("select[name=evaluation]").select_option(str(bantul.pk))
        form.locator("button[type=submit]").click()

        # The report's page: queued or running, then done, without reloading the page.
        expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
        page.evaluate("window.__marker = 1")
        progress = page.locator(".report-progress")
        expect(progress).to_have_attribute("data-status", re.compile("queued|running"))
        expect(progress).to_have_attribute("data-status", "done", timeout=120_000)
        assert page.evaluate("window.__marker") == 1
        with page.expect_download() as download_info:
            progress.get_by_role("link", name="Unduh PDF").click()
        download = download_info.value
        assert download.suggested_filename == "laporan-evaluasi-kabupaten-bantul-2024.pdf"
        saved = tmp_path / "laporan.pdf"
        download.save_as(saved)
        text = pdf_text(saved)
        assert "Kabupaten Bantul" in text and decimal_id(bantul.index) in text and bantul.predikat in text

        # Later: the report waits on "Laporan saya", ready to download.
        page.goto("/reports/")
        row = page.locator("#report-table tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Kabupaten Bantul 2024")
        expect(row.get_by_role("link", name="Unduh PDF")).to_be_visible()
    report = Report.objects.get()
    assert (report.status, report.requested_by.username) == ("done", "bantul")
    assert page.requested_hosts == {live_host}
