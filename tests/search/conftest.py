import pytest

from tests.programmes.conftest import build_plans, make_programme  # noqa: F401


@pytest.fixture
def plans(world):
    return build_plans(world)

# The browser fixtures (Debian's Chromium through Playwright against the live server).
from tests.browser.conftest import chromium, live_host, page  # noqa: E402, F401
