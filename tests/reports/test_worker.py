"""Reports built by a REAL Celery worker on the real Redis broker (127.0.0.1:6379, this run's DB number,
a queue of this test only), and the faults: a worker killed mid-report, a broker that is down, a build
that fails. These tests commit (the worker is another process with its own connection)."""
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import translation

from reports import rendering
from reports.models import Report
from tests import clock

from .conftest import decimal_id, pdf_text
from .worker import broker, celery_worker, kill, private_redis, wait_for

REPORTS = "/api/v1/reports/"

pytestmark = pytest.mark.django_db(transaction=True)


def status_of(pk):
    return Report.objects.values_list("status", "progress", "error").get(pk=pk)


def test_a_real_worker_builds_the_report_and_the_api_shows_its_progress(results, api_as, media, queue):
    client = api_as("bantul")
    with celery_worker(queue, media):
        response = client.post(REPORTS, {"kind": "evaluation", "evaluation": results.bantul.pk}, format="json")
        assert response.status_code == 202, response.content
        pk = response.json()["id"]
        seen = set()

        def finished():
            body = client.get(f"{REPORTS}{pk}/").json()
            seen.add(body["status"])
            return body if body["status"] in ("done", "failed") else None

        body = wait_for(finished, 120, interval=0.2, what="the report to be built")
    assert body["status"] == "done", body["error"]
    assert body["progress"] == 100
    assert "queued" in seen or "running" in seen
    pdf = client.get(f"{REPORTS}{pk}/download/")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(pdf.streaming_content))
    assert "Kabupaten Bantul" in text and decimal_id(results.bantul.index) in text
    report = Report.objects.get(pk=pk)
    assert report.attempts == 1
    # The worker read the suite's pinned clock, not the machine's.
    assert abs(report.finished_at - clock.now()) < timedelta(minutes=5)


def test_a_worker_killed_mid_report_leaves_no_half_file_served_and_the_report_is_built_again(
        results, api_as, media, queue, tmp_path):
    client = api_as("bantul")
    marker = tmp_path / "stalled"
    with celery_worker(queue, media, script=Path(__file__).with_name("stalling_worker.py"),
                       extra_env={"REPORTS_TEST_MARKER": str(marker)}, visibility_timeout=8) as stalling:
        pk = client.post(REPORTS, {"kind": "evaluation", "evaluation": results.bantul.pk},
                         format="json").json()["id"]
        wait_for(marker.exists, 120, what="the worker to be halfway through writing the PDF")
        kill(stalling)
    partial = media / marker.read_text()
    assert partial.exists() and partial.stat().st_size > 0  # what the dead worker left behind
    status, progress, _error = status_of(pk)
    assert status == "running" and progress == 90
    assert client.get(f"{REPORTS}{pk}/download/").status_code == 409  # never the half-written file

    # A fresh worker: the unacknowledged message comes back after the visibility timeout.
    with celery_worker(queue, media, visibility_timeout=8):
        wait_for(lambda: status_of(pk)[0] in ("done", "failed"), 180, interval=0.3,
                 what="the report to be delivered again and built")
    report = Report.objects.get(pk=pk)
    assert report.status == "done", report.error
    assert report.attempts == 2
    assert Path(report.file.path) != partial
    content = b"".join(client.get(f"{REPORTS}{pk}/download/").streaming_content)
    assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
    assert len(content) > partial.stat().st_size
    assert "Kabupaten Bantul" in pdf_text(content)


def test_with_the_broker_down_a_request_answers_unavailable_and_pages_still_serve(
        results, api_as, client_as, media, queue):
    api, page = api_as("kementerian"), client_as("kementerian")
    with private_redis() as (redis, url), broker(url):
        queued = api.post(REPORTS, {"kind": "evaluation", "evaluation": results.bantul.pk}, format="json")
        assert queued.status_code == 202 and queued.json()["status"] == "queued"
        redis.kill()
        redis.wait(10)
        refused = api.post(REPORTS, {"kind": "national", "year": 2024}, format="json")
        assert refused.status_code == 503
        body = refused.json()
        assert body["status"] == "failed"
        with translation.override("id"):
            assert body["error"].startswith("Layanan penyusunan laporan sedang tidak tersedia")
        listing = page.get("/reports/")
        assert listing.status_code == 200
        assert "Layanan penyusunan laporan sedang tidak tersedia" in listing.content.decode()
        detail = page.get(f"/reports/{body['id']}/")
        assert detail.status_code == 200
        assert "Layanan penyusunan laporan sedang tidak tersedia" in detail.content.decode()
        assert page.get("/programmes/").status_code == 200
        form = page.post("/reports/request/", {"kind": "national", "year": 2023})
        assert form.status_code == 302  # to the report's page, which says why it failed
        assert Report.objects.get(year=2023).status == "failed"
    # The broker back: asking again queues a new report (a failed one is never reused).
    again = api.post(REPORTS, {"kind": "national", "year": 2024}, format="json")
    assert again.status_code == 202 and again.json()["id"] != body["id"]


def test_a_build_that_fails_records_why_and_the_page_shows_it(results, client_as, media, monkeypatch, eager):
    def broken_layout(html):
        raise ValueError("tata letak rusak")

    monkeypatch.setattr(rendering, "layout", broken_layout)
    page = client_as("bantul")
    response = page.post("/reports/request/", {"kind": "evaluation", "evaluation": results.bantul.pk})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert report.status == "failed"
    assert "ValueError: tata letak rusak" in report.error
    detail = page.get(f"/reports/{report.pk}/").content.decode()
    assert "Laporan tidak dapat disusun: ValueError: tata letak rusak" in detail
    assert "Minta lagi" in detail
    assert not any(media.rglob("*.pdf"))  # nothing half-built is stored

