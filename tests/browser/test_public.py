"""The public pages as an anonymous visitor in a real browser: the national map leads to a province, the
province's map to a kabupaten; nothing is fetched from another host. Screenshots at 1366 and 390 px go to
$SCREENSHOT_DIR when it is set (to be looked at), else to the test's temporary directory."""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.public.conftest import published_world  # noqa: F401 — the fixture

pytestmark = pytest.mark.browser


def shoot(page, name, tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_an_anonymous_visitor_follows_the_national_map_to_a_province_and_on_to_a_region(
        page, published_world, live_host, tmp_path):  # noqa: F811
    page.goto("/publik/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("banner").get_by_role("link", name="Masuk")).to_be_visible()
    expect(page.get_by_test_id("hero-sign-in")).to_have_attribute("href", "/accounts/login/")
    national = page.locator("svg.map-svg")
    expect(national).to_be_visible()
    shoot(page, "public-national", tmp_path)

    # Each linked province is focusable and named by its title; DIY leads to its public profile.
    diy = national.locator('a[href="/publik/daerah/34/"]')
    diy.focus()
    expect(diy).to_be_focused()
    page.keyboard.press("Enter")  # the keyboard follows the link (a click on DIY may hit Kota Yogyakarta's dot)
    expect(page).to_have_url(re.compile(r"/publik/daerah/34/$"))
    expect(page.locator("h1")).to_contain_text("Daerah Istimewa Yogyakarta")
    expect(page.locator("svg.map-svg")).to_be_visible()
    shoot(page, "public-province", tmp_path)

    bantul = page.locator('svg.map-svg a[href="/publik/daerah/34.02/"]')
    bantul.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/publik/daerah/34\.02/$"))
    expect(page.get_by_test_id("public-region-results")).to_contain_text("3,45")
    shoot(page, "public-region", tmp_path)

    assert page.requested_hosts == {live_host}


def overflow(page):
    """How far the page reaches beyond the viewport's width, and the widest elements that do (for the message)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('body *')].filter(e => {
            const r = e.getBoundingClientRect();
            if (r.right <= width + 0.5) return false;
            for (let p = e.parentElement; p; p = p.parentElement) {  // inside a box that scrolls on its own
                const s = getComputedStyle(p);
                if (['auto', 'scroll', 'hidden'].includes(s.overflowX)) return false;
            }
            return true;
        }).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
                                 + ' ' + Math.round(e.getBoundingClientRect().right));
        return {over: document.documentElement.scrollWidth - width, wide};
    }""")


@pytest.mark.parametrize("path", ["/", "/publik/", "/publik/daerah/34/", "/publik/daerah/34.02/"])
def test_no_public_page_is_wider_than_a_phone(page, published_world, path):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")  # the lists folded away too

    assert overflow(page) == {"over": 0, "wide": []}
