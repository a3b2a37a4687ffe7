"""With DEBUG on (the embedded default) a missing page, a page outside the user's scope and a failure show the
portal's own 404/400/500 pages, as production does; Django's technical pages (URL patterns, tracebacks,
settings) only when a developer asks for them with DEBUG_TECHNICAL_PAGES."""
import pytest
from django.test import Client

from tests.programmes.conftest import build_plans

TECHNICAL = ("Django tried these URL patterns", "Raised by:", "Traceback", "DEBUG = True", "Request Method:")


def template_names(response):
    return [t.name for t in response.templates]


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_PAGES = False
    return settings


def test_a_region_outside_the_users_scope_shows_the_portals_404_page_with_debug_on(debug_on, client_as):
    response = client_as("sleman").get("/regions/34.02/")

    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert "Halaman tidak ditemukan" in response.content.decode()
    assert not any(marker in response.content.decode() for marker in TECHNICAL)


def test_a_record_the_user_may_see_but_not_change_shows_the_portals_403_page_with_debug_on(debug_on, world,
                                                                                           client_as):
    plans = build_plans(world)
    response = client_as("kementerian").get(f"/masterplans/{plans.masterplans['34.02'].pk}/edit/")

    assert response.status_code == 403
    assert "403.html" in template_names(response)
    assert not any(marker in response.content.decode() for marker in TECHNICAL)


def test_an_unknown_address_shows_the_portals_404_page_with_debug_on(debug_on, client_as):
    response = client_as("bantul").get("/tidak-ada/sama-sekali/")

    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert not any(marker in response.content.decode() for marker in TECHNICAL)


def test_an_unknown_api_address_answers_json_with_debug_on(debug_on, api_as):
    response = api_as("bantul").get("/api/v1/tidak-ada/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_failing_view_shows_the_portals_500_page_with_debug_on_and_still_logs_the_traceback(debug_on, world,
                                                                                             caplog):
    debug_on.ROOT_URLCONF = "tests.platform.urls_broken"
    client = Client(raise_request_exception=False)

    response = client.get("/broken/", HTTP_ACCEPT="text/html")

    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.content.decode()
    assert not any(marker in response.content.decode() for marker in TECHNICAL)
    assert any(record.exc_info and "a bug in a view" in str(record.exc_info[1]) for record in caplog.records)
    plain = client.get("/broken/", HTTP_ACCEPT="text/plain")
    assert plain.status_code == 500
    assert "Traceback" not in plain.content.decode() and "a bug in a view" not in plain.content.decode()


def test_a_refused_request_shows_a_plain_400_page_with_debug_on(debug_on, world):
    debug_on.ROOT_URLCONF = "tests.platform.urls_broken"

    response = Client(raise_request_exception=False).get("/suspicious/", HTTP_ACCEPT="text/html")

    assert response.status_code == 400
    assert not any(marker in response.content.decode() for marker in TECHNICAL)
    assert "a request the portal refuses" not in response.content.decode()


def test_a_developer_who_asks_gets_the_technical_pages(debug_on, client_as):
    debug_on.DEBUG_TECHNICAL_PAGES = True
    debug_on.ROOT_URLCONF = "tests.platform.urls_broken"

    missing = client_as("sleman").get("/regions/34.02/")
    unknown = client_as("sleman").get("/tidak-ada/")
    client = client_as("sleman")
    client.raise_request_exception = False
    broken = client.get("/broken/", HTTP_ACCEPT="text/html")

    assert missing.status_code == 404 and "Raised by:" in missing.content.decode()
    assert unknown.status_code == 404 and "Django tried these URL patterns" in unknown.content.decode()
    assert broken.status_code == 500 and "a bug in a view" in broken.content.decode()


def test_with_debug_off_the_pages_are_the_portals_as_before(client_as):
    response = client_as("sleman").get("/regions/34.02/")

    assert response.status_code == 404
    assert "404.html" in template_names(response)
