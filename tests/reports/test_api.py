"""The reports API as an integrator meets it: request (202), progress, own list, download, refusals, reuse.

Here the build runs in the test process (Celery eager for these tests only); test_worker.py builds through
a real worker on the real Redis broker."""
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from evaluations import transitions
from evaluations.models import Evaluation
from reports import services
from reports.models import Report
from tests import clock
from tests.evaluations.builders import make_cycle

from .conftest import decimal_id, pdf_pages, pdf_text, scored_evaluation

REPORTS = "/api/v1/reports/"
# The report request runs outside the request's transaction; DRF marks the enclosing transaction for
# rollback on a refusal, which in a test is the test's own: tests of refusals commit for real.
refusals = pytest.mark.django_db(transaction=True)
LIST_QUERIES = 5  # token, roles, count, reports with their evaluations, assignments


def post(client, capture, payload, **headers):
    with capture(execute=True):
        return client.post(REPORTS, payload, format="json", **headers)


def test_a_region_user_requests_their_evaluation_report_and_downloads_the_pdf(
        results, api_as, media, eager, django_capture_on_commit_callbacks, world):
    from programmes.models import ProgrammeBudget

    transitions.publish_cycle(world.users["admin"], results.bantul.cycle, "B-1/DJAI/AI.01.04/12/2024", clock.today())
    # Satu Data's 2024 pagu: its Rp 50.000.000 realised in 2024 is 25,0 % of it.
    ProgrammeBudget.objects.create(programme=results.plans.programme("BTL-GOV-02"), year=2024,
                                   pagu=200_000_000, source="apbd_kabkota")
    client = api_as("bantul")
    response = post(client, django_capture_on_commit_callbacks, {"kind": "evaluation", "evaluation": results.bantul.pk})

    assert response.status_code == 202, response.content
    body = response.json()
    assert {"id", "status", "progress"} <= set(body)
    assert (body["status"], body["progress"]) == ("queued", 0)
    detail = client.get(f"{REPORTS}{body['id']}/").json()  # built once the request committed (eager here)
    assert (detail["status"], detail["progress"]) == ("done", 100)
    assert detail["download_url"].endswith(f"/api/v1/reports/{body['id']}/download/")

    pdf = client.get(f"{REPORTS}{body['id']}/download/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "private, no-store"
    content = b"".join(pdf.streaming_content)
    assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
    text = pdf_text(content)
    bantul = results.bantul
    assert "Kabupaten Bantul" in text and "Daerah Istimewa Yogyakarta" in text
    assert decimal_id(bantul.index) in text and bantul.predikat in text
    assert "dari 2 daerah" in text and "B-1/DJAI/AI.01.04/12/2024" in text  # national rank, the letter
    assert f"+{decimal_id(bantul.index - results.bantul_2023.index)}" in text  # change from last year
    assert "refocusing anggaran" in text and "Pasar Digital Bantul" in text
    assert "diusulkan kembali pada APBD perubahan" in text  # the stalled programme in full, with its next steps
    assert "Rp 50.000.000" in text and "(25,0%)" in text
    assert "Program menurut dimensi dan status" in text and "Kriteria setiap dimensi" in text
    assert all(code in text for code in ("BTL-GOV-02", "BTL-QW-01", "BTL-ECO-03"))  # every programme listed
    assert "Level 3: tiga" in text  # the descriptor reached beside the criterion
    assert "Daftar Isi" in text and "Kode verifikasi data" in text
    assert "DRAF" not in text
    report = Report.objects.get(pk=body["id"])
    assert report.fingerprint[:12] in text
    assert not report.file.name.startswith("reports/laporan")  # a random name, served only through the view


def test_the_report_is_in_english_when_the_user_reads_english(
        results, api_as, media, eager, django_capture_on_commit_callbacks):
    from programmes.models import ProgrammeBudget

    # Satu Data's 2024 pagu: its Rp 50.000.000 realised in 2024 is 25,0 % of it.
    ProgrammeBudget.objects.create(programme=results.plans.programme("BTL-GOV-02"), year=2024,
                                   pagu=200_000_000, source="apbd_kabkota")
    client = api_as("bantul")
    response = post(client, django_capture_on_commit_callbacks,
                    {"kind": "evaluation", "evaluation": results.bantul.pk}, HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert body["language"] == "en"
    text = pdf_text(b"".join(client.get(f"{REPORTS}{body['id']}/download/").streaming_content))
    assert "Contents" in text and "Levels per criterion" in text
    assert "Daftar Isi" not in text


@refusals
def test_an_evaluation_the_user_may_not_see_is_not_found_and_nothing_is_written(results, api_as):
    # Clients first: DRF marks the test's transaction for rollback on a refusal.
    sleman, outsider = api_as("sleman"), api_as("outsider")
    payload = {"kind": "evaluation", "evaluation": results.bantul.pk}
    assert sleman.post(REPORTS, payload, format="json").status_code == 404
    assert outsider.post(REPORTS, payload, format="json").status_code == 404
    assert sleman.post(REPORTS, {"kind": "evaluation", "evaluation": 999999}, format="json").status_code == 404
    assert not Report.objects.exists()


@refusals
def test_a_region_user_may_not_request_the_national_report(results, api_as):
    response = api_as("bantul").post(REPORTS, {"kind": "national", "year": 2024}, format="json")
    assert response.status_code == 403
    assert not Report.objects.exists()


@refusals
@pytest.mark.parametrize("payload, field", [
    ({"kind": "evaluation"}, "evaluation"),
    ({"kind": "national"}, "year"),
    ({"kind": "weekly"}, "kind"),
    ({"kind": "national", "year": 2019}, "year"),
    ({"kind": "evaluation", "evaluation": "Bantul"}, "evaluation"),
])
def test_bad_requests_answer_400_with_the_field_in_error(results, api_as, payload, field):
    response = api_as("kementerian").post(REPORTS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Report.objects.exists()


def test_a_national_report_for_the_ministry_ranks_every_region(
        results, api_as, media, eager, django_capture_on_commit_callbacks):
    client = api_as("kementerian")
    response = post(client, django_capture_on_commit_callbacks, {"kind": "national", "year": 2024})
    assert response.status_code == 202
    text = pdf_text(b"".join(client.get(f"{REPORTS}{response.json()['id']}/download/").streaming_content))
    assert "Evaluasi smart city 2024" in text
    ranking = text[text.rindex("Peringkat daerah yang dievaluasi"):]
    assert ranking.index("Kabupaten Sleman") < ranking.index("Kabupaten Bantul")
    assert decimal_id(results.sleman.index) in ranking and decimal_id(results.bantul.index) in ranking
    average = ((results.bantul.index + results.sleman.index) / 2)
    assert decimal_id(average.quantize(results.bantul.index)) in text
    assert "Mengapa program terhambat" in text and "Anggaran" in text


def test_a_report_on_an_unfinished_evaluation_is_a_watermarked_draft(
        world, penilai2, instrument, api_as, media, eager, django_capture_on_commit_callbacks):
    evaluation = scored_evaluation(make_cycle(instrument, "assessment", year=2026), "34.02", world.users, [3] * 6,
                                   [4] * 6, status="submitted")
    client = api_as("bantul")
    body = post(client, django_capture_on_commit_callbacks, {"kind": "evaluation", "evaluation": evaluation.pk}).json()
    assert body["draft"] is True
    content = b"".join(client.get(f"{REPORTS}{body['id']}/download/").streaming_content)
    pages = pdf_pages(content)
    assert len(pages) > 3 and all("DRAF" in page for page in pages)  # the watermark on every page
    text = pdf_text(content)
    assert "DRAF: evaluasi ini belum final" in text
    assert "3,50" not in text  # the assessors' levels stay hidden from the region until final
    assert "Deskriptor level yang dicapai" not in text  # nor an empty column for them


def test_an_up_to_date_report_is_served_again_and_a_changed_one_is_rebuilt(
        results, api_as, media, eager, django_capture_on_commit_callbacks):
    payload = {"kind": "evaluation", "evaluation": results.bantul.pk}
    first = post(api_as("bantul"), django_capture_on_commit_callbacks, payload).json()

    again = post(api_as("diy"), django_capture_on_commit_callbacks, payload).json()
    assert again["id"] == first["id"]  # the same stored PDF, for another entitled reader
    assert Report.objects.get(pk=first["id"]).requesters.count() == 2
    assert [r["id"] for r in api_as("diy").get(REPORTS).json()["results"]] == [first["id"]]

    forced = post(api_as("bantul"), django_capture_on_commit_callbacks, {**payload, "rebuild": True}).json()
    assert forced["id"] != first["id"]

    Evaluation.objects.filter(pk=results.bantul.pk).update(recommendations="Bangun pusat data bersama.")
    changed = post(api_as("bantul"), django_capture_on_commit_callbacks, payload).json()
    assert changed["id"] not in (first["id"], forced["id"])
    fingerprints = dict(Report.objects.values_list("pk", "fingerprint"))
    assert fingerprints[changed["id"]] != fingerprints[first["id"]] == fingerprints[forced["id"]]
    assert Report.objects.count() == 3


def test_requests_for_a_report_in_flight_reuse_it(results, api_as):
    payload = {"kind": "evaluation", "evaluation": results.bantul.pk}
    ids = {api_as(persona).post(REPORTS, payload, format="json").json()["id"] for persona in
           ("bantul", "bantul", "diy", "kementerian")}
    assert len(ids) == 1
    report = Report.objects.get()
    assert report.status == "queued"
    assert set(report.requesters.values_list("username", flat=True)) == {"bantul", "diy", "kementerian"}


def test_the_database_holds_one_report_in_flight_per_key(results):
    Report.objects.create(kind="national", year=2024, key="national:2024:id")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(kind="national", year=2024, key="national:2024:id", status="running")
    Report.objects.create(kind="national", year=2024, key="national:2024:id", status="done")


@pytest.mark.django_db(transaction=True)
def test_a_flood_of_simultaneous_requests_queues_one_report(results, monkeypatch):
    monkeypatch.setattr(services, "enqueue", lambda *args: None)
    user = results.bantul.region and Evaluation.objects.get(pk=results.bantul.pk)
    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.filter(username__in=["bantul", "diy", "kementerian", "admin"]))
    barrier = threading.Barrier(len(users))
    ids, errors = [], []

    def ask(who):
        try:
            barrier.wait()
            ids.append(services.request_report(who, "evaluation", evaluation=user.pk)[0].pk)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(ids)) == 1 and len(ids) == len(users)
    assert Report.objects.count() == 1


@refusals
def test_reports_of_others_are_not_listed_and_unseen_ones_are_not_found(results, api_as):
    bantul, sleman, kementerian, anonymous = api_as("bantul"), api_as("sleman"), api_as("kementerian"), api_as(None)
    body = bantul.post(REPORTS, {"kind": "evaluation", "evaluation": results.bantul.pk}, format="json").json()
    assert sleman.get(REPORTS).json()["count"] == 0
    assert kementerian.get(f"{REPORTS}{body['id']}/").status_code == 200
    assert sleman.get(f"{REPORTS}{body['id']}/").status_code == 404
    assert sleman.get(f"{REPORTS}{body['id']}/download/").status_code == 404
    assert bantul.get(f"{REPORTS}{body['id']}/download/").status_code == 409  # not built yet
    assert anonymous.get(REPORTS).status_code == 401


def test_the_report_list_runs_in_a_constant_number_of_queries(results, api_as, django_assert_num_queries):
    client = api_as("kementerian")
    client.post(REPORTS, {"kind": "national", "year": 2024}, format="json")
    client.post(REPORTS, {"kind": "evaluation", "evaluation": results.bantul.pk}, format="json")
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(REPORTS).json()["count"] == 2
    client.post(REPORTS, {"kind": "evaluation", "evaluation": results.sleman.pk}, format="json")
    client.post(REPORTS, {"kind": "national", "year": 2023}, format="json")
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(REPORTS).json()["count"] == 4


def test_report_files_go_to_an_s3_compatible_bucket_when_one_is_configured():
    """Configuration only (no bucket is reached): S3_BUCKET switches the default storage to S3."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "S3_BUCKET": "laporan", "S3_ENDPOINT_URL": "http://127.0.0.1:9", "S3_ACCESS_KEY_ID": "k",
           "S3_SECRET_ACCESS_KEY": "s"}
    code = ("import django; django.setup(); from django.core.files.storage import storages; "
            "s = storages['default']; print(type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl, "
            "s.querystring_auth)")
    out = subprocess.run([sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "smartcity.settings"},
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["S3Storage", "laporan", "http://127.0.0.1:9", "None", "True"]


def test_a_report_stuck_in_the_queue_for_too_long_is_replaced_by_a_new_request(results, api_as):
    from datetime import timedelta


    client = api_as("bantul")
    payload = {"kind": "evaluation", "evaluation": results.bantul.pk}
    stuck = client.post(REPORTS, payload, format="json").json()["id"]
    Report.objects.filter(pk=stuck).update(updated_at=clock.now() - services.STALE_AFTER - timedelta(minutes=1))

    fresh = client.post(REPORTS, payload, format="json").json()
    assert fresh["id"] != stuck and fresh["status"] == "queued"
    old = Report.objects.get(pk=stuck)
    assert old.status == "failed" and old.error == "Laporan tidak selesai disusun tepat waktu; laporan telah diminta ulang."
