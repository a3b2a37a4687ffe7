"""The national dashboard in a real browser: the ministry filters by province and drills down to a region."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_foundation import sign_in
from tests.dashboards.conftest import build_dashboard_data

pytestmark = pytest.mark.browser


def test_the_ministry_filters_the_national_dashboard_by_province_and_drills_down_to_bantul(page, world,
                                                                                             live_host):
    build_dashboard_data(world)
    sign_in(page, "kementerian")
    page.get_by_role("link", name="Dasbor", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("h1")).to_have_text("Dasbor nasional")
    expect(page.get_by_test_id("figure-programmes").locator(".figure-value")).to_have_text("9")
    expect(page.locator("svg.chart-svg").first).to_be_visible()

    page.locator("select[name=province]").select_option("34")
    page.get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile(r"/dashboard/\?(.*&)?province=34(&|$)"))
    expect(page.get_by_test_id("figure-programmes").locator(".figure-value")).to_have_text("6")
    table = page.get_by_test_id("groups-table")
    expect(table).not_to_contain_text("Bojonegoro")

    table.get_by_role("link", name="Kabupaten Bantul").click()
    expect(page).to_have_url(re.compile(r"/dashboard/regions/34\.02/"))
    expect(page.locator("h1")).to_have_text("Dasbor Kabupaten Bantul")
    expect(page.get_by_test_id("figure-index").locator(".figure-value")).to_have_text("3,40")
    # The data table behind a chart opens for those who want the figures.
    page.locator("details.chart-data summary").first.click()
    expect(page.locator("details.chart-data table").first).to_be_visible()
    assert page.requested_hosts == {live_host}
