"""Forms that lose or hide work (issue 20), in a real browser and in Indonesian.

- Local drafts: what is typed into a long form is kept in this browser per user; after a submit that
  failed (the network cut, the session gone) the page offers it back; it is cleared once saved and at
  sign-out, and another user of the same browser never meets it.
- The survey counts typed without ticking "Disurvei" are counted, and typing one ticks the box.
- The update form's pre-fill of a stalled programme is posted unchanged without an error.
- The self-assessment keeps the valid answers, lists the refused one at the top with a link to it.
"""
import re

import pytest
from playwright.sync_api import expect

from evaluations.models import CitizenSurvey, SelfAssessment
from programmes.models import ProgrammeUpdate
from programmes.services import post_update
from tests.browser.test_foundation import sign_in
from tests.conftest import make_user
from tests.evaluations.builders import make_cycle, make_evaluation, make_instrument
from tests.programmes.conftest import build_plans

pytestmark = pytest.mark.browser

BANNER = "Peramban ini menyimpan isian Anda sebelumnya"


@pytest.fixture
def plans(world):
    return build_plans(world)


@pytest.fixture
def evaluation(world, plans):
    # The older survey rule (any three programmes): this draft's one quick win is not the 2023 rules' shape.
    cycle = make_cycle(make_instrument(3), "self_assessment")
    cycle.survey_rule = "overall"
    cycle.save(update_fields=["survey_rule"])
    return make_evaluation(cycle, "34.02")


def drafts(page):
    """The drafts left in the browser once the page has loaded: drafts.js runs at the end of the body, so a
    test that saw the page's banner may otherwise read the storage before the script cleared it."""
    page.wait_for_load_state("load")
    return page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('monev-draft:'))")


def count_input(page, programme, answer):
    return page.locator(f"#id_p{programme.pk}-{answer}")


def test_a_survey_typed_while_the_network_is_down_is_offered_back_and_saved(page, world, plans, evaluation):
    qw = plans.programmes["BTL-QW-01"]
    sign_in(page, "bantul")
    page.goto(f"/evaluations/{evaluation.pk}/survey/")
    count_input(page, qw, "puas").fill("12")
    # Counts mean surveyed: typing one ticks the programme's box.
    expect(page.locator(f"#id_p{qw.pk}-surveyed")).to_be_checked()
    count_input(page, qw, "tidak_puas").fill("3")
    page.get_by_label("Cara dan waktu pelaksanaan survei").fill("Survei tatap muka di MPP.")

    page.context.set_offline(True)
    page.get_by_role("button", name="Simpan survei").click(no_wait_after=True)
    page.wait_for_timeout(500)
    page.context.set_offline(False)
    assert not CitizenSurvey.objects.filter(evaluation=evaluation).exists()

    page.goto(f"/evaluations/{evaluation.pk}/survey/")
    banner = page.get_by_role("alert").filter(has_text=BANNER)
    expect(banner).to_be_visible()
    expect(count_input(page, qw, "puas")).to_have_value("")
    banner.get_by_role("button", name="Pulihkan").click()
    expect(count_input(page, qw, "puas")).to_have_value("12")
    expect(page.locator(f"#id_p{qw.pk}-surveyed")).to_be_checked()
    page.get_by_role("button", name="Simpan survei").click()

    expect(page.locator(".alert-success")).to_contain_text("Survei kepuasan masyarakat disimpan.")
    survey = CitizenSurvey.objects.get(evaluation=evaluation)
    assert survey.notes == "Survei tatap muka di MPP."
    assert [(r.programme_id, r.puas, r.tidak_puas) for r in survey.rows.all()] == [(qw.pk, 12, 3)]
    page.reload()
    expect(page.get_by_text(BANNER)).to_have_count(0)
    assert drafts(page) == []


def test_a_draft_outlives_an_expired_session_and_is_offered_after_the_new_sign_in(page, world, evaluation):
    sign_in(page, "bantul")
    page.goto(f"/evaluations/{evaluation.pk}/self-assessment/")
    first = evaluation.cycle.instrument.criteria.order_by("position").first()
    card = page.locator(f"#criterion-{first.code}")
    card.get_by_label(re.compile(r"^4 — ")).check()
    card.get_by_label("Penjelasan").fill("SK Dewan Smart City Nomor 12 Tahun 2025.")
    page.wait_for_timeout(500)

    page.context.clear_cookies()  # the session is gone: the save cannot land
    page.get_by_role("button", name="Simpan draf").click()
    assert not SelfAssessment.objects.filter(evaluation=evaluation).exists()

    sign_in(page, "bantul")
    page.goto(f"/evaluations/{evaluation.pk}/self-assessment/")
    page.get_by_role("alert").filter(has_text=BANNER).get_by_role("button", name="Pulihkan").click()
    expect(card.get_by_label("Penjelasan")).to_have_value("SK Dewan Smart City Nomor 12 Tahun 2025.")
    expect(card.get_by_label(re.compile(r"^4 — "))).to_be_checked()
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator(".alert-success")).to_contain_text("Draf disimpan")
    answer = SelfAssessment.objects.get(evaluation=evaluation, criterion=first)
    assert (answer.level, answer.explanation) == (4, "SK Dewan Smart City Nomor 12 Tahun 2025.")
    assert drafts(page) == []


def test_signing_out_clears_the_drafts(page, world, evaluation):
    sign_in(page, "bantul")
    page.goto(f"/evaluations/{evaluation.pk}/survey/")
    page.get_by_label("Cara dan waktu pelaksanaan survei").fill("Belum selesai")
    page.wait_for_timeout(500)
    assert len(drafts(page)) == 1

    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("link", name="Masuk")).to_be_visible()
    page.wait_for_timeout(500)  # no late write (the textarea's blur) brings it back
    assert drafts(page) == []


def test_another_user_of_the_same_browser_never_sees_a_draft(page, world, evaluation):
    make_user("bantul2", "region_staff", "34.02")
    sign_in(page, "bantul")
    page.goto(f"/evaluations/{evaluation.pk}/survey/")
    page.get_by_label("Cara dan waktu pelaksanaan survei").fill("Catatan pribadi Bantul")
    page.wait_for_timeout(500)
    page.context.clear_cookies()  # no sign-out: the next person simply signs in

    sign_in(page, "bantul2")
    page.goto(f"/evaluations/{evaluation.pk}/survey/")
    expect(page.get_by_label("Cara dan waktu pelaksanaan survei")).to_have_value("")
    page.wait_for_timeout(300)
    expect(page.get_by_text(BANNER)).to_have_count(0)


def test_the_update_form_of_a_stalled_programme_is_posted_unchanged(page, world, plans):
    programme = plans.programmes["BTL-QW-01"]
    post_update(world.users["bantul"], programme, {"year": 2025, "status": "stalled", "progress": 30,
                                                   "constraint_category": "budget",
                                                   "constraint": "Refocusing anggaran"})
    sign_in(page, "bantul")
    page.goto(f"/programmes/{programme.pk}/updates/new/")
    expect(page.get_by_label("Status", exact=True)).to_have_value("stalled")
    expect(page.get_by_label("Kategori kendala")).to_have_value("budget")

    page.get_by_role("button", name="Kirim laporan perkembangan").click()

    expect(page).to_have_url(re.compile(rf"/programmes/{programme.pk}/$"))
    assert ProgrammeUpdate.objects.filter(programme=programme).count() == 2


def test_a_refused_self_assessment_answer_is_listed_at_the_top_and_linked(page, world, evaluation):
    criteria = list(evaluation.cycle.instrument.criteria.order_by("position"))
    sign_in(page, "bantul")
    page.goto(f"/evaluations/{evaluation.pk}/self-assessment/")
    for criterion in criteria:
        page.locator(f"#criterion-{criterion.code}").get_by_label(re.compile(r"^3 — ")).check()
    page.locator(f"#criterion-{criteria[2].code}").get_by_label("Tautan bukti dukung").fill("bukan alamat web")
    page.get_by_role("button", name="Simpan draf").click()

    banner = page.get_by_test_id("refused-answers")
    expect(banner).to_contain_text("jawaban ditolak dan tidak disimpan; jawaban lainnya sudah disimpan")
    banner.get_by_role("link", name=re.compile(criteria[2].code)).click()
    expect(page).to_have_url(re.compile(rf"#criterion-{criteria[2].code}$"))
    expect(page.locator(f"#criterion-{criteria[2].code}")).to_be_in_viewport()
    expect(page.get_by_test_id("aspect-progress").first).to_contain_text("1/1 terjawab")
    assert SelfAssessment.objects.filter(evaluation=evaluation).count() == 2
