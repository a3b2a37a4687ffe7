"""The header's search box used with the keyboard alone, in Chromium: suggestions, arrows, Enter, Escape."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_foundation import sign_in
from tests.programmes.conftest import build_plans

pytestmark = pytest.mark.browser


@pytest.fixture
def plans(world):
    return build_plans(world)


def test_bantul_finds_a_programme_with_arrows_and_enter_and_escape_closes(page, plans, live_host):
    sign_in(page, "bantul")
    box = page.get_by_role("combobox", name="Cari daerah, program, OPD dan masterplan")
    box.focus()
    page.keyboard.type("pasar")
    listbox = page.get_by_role("listbox", name="Saran")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-search-status")).to_have_text(re.compile(r"^1 saran"))
    expect(listbox.get_by_role("option")).to_have_count(1)

    # Escape closes the list, Down opens it again and chooses the first suggestion; Enter opens it.
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # wraps round on the one option
    option = listbox.get_by_role("option", name=re.compile("Pasar Digital Bantul"))
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/programmes/{plans.programmes['BTL-ECO-03'].pk}/$"))
    expect(page.locator("h1")).to_contain_text("Pasar Digital Bantul")
    assert page.requested_hosts == {live_host}


def test_enter_without_a_choice_opens_the_results_page_and_sleman_stays_out_of_it(page, plans):
    sign_in(page, "bantul")
    box = page.locator("#site-search-input")
    box.focus()
    page.keyboard.type("bantul")
    expect(page.get_by_role("listbox")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cari/\?q=bantul$"))
    expect(page.locator("h1")).to_have_text("Hasil pencarian untuk “bantul”")
    expect(page.locator("#results-masterplan")).to_contain_text("Masterplan Smart City Kabupaten Bantul")
    expect(page.locator("main")).not_to_contain_text("Sleman")
    # A second Escape on a closed list empties the box.
    box.focus()
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(box).to_have_value("")


def test_the_search_works_without_script(chromium, live_server, plans):
    context = chromium.new_context(locale="id-ID", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "diy")
        page.fill("#site-search-input", "34.04")
        page.locator("form.site-search button[type=submit]").click()
        expect(page.locator("#results-region")).to_contain_text("Kabupaten Sleman")
        expect(page.locator("#site-search-input")).not_to_have_attribute("role", "combobox")
    finally:
        context.close()
