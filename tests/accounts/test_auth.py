"""Signing in and out, where each role lands, login throttling (django-axes, DRF) and the language switch."""
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

LOGIN = reverse("login")
LOGOUT = reverse("logout")
TOKEN = "/api/v1/auth/token/"
SETLANG = reverse("set_language")

# Every role lands on its to-do home (accounts/todo.py); the part each one sees first.
LANDINGS = [
    ("admin", "national"),
    ("kementerian", "national"),
    ("diy", "verify"),
    ("bantul", "todo"),
    ("sleman", "todo"),
]


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def is_signed_in(client):
    return "_auth_user_id" in client.session


# --- signing in and landing --------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "landing"), LANDINGS)
def test_each_role_signs_in_and_lands_where_its_work_is(world, persona, landing):
    client = Client()

    response = sign_in(client, persona, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert response.status_code == 200
    assert f'data-testid="{landing}"' in response.content.decode()
    assert is_signed_in(client)


def test_an_assessor_without_assignments_lands_on_a_home_page_that_says_so(world, client_as):
    response = client_as("penilai").get(reverse("home"))

    assert response.status_code == 200
    assert "home_user.html" in [t.name for t in response.templates]
    assert response.context["is_assessor"] is True
    assert list(response.context["assignments"]) == []


def test_a_user_without_a_role_lands_on_a_home_page_that_says_so(world, client_as):
    response = client_as("outsider").get(reverse("home"))

    assert response.status_code == 200
    assert response.context["is_assessor"] is False
    assert "alert-info" in response.content.decode()


def test_signing_in_adds_nothing_to_the_users_audit_trail(world):
    # Only last_login changes on sign-in, and it is excluded from the user's history: a history row
    # per sign-in would bury the real changes (roles, names) under empty entries.
    bantul = world.users["bantul"]
    before = bantul.history.count()

    assert sign_in(Client(), "bantul").status_code == 302

    assert bantul.history.count() == before


def test_a_wrong_password_shows_the_form_again_with_an_error(world):
    client = Client()

    response = sign_in(client, "bantul", "salah-sandi")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not is_signed_in(client)


def test_a_signed_in_user_opening_the_login_page_goes_home(world, client_as):
    response = client_as("bantul").get(LOGIN)

    assert response.status_code == 302


def test_sign_in_follows_a_safe_next_and_ignores_an_external_one(world):
    region = reverse("regions:region_detail", args=["34.02"])
    client = Client()
    response = client.post(LOGIN, {"username": "bantul", "password": PASSWORD, "next": region})
    assert response["Location"] == region

    client = Client()
    response = client.post(LOGIN, {"username": "bantul", "password": PASSWORD, "next": "https://example.org/"})
    assert response["Location"] == reverse("home")


def test_signing_out_ends_the_session_and_the_portal_asks_to_sign_in_again(world, client_as):
    client = client_as("bantul")

    response = client.post(LOGOUT)

    assert response.status_code == 302 and response["Location"] == LOGIN
    assert not is_signed_in(client)
    again = client.get(reverse("regions:region_detail", args=["34.02"]))
    assert again.status_code == 302 and again["Location"].startswith(LOGIN)


def test_signing_out_by_get_is_refused(world, client_as):
    client = client_as("bantul")

    response = client.get(LOGOUT)

    assert response.status_code == 405
    assert is_signed_in(client)


# --- login throttling --------------------------------------------------------------------------------------


def test_five_failed_sign_ins_lock_the_account_from_that_address_even_with_the_right_password(world):
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    for _ in range(4):
        assert sign_in(client, "bantul", "salah-sandi").status_code == 200

    locked = sign_in(client, "bantul", "salah-sandi")
    right_password = sign_in(client, "bantul")

    assert locked.status_code == 429
    assert right_password.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in right_password.templates]
    assert not is_signed_in(client)


def test_a_lockout_holds_only_for_that_username_and_address(world):
    client = Client()
    for _ in range(5):
        sign_in(client, "bantul", "salah-sandi")

    other_user = Client()
    assert sign_in(other_user, "sleman").status_code == 302
    other_address = Client(REMOTE_ADDR="10.0.0.7")
    assert sign_in(other_address, "bantul").status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(world):
    client = Client()
    for _ in range(4):
        sign_in(client, "bantul", "salah-sandi")
    assert sign_in(client, "bantul").status_code == 302
    client.post(LOGOUT)

    for _ in range(4):
        assert sign_in(client, "bantul", "salah-sandi").status_code == 200
    assert sign_in(client, "bantul").status_code == 302


# --- API token ------------------------------------------------------------------------------------------------


def test_the_token_endpoint_gives_a_token_that_opens_the_api(world):
    client = APIClient()

    response = client.post(TOKEN, {"username": "bantul", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    regions = client.get("/api/v1/regions/").json()
    assert [r["code"] for r in regions["results"]] == ["34.02"]


def test_wrong_credentials_get_no_token(world, unchanged):
    client = APIClient()
    with unchanged():
        response = client.post(TOKEN, {"username": "bantul", "password": "salah-sandi"}, format="json")

    assert response.status_code == 400
    assert "token" not in response.json()


def test_the_token_endpoint_is_throttled_after_ten_requests_a_minute(world):
    client = APIClient()
    for _ in range(10):
        assert client.post(TOKEN, {"username": "bantul", "password": PASSWORD}, format="json").status_code == 200

    response = client.post(TOKEN, {"username": "bantul", "password": PASSWORD}, format="json")

    assert response.status_code == 429
    assert "token" not in response.json()
    assert "Retry-After" in response


def test_failed_token_requests_count_towards_the_sign_in_lockout(world):
    api = APIClient()
    for _ in range(5):
        api.post(TOKEN, {"username": "bantul", "password": "salah-sandi"}, format="json")

    token = api.post(TOKEN, {"username": "bantul", "password": PASSWORD}, format="json")
    form = sign_in(Client(), "bantul")

    assert token.status_code != 200 and "token" not in token.json()
    assert form.status_code == 429


# --- language ----------------------------------------------------------------------------------------------------


def test_the_portal_speaks_bahasa_indonesia_by_default(world):
    response = Client().get(LOGIN)

    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Sandi" in html               # Django's own catalogue: "Password"
    assert ">Masuk<" in html             # ours: "Sign in"


def test_region_page_in_bahasa_indonesia_shows_indonesian_kind_and_dates(client_as):
    html = client_as("bantul").get(reverse("regions:region_detail", args=["34.02"])).content.decode()

    assert '<html lang="id">' in html
    assert "7 Juni 2018" in html         # Django's month names, our DATE_FORMAT "j F Y"
    assert "Kabupaten</span>" in html    # ours: Region.Kind.REGENCY
    assert "Keluar" in html              # ours: "Sign out"


def test_switching_to_english_keeps_the_user_on_the_same_page(client_as):
    client = client_as("bantul")
    page = reverse("regions:region_detail", args=["34.02"])

    response = client.post(SETLANG, {"language": "en", "next": page})

    assert response.status_code == 302 and response["Location"] == page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(page).content.decode()
    assert '<html lang="en">' in html
    assert "7 June 2018" in html
    assert "Regency</span>" in html
    assert "Sign out" in html


def test_switching_back_to_bahasa_indonesia(client_as):
    client = client_as("bantul")
    client.post(SETLANG, {"language": "en", "next": "/"})

    client.post(SETLANG, {"language": "id", "next": "/"})

    assert '<html lang="id">' in client.get(reverse("regions:region_list")).content.decode()


def test_an_unknown_language_is_ignored(client_as):
    client = client_as("bantul")

    client.post(SETLANG, {"language": "xx", "next": "/"})

    assert '<html lang="id">' in client.get(reverse("regions:region_list")).content.decode()


# --- names longer than any account's ---------------------------------------------------------------------------


@pytest.mark.parametrize("length", [151, 256, 10_000])
def test_a_username_longer_than_any_accounts_is_a_field_error_on_the_token_endpoint_and_the_sign_in_page(
        world, length):
    from axes.models import AccessAttempt

    name = "x" * length
    response = APIClient().post(TOKEN, {"username": name, "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert "username" in response.json()

    page = sign_in(Client(), name)
    assert page.status_code == 200 and "username" in page.context["form"].errors
    admin_page = Client().post(reverse("admin:login"), {"username": name, "password": PASSWORD})
    assert admin_page.status_code == 200 and "username" in admin_page.context["form"].errors
    assert not AccessAttempt.objects.filter(username=name).exists()  # nothing looked up, nothing counted
