"""Running the year in a real browser, in Indonesian: Bantul completes and submits its yearly report, diy
returns it, Bantul corrects and resubmits, diy verifies, and a further update of that year is refused on the
page and through the API; at each step the recipient's bell counts what is unread and its list tells what
happened (diy: submitted; Bantul: returned with the comment, then verified); penilai scores a criterion; the national secretariat opens a cycle and assigns an
assessor on portal pages."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from evaluations.models import Assignment, Cycle, Evaluation, Score
from monitoring.models import YearlyReport
from notifications.models import Notification
from programmes.models import ProgrammeUpdate
from tests import clock
from tests.browser.test_foundation import sign_in
from tests.evaluations.builders import answer_all, make_cycle, make_evaluation, make_instrument
from tests.monitoring.conftest import _seven_enrolled, monitoring  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def sign_out(page):
    page.get_by_role("button", name="Keluar").click()


def the_bell_tells(page, user, kind, message):
    """The bell counts the user's unread notifications, the newest of `kind` among them; opening the list shows
    `message` marked new, and then the bell has nothing unread."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    newest = unread.filter(kind=kind).latest("created", "id")
    assert newest.message == message
    expect(page.get_by_test_id("unread-count")).to_have_text(str(unread.count()))
    page.get_by_test_id("bell").click()
    item = page.get_by_test_id("notifications").locator(f'li[data-kind="{kind}"]').first
    expect(item).to_contain_text(message)
    expect(item).to_contain_text("Baru")
    page.reload()
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def post_update_on_the_page(page, programme_code, progress):
    page.get_by_role("listitem").filter(has_text=programme_code).get_by_role(
        "link", name="Kirim laporan perkembangannya").click()
    page.select_option("select[name=status]", "running")
    page.fill("input[name=progress]", str(progress))
    page.get_by_role("button", name="Kirim laporan perkembangan").click()


def test_a_yearly_report_goes_round_submit_return_resubmit_verify_then_its_year_is_closed(page, world, monitoring):  # noqa: F811
    report = monitoring.report("34.02")
    url = f"/yearly-reports/{report.pk}/"
    sign_in(page, "bantul")
    page.goto(url)
    expect(page.locator("#missing-programmes")).to_contain_text("BTL-A")
    expect(page.get_by_role("button", name="Ajukan laporan")).to_be_disabled()

    # Bantul completes the report on the update pages the report links to, then submits.
    for code in ("BTL-A", "BTL-B"):
        post_update_on_the_page(page, code, 60)
        expect(page.locator(".alert-success")).to_contain_text(str(monitoring.year))
        page.goto(url)
    expect(page.locator("#missing-programmes")).not_to_contain_text("BTL-A")
    page.get_by_role("button", name="Ajukan laporan").click()
    expect(page.locator(".alert-success")).to_contain_text("telah diajukan untuk diverifikasi")
    assert YearlyReport.objects.get(pk=report.pk).status == "submitted"
    sign_out(page)

    # diy is told on the bell, then returns it with a comment.
    year, diy, bantul = monitoring.year, world.users["diy"], world.users["bantul"]
    sign_in(page, "diy")
    the_bell_tells(page, diy, "submitted",
                   f"Kabupaten Bantul menyampaikan laporan tahunan {year} untuk Anda verifikasi.")
    page.goto(url)
    page.get_by_label("Catatan untuk pemerintah daerah").fill("Progres BTL-A tidak sesuai laporan OPD.")
    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    expect(page.locator(".alert-success")).to_contain_text("dikembalikan")
    report.refresh_from_db()
    assert (report.status, report.comment) == ("returned", "Progres BTL-A tidak sesuai laporan OPD.")
    sign_out(page)

    # Bantul is told on the bell, with the comment; reads it on the report, corrects BTL-A and resubmits.
    sign_in(page, "bantul")
    the_bell_tells(page, bantul, "returned", f"Laporan tahunan {year} Kabupaten Bantul dikembalikan untuk perbaikan: "
                                             "Progres BTL-A tidak sesuai laporan OPD.")
    page.goto(url)
    expect(page.locator("main")).to_contain_text("Progres BTL-A tidak sesuai laporan OPD.")
    page.goto(f"/programmes/{monitoring.programmes['BTL-A-required'].pk}/updates/new/")
    page.select_option("select[name=status]", "running")
    page.fill("input[name=progress]", "45")
    page.get_by_role("button", name="Kirim laporan perkembangan").click()
    expect(page.locator(".alert-success")).to_contain_text("45")
    page.goto(url)
    page.get_by_role("button", name="Ajukan laporan").click()
    expect(page.locator(".alert-success")).to_contain_text("telah diajukan untuk diverifikasi")
    sign_out(page)

    # diy is told of the resubmission, and verifies.
    sign_in(page, "diy")
    the_bell_tells(page, diy, "submitted",
                   f"Kabupaten Bantul menyampaikan laporan tahunan {year} untuk Anda verifikasi.")
    page.goto(url)
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.locator(".alert-success")).to_contain_text("telah diverifikasi")
    assert YearlyReport.objects.get(pk=report.pk).status == "verified"
    sign_out(page)

    # Bantul is told it was verified; a further update of that year is refused, on the page and through the
    # API, and says why.
    before = ProgrammeUpdate.objects.count()
    sign_in(page, "bantul")
    the_bell_tells(page, bantul, "verified", f"Laporan tahunan {year} Kabupaten Bantul telah diverifikasi.")
    page.goto(f"/programmes/{monitoring.programmes['BTL-A-required'].pk}/updates/new/")
    page.select_option("select[name=status]", "running")
    page.fill("input[name=progress]", "90")
    page.get_by_role("button", name="Kirim laporan perkembangan").click()
    expect(page.locator("main")).to_contain_text(f"Laporan pemantauan tahunan {monitoring.year} telah diverifikasi")
    api = APIClient()
    api.force_authenticate(world.users["bantul"])
    response = api.post(f"/api/v1/programmes/{monitoring.programmes['BTL-A-required'].pk}/updates/",
                        {"year": monitoring.year, "status": "running", "progress": 90}, format="json")
    assert response.status_code == 400 and "telah diverifikasi" in response.json()["year"][0]
    assert ProgrammeUpdate.objects.count() == before


def test_penilai_scores_a_criterion_of_a_submitted_evaluation(page, world):
    cycle = make_cycle(make_instrument(3), "assessment")
    evaluation = make_evaluation(cycle, "34.02", status="submitted", assessors=[world.users["penilai"]],
                                 lead=world.users["penilai"])
    answer_all(evaluation)
    sign_in(page, "penilai")
    page.goto(f"/evaluations/{evaluation.pk}/scoring/")
    card = page.locator("#criterion-K01")
    card.get_by_label(re.compile(r"^4 — ")).check()
    page.get_by_role("button", name="Simpan nilai saya").click()
    expect(page.locator(".alert-success")).to_contain_text("1 dari 3 kriteria")
    assert list(Score.objects.filter(evaluation=evaluation).values_list("criterion__code", "level")) == [("K01", 4)]


def test_the_secretariat_opens_a_cycle_and_assigns_an_assessor_on_portal_pages(page, world):
    instrument = make_instrument(3)
    t = clock.today()
    sign_in(page, "admin")
    page.goto("/evaluations/")
    page.get_by_role("link", name="Kelola siklus evaluasi").click()
    page.get_by_role("link", name="Siklus baru").click()
    page.fill("input[name=year]", str(t.year + 1))
    page.select_option("select[name=instrument]", str(instrument.pk))
    for name, days in (("self_assessment_start", -1), ("self_assessment_end", 20), ("assessment_start", 21),
                       ("assessment_end", 50)):
        page.fill(f"input[name={name}]", (t + dt.timedelta(days=days)).isoformat())
    page.get_by_role("button", name="Simpan siklus").click()
    expect(page.locator(".alert-success")).to_contain_text("Siklus telah disimpan")
    cycle = Cycle.objects.get(year=t.year + 1)
    expect(page).to_have_url(re.compile(rf"/cycles/{cycle.pk}/$"))

    # Participants: Bantul by code.
    page.get_by_role("link", name="Peserta").click()
    page.get_by_label("Kode daerah").fill("34.02")
    page.get_by_role("button", name="Tambahkan ke siklus").click()
    expect(page.locator("#participants-table")).to_contain_text("Kabupaten Bantul")

    # Open it; then assign penilai as lead.
    page.goto(f"/cycles/{cycle.pk}/")
    page.get_by_role("button", name="Buka untuk penilaian mandiri").click()
    expect(page.locator(".alert-success")).to_contain_text("Penilaian mandiri")
    assert Cycle.objects.get(pk=cycle.pk).status == "self_assessment"
    page.locator("#cycle-evaluations").get_by_role("link", name="Tim penilai").click()
    penilai = world.users["penilai"]
    label = f"{penilai.get_full_name() or penilai.username} (penilai)"
    page.get_by_label(label, exact=True).check()
    page.get_by_label("Ketua tim penilai").select_option(label=label)
    page.get_by_role("button", name="Simpan tim penilai").click()
    expect(page.locator(".alert-success")).to_contain_text("Tim penilai Kabupaten Bantul telah disimpan")
    evaluation = Evaluation.objects.get(cycle=cycle)
    assert list(Assignment.objects.filter(evaluation=evaluation).values_list("assessor__username", "is_lead")) == [
        ("penilai", True)]
    expect(page.locator("#cycle-evaluations")).to_contain_text("ketua")
