"""The yearly evaluation in a real browser, in Indonesian: Bantul fills in and submits its
self-assessment; the assessor scores it beside the region's answers and implementation facts."""
import re

import pytest
from playwright.sync_api import expect

from evaluations.models import Evaluation, Score, SelfAssessment
from tests.browser.test_foundation import sign_in
from tests.conftest import make_user
from tests.evaluations.builders import make_cycle, make_evaluation, make_instrument, move_cycle
from tests.programmes.conftest import build_plans

pytestmark = pytest.mark.browser


@pytest.fixture
def evaluation(world):
    build_plans(world)
    penilai2 = make_user("penilai2", "assessor", None, "Sri", "Handayani")
    cycle = make_cycle(make_instrument(3), "self_assessment")
    return make_evaluation(cycle, "34.02", assessors=[world.users["penilai"], penilai2], lead=world.users["penilai"])


def test_bantul_fills_in_and_submits_the_self_assessment_then_penilai_scores_it(page, world, evaluation,
                                                                               live_host):
    sign_in(page, "bantul")
    page.goto(f"/evaluations/{evaluation.pk}/")
    expect(page.locator("h1")).to_have_text("Kabupaten Bantul")
    page.get_by_role("link", name="Isi penilaian mandiri").click()
    expect(page).to_have_url(re.compile(rf"/evaluations/{evaluation.pk}/self-assessment/$"))

    criteria = list(evaluation.cycle.instrument.criteria.order_by("position"))
    # A draft first: two levels and an explanation.
    for criterion, level in zip(criteria[:2], (3, 4), strict=True):
        card = page.locator(f"#criterion-{criterion.code}")
        card.get_by_label(re.compile(rf"^{level} — ")).check()
        card.get_by_label("Penjelasan").fill(f"SK dan laporan {criterion.code} tersedia.")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator(".alert-success")).to_contain_text("Draf disimpan")
    assert SelfAssessment.objects.filter(evaluation=evaluation, level__isnull=False).count() == 2

    # Submitting with a criterion left open is refused, and says which.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kirim ke tim penilai").click()
    expect(page.locator(".alert-danger")).to_contain_text(criteria[2].code)
    evaluation.refresh_from_db()
    assert evaluation.status == "self_assessment"

    page.locator(f"#criterion-{criteria[2].code}").get_by_label(re.compile(r"^5 — ")).check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kirim ke tim penilai").click()
    expect(page.locator(".alert-success")).to_contain_text("Penilaian mandiri telah dikirim")
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted"

    # Time passes: the cycle moves to its assessment stage; penilai scores.
    move_cycle(evaluation.cycle, "assessment")
    page.get_by_role("button", name="Keluar").click()
    sign_in(page, "penilai")
    page.goto("/")
    page.get_by_role("link", name="Kabupaten Bantul").click()
    expect(page).to_have_url(re.compile(rf"/evaluations/{evaluation.pk}/scoring/$"))
    expect(page.locator("#implementation-facts")).to_contain_text("Quick win menurut status")
    first = page.locator(f"#criterion-{criteria[0].code}")
    expect(first.locator(".self-assessment-box")).to_contain_text("Level 3")
    expect(first.locator(".self-assessment-box")).to_contain_text(f"SK dan laporan {criteria[0].code} tersedia.")
    for criterion, level in zip(criteria, (4, 2, 5), strict=True):
        card = page.locator(f"#criterion-{criterion.code}")
        card.get_by_label(re.compile(rf"^{level} — ")).check()
        card.get_by_label("Komentar Anda").fill("Sesuai dokumen dan wawancara.")
    page.get_by_role("button", name="Simpan nilai saya").click()
    expect(page.locator(".alert-success")).to_contain_text("3 dari 3 kriteria")
    expect(page.get_by_test_id("scored")).to_have_text("3 / 3")
    assert sorted(Score.objects.filter(evaluation=evaluation, assessor=world.users["penilai"])
                  .values_list("criterion__code", "level")) == [("K01", 4), ("K02", 2), ("K03", 5)]
    assert Evaluation.objects.get(pk=evaluation.pk).status == "submitted"
    assert page.requested_hosts == {live_host}
