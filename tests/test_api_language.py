"""Every message in Bahasa Indonesia when the language is `id` (the default), English when it is `en`:
the API's own and DRF's, and the login error."""
import pytest
from django.test import Client
from django.urls import reverse

from tests.programmes.conftest import build_plans

MASTERPLANS = "/api/v1/masterplans/"


@pytest.fixture
def plans(world):
    return build_plans(world)


def post_bad_programme(api_as, plans, **headers):
    return api_as("bantul").post("/api/v1/programmes/", {
        "masterplan": plans.masterplans["34.02"].pk, "code": "X-1", "name": "Program", "dimension": "governance",
        "term": "short", "start_year": "dua ribu", "end_year": 2024,
        "funding_source": "apbd_kabkota", "opd": [1]}, format="json", **headers)


@pytest.mark.parametrize(("headers", "expected"), [
    ({}, {"start_year": "Nilai bidang ini harus berupa bilangan bulat.",
          "opd": "Tipe salah. Diharapkan nilai pk, diterima list."}),
    ({"HTTP_ACCEPT_LANGUAGE": "id"}, {"start_year": "Nilai bidang ini harus berupa bilangan bulat."}),
    ({"HTTP_ACCEPT_LANGUAGE": "en"}, {"start_year": "A valid integer is required.",
                                      "opd": "Incorrect type. Expected pk value, received list."}),
])
def test_drfs_field_errors_speak_the_requests_language(api_as, plans, headers, expected):
    response = post_bad_programme(api_as, plans, **headers)

    assert response.status_code == 400
    for field, message in expected.items():
        assert response.json()[field] == [message]


@pytest.mark.parametrize(("language", "message"), [
    ("id", "Objek dengan code=99.99 tidak ada."),
    ("en", "Object with code=99.99 does not exist."),
])
def test_an_unknown_region_code_is_named_in_the_requests_language(api_as, language, message):
    response = api_as("admin").post(MASTERPLANS, {"region": "99.99", "title": "Masterplan", "period_start": 2020,
                                                  "period_end": 2024}, format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response.json()["region"] == [message]


@pytest.mark.parametrize(("language", "message"), [
    ("id", "Metode \"DELETE\" tidak diizinkan."),
    ("en", "Method \"DELETE\" not allowed."),
])
def test_a_method_not_allowed_is_said_in_the_requests_language(api_as, plans, language, message):
    response = api_as("admin").delete(f"{MASTERPLANS}{plans.masterplans['34.02'].pk}/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 405
    assert response.json() == {"detail": message}


@pytest.mark.parametrize(("language", "message"), [
    ("id", "Token tidak valid."),
    ("en", "Invalid token."),
])
def test_a_bad_token_is_said_in_the_requests_language(world, language, message):
    response = Client().get(MASTERPLANS, HTTP_AUTHORIZATION="Token nope", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 401
    assert response.json() == {"detail": message}


def test_the_indonesian_login_error_names_the_username_field_once(world):
    response = Client().post(reverse("login"), {"username": "bantul", "password": "salah"})

    text = response.content.decode()
    assert "Masukkan nama pengguna dan kata sandi yang benar." in text
    assert "nama pengguna nama pengguna" not in text


def test_the_english_login_error_is_djangos(world, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(reverse("login"), {"username": "bantul", "password": "wrong"})

    assert "Please enter a correct username and password." in response.content.decode()


def test_the_indonesian_admin_login_error_names_the_username_field_once(world):
    response = Client().post(reverse("admin:login"), {"username": "bantul", "password": "salah"})

    text = response.content.decode()
    assert "Masukkan nama pengguna dan kata sandi yang benar untuk akun administrasi." in text
    assert "nama pengguna nama pengguna" not in text
