"""Debian's Chromium driven through Playwright against pytest-django's live server.

No `playwright install`: the wheel brings the driver, the browser is /usr/bin/chromium. A missing
browser is a failure, never a skip.
"""
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import clock

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` (never `playwright install`)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test need this.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do: 5 s failed on a loaded machine (a language switch's reload).
    expect.set_options(timeout=10_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context, in an Indonesian official's browser, that records every request it makes."""
    context = chromium.new_context(locale="id-ID", base_url=live_server.url)
    context.set_default_timeout(10_000)
    # The page's Date reads the suite's pinned clock too (it ticks on from there, timers run as usual).
    context.clock.install(time=clock.now())
    page = context.new_page()
    page.requested_hosts = set()
    page.on("request", lambda request: page.requested_hosts.add(urlsplit(request.url).netloc))
    yield page
    context.close()


@pytest.fixture
def live_host(live_server):
    return urlsplit(live_server.url).netloc
