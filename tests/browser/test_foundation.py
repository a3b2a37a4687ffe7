"""The foundation seen through a real browser: sign in, language, refusal, and a portal that needs no CDN."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests import clock
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form:not(#language-form) button[type=submit]")
    # The page the sign-in lands on, loaded with its deferred scripts: typing into the header's search before
    # search.js has run went unheard on a loaded machine (no suggestions ever came).
    page.wait_for_load_state()


def test_bantul_signs_in_lands_on_bantul_in_indonesian_switches_to_english_and_is_refused_sleman(
        page, world, live_host):
    sign_in(page, "bantul")

    # Lands on the to-do home; "Daerah saya" leads to Bantul's page, in Bahasa Indonesia.
    expect(page.locator("[data-testid=todo]")).to_be_visible()
    page.get_by_role("link", name="Daerah saya", exact=True).click()
    expect(page).to_have_url(re.compile(r"/regions/34\.02/$"))
    expect(page.locator("h1")).to_have_text("Kabupaten Bantul")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("#language-select")).to_have_value("id")
    expect(page.get_by_text("7 Juni 2018").first).to_be_visible()                # Django's month names
    expect(page.locator(".badge-kind")).to_have_text("Kabupaten")                  # our catalogue
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()              # our catalogue

    # Switches to English: the select submits itself and the same page comes back in English.
    page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/regions/34\.02/$"))
    expect(page.locator("#language-select")).to_have_value("en")
    expect(page.locator(".badge-kind")).to_have_text("Regency")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_text("7 June 2018").first).to_be_visible()

    # Sleman's edit page is refused: Bantul's staff may not even see Sleman (404), and nothing changed.
    before = world.enrolment("34.04")
    response = page.goto("/regions/34.04/enrolment/edit/")
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Page not found")
    assert page.locator("form input[name=mou_number]").count() == 0
    after = world.enrolment("34.04")
    assert (after.version, after.notes) == (before.version, before.notes)

    assert page.requested_hosts == {live_host}


def test_bantul_saves_the_enrolment_and_a_stale_form_is_refused_in_the_browser(page, world):
    sign_in(page, "bantul")
    page.goto("/regions/34.02/enrolment/edit/")
    page.fill("textarea[name=notes]", "Disimpan lewat peramban.")
    page.click("form.card button[type=submit]")
    expect(page).to_have_url(re.compile(r"/regions/34\.02/$"))
    assert world.enrolment("34.02").notes == "Disimpan lewat peramban."

    # Two tabs on the same form: the second save is refused and the first one's data is kept.
    page.goto("/regions/34.02/enrolment/edit/")
    other = page.context.new_page()
    other.goto("/regions/34.02/enrolment/edit/")
    other.fill("textarea[name=notes]", "Tab pertama menang.")
    other.click("form.card button[type=submit]")
    expect(other).to_have_url(re.compile(r"/regions/34\.02/$"))
    page.fill("textarea[name=notes]", "Tab kedua kalah.")
    page.click("form.card button[type=submit]")

    expect(page).to_have_url(re.compile(r"/regions/34\.02/enrolment/edit/$"))
    expect(page.locator("form.card .text-danger").first).to_be_visible()
    assert world.enrolment("34.02").notes == "Tab pertama menang."


def test_swagger_ui_loads_without_a_single_request_to_another_host(page, world, live_host):
    sign_in(page, "bantul")

    page.goto("/api/docs/")

    # A large schema, parsed in the browser: give it time on a busy machine.
    expect(page.locator("#swagger-ui .info .title")).to_contain_text("Monev Smart City API", timeout=30_000)
    expect(page.locator('#swagger-ui .opblock-summary-path[data-path="/api/v1/regions/"]').first).to_be_visible()
    assert page.requested_hosts == {live_host}


def test_the_browser_reads_the_suites_pinned_clock(page, world):
    page.goto("/accounts/login/")
    before = clock.now()
    seen = dt.datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, dt.UTC)
    assert abs(seen - before) < dt.timedelta(minutes=1)
