"""Whose address a throttle counts: the socket's, unless the operator says how many proxies in front of the
portal may be trusted (TRUSTED_PROXY_COUNT). A client cannot pick a fresh address per request by sending a
made-up X-Forwarded-For, neither past the token endpoint's rate nor past the sign-in lockout."""
import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from smartcity.net import client_ip
from tests.conftest import PASSWORD

TOKEN = "/api/v1/auth/token/"
LOGIN = "/accounts/login/"


def made_up(i):
    return f"198.51.100.{i + 1}"


def test_without_trusted_proxies_a_made_up_forwarded_for_does_not_escape_the_token_throttle(world):
    assert settings.TRUSTED_PROXY_COUNT == 0
    client = APIClient()
    answers = [client.post(TOKEN, {"username": "bantul", "password": PASSWORD}, format="json",
                           HTTP_X_FORWARDED_FOR=made_up(i)).status_code for i in range(15)]

    assert answers == [200] * 10 + [429] * 5


def test_without_trusted_proxies_a_made_up_forwarded_for_does_not_escape_the_sign_in_lockout(world):
    client = Client()
    for i in range(5):
        client.post(LOGIN, {"username": "bantul", "password": "salah-sandi"}, HTTP_X_FORWARDED_FOR=made_up(i))

    right_password = client.post(LOGIN, {"username": "bantul", "password": PASSWORD},
                                 HTTP_X_FORWARDED_FOR=made_up(99))

    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_behind_one_trusted_proxy_each_client_is_counted_by_the_address_the_proxy_saw(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The proxy appends the address it saw; whatever the client wrote before it is not trusted.
    first = APIClient(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 203.0.113.10")
    for _ in range(10):
        assert first.post(TOKEN, {"username": "bantul", "password": PASSWORD}, format="json").status_code == 200
    assert first.post(TOKEN, {"username": "bantul", "password": PASSWORD}, format="json").status_code == 429
    # The same client cannot escape by changing what it writes in front of the proxy's entry …
    spoofing = APIClient(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.77, 203.0.113.10")
    assert spoofing.post(TOKEN, {"username": "bantul", "password": PASSWORD}, format="json").status_code == 429
    # … while another client behind the same proxy is counted on its own.
    second = APIClient(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.11")
    assert second.post(TOKEN, {"username": "bantul", "password": PASSWORD}, format="json").status_code == 200


def test_behind_one_trusted_proxy_the_lockout_holds_for_the_address_the_proxy_saw(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    locked = Client(REMOTE_ADDR="10.0.0.2")
    for i in range(5):
        locked.post(LOGIN, {"username": "bantul", "password": "salah-sandi"},
                    HTTP_X_FORWARDED_FOR=f"{made_up(i)}, 203.0.113.10")
    assert locked.post(LOGIN, {"username": "bantul", "password": PASSWORD},
                       HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 429

    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(LOGIN, {"username": "bantul", "password": PASSWORD},
                      HTTP_X_FORWARDED_FOR="203.0.113.11").status_code == 302


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (0, "203.0.113.1", "10.0.0.2"),
    (1, None, "10.0.0.2"),
    (1, "203.0.113.1", "203.0.113.1"),
    (1, "192.0.2.1, 203.0.113.1", "203.0.113.1"),
    (2, "192.0.2.1, 203.0.113.1, 10.0.0.3", "203.0.113.1"),
    (2, "203.0.113.1", "203.0.113.1"),
    (1, "not-an-address", "10.0.0.2"),
    (1, "  2001:db8::1 ", "2001:db8::1"),
])
def test_client_ip_trusts_only_the_entries_written_by_the_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **extra)

    assert client_ip(request) == expected
