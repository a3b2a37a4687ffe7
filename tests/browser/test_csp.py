"""The Content-Security-Policy in a real browser: the main pages run with no violation reported,
neither in the console nor as a securitypolicyviolation event."""
import pytest
from playwright.sync_api import expect

from tests.browser.test_foundation import sign_in
from tests.evaluations.builders import make_cycle, make_evaluation, make_instrument
from tests.programmes.conftest import build_plans

pytestmark = pytest.mark.browser

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH)
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type in ("error", "warning") else None)
    return page


def violations(page):
    reported = page.evaluate("window.__cspViolations")
    console = [m for m in page.console_errors if "Content Security Policy" in m or "Refused to" in m]
    return reported + console


def test_the_main_pages_run_without_a_single_csp_violation(watched, world):
    plans = build_plans(world)
    programme = plans.programme("BTL-GOV-02")
    cycle = make_cycle(make_instrument(3))
    evaluation = make_evaluation(cycle, "34.02", assessors=[world.users["penilai"]], lead=world.users["penilai"])
    page = watched
    seen = {}

    page.goto("/accounts/login/")
    expect(page.locator("input[name=username]")).to_be_visible()
    seen["login"] = violations(page)

    sign_in(page, "bantul")
    expect(page.locator("[data-testid=todo]")).to_be_visible()  # home is region staff's to-do list
    seen["home (to-do list)"] = violations(page)

    for name, path, ready in [
        ("programme table", "/programmes/", "table"),
        ("programme page", f"/programmes/{programme.pk}/", "h1"),
        ("evaluation page (charts, report request)", f"/evaluations/{evaluation.pk}/", "h1"),
        ("self-assessment", f"/evaluations/{evaluation.pk}/self-assessment/", "form"),
        ("my reports", "/reports/", "h1"),
        ("region dashboard (charts)", "/dashboard/regions/34.02/", "h1"),
        ("Swagger UI", "/api/docs/", "#swagger-ui .info .title"),
    ]:
        page.goto(path)
        expect(page.locator(ready).first).to_be_visible(timeout=30_000)  # Swagger parses a large schema
        page.wait_for_load_state("networkidle")
        seen[name] = violations(page)

    page.context.clear_cookies()
    sign_in(page, "kementerian")
    for name, path in [("national dashboard (map, charts)", "/dashboard/"),
                       ("province dashboard", "/dashboard/provinces/34/")]:
        page.goto(path)
        expect(page.locator("h1").first).to_be_visible()
        page.wait_for_load_state("networkidle")
        seen[name] = violations(page)

    page.goto("/accounts/login/")
    page.context.clear_cookies()
    sign_in(page, "admin")
    page.goto("/admin/")
    expect(page.locator("#content")).to_be_visible()
    page.goto("/admin/programmes/programme/")
    expect(page.locator("#result_list")).to_be_visible()
    seen["admin"] = violations(page)

    assert {name: found for name, found in seen.items() if found} == {}
