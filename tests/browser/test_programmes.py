"""The programme table's inline status update in a real browser: the modal form, the row re-rendered
by htmx without a page load, and the programme page's timeline."""
import re

import pytest
from playwright.sync_api import expect

from programmes.models import ProgrammeUpdate
from tests.browser.test_foundation import sign_in
from tests.programmes.conftest import build_plans

pytestmark = pytest.mark.browser


def test_bantul_posts_a_stalled_update_from_the_table_and_finds_it_in_the_timeline(page, world, live_host):
    plans = build_plans(world)
    programme = plans.programmes["BTL-QW-01"]  # the quick win, with no update yet
    pk = programme.pk

    sign_in(page, "bantul")
    expect(page.locator("[data-testid=todo]")).to_be_visible()
    page.goto("/programmes/")
    row = page.locator(f"#programme-{pk}")
    expect(row).to_contain_text("BTL-QW-01")
    expect(page.locator("#programme-table")).not_to_contain_text("SLM-QW-01")
    page.evaluate("window.__marker = 1")

    # "Post update" on the row opens the form in the modal, loaded by htmx.
    row.locator("a[hx-get]").click()
    modal = page.locator("#update-modal")
    form = modal.locator(f"form#update-form-{pk}")
    expect(form).to_be_visible()
    form.locator("select[name=status]").select_option("stalled")
    form.locator("input[name=progress]").fill("30")
    form.locator("select[name=constraint_category]").select_option("budget")
    form.locator("textarea[name=constraint]").fill("refocusing anggaran")
    form.locator("button[type=submit]").click()

    # The modal confirms, and the row shows the stalled status: swapped in place, no page load.
    expect(modal.locator(".update-saved .alert-success")).to_be_visible()
    expect(row).to_have_class(re.compile(r"\brow-updated\b"))
    expect(row.locator(".status-badge")).to_have_class(re.compile(r"\btext-bg-warning\b"))
    assert page.evaluate("window.__marker") == 1
    expect(page).to_have_url(re.compile(r"/programmes/$"))

    update = ProgrammeUpdate.objects.get(programme_id=pk)
    assert (update.status, update.progress, update.constraint_category, update.constraint) == (
        "stalled", 30, "budget", "refocusing anggaran")
    assert update.author == world.users["bantul"]
    assert plans.programme("BTL-QW-01").current_update_id == update.pk
    expect(row.locator(".status-badge")).to_have_text(update.get_status_display())

    # "Open the programme" in the modal: the programme page's timeline tells the story.
    modal.locator(f'.update-saved a[href="/programmes/{pk}/"]').click()
    expect(page).to_have_url(re.compile(rf"/programmes/{pk}/$"))
    timeline = page.locator("#update-timeline")
    expect(timeline).to_contain_text("refocusing anggaran")
    expect(timeline.locator("li.tl-stalled")).to_have_count(1)
    assert page.requested_hosts == {live_host}
