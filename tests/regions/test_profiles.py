"""The region's profile by year and its RPJMD: the API (who may write, bounds, versions, filters, query counts),
the region page, and the "Konteks daerah" box beside an evaluation's results."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Masterplan, Programme
from regions.models import RegionProfile, Rpjmd
from tests.evaluations.builders import make_cycle, make_evaluation, make_instrument

PROFILES = "/api/v1/region-profiles/"
RPJMDS = "/api/v1/rpjmds/"


def profile(code, year, **fields):
    values = {"population": 985_770, "apbd_murni": Decimal("2380000000000"), "pad": Decimal("517000000000"),
              "fiscal_capacity": "sedang", "ipm": Decimal("80.28"), "poverty_rate": Decimal("14.04"),
              "spbe_index": Decimal("3.12")} | fields
    return RegionProfile.objects.create(region_id=code, year=year, **values)


def body(code="34.02", year=2021, **fields):
    return {"region": code, "year": year, "population": 990120, "apbd_murni": "2380000000000.00",
            "apbd_perubahan": "2440000000000.00", "pad": "517000000000.00", "fiscal_capacity": "sedang",
            "ipm": "80.28", "poverty_rate": "14.04", "spbe_index": "3.12", "source": "BPS"} | fields


# --- the API ---------------------------------------------------------------------------------------------------

def test_region_staff_record_their_regions_profile_of_a_year(api_as):
    response = api_as("bantul").post(PROFILES, body(), format="json")

    assert response.status_code == 201, response.content
    stored = RegionProfile.objects.get(region_id="34.02", year=2021)
    assert stored.population == 990120 and stored.fiscal_capacity == "sedang"
    assert response.json()["apbd"] == "2440000000000.00"  # the perubahan, where there is one


@pytest.mark.parametrize(("persona", "code", "status"), [
    # a region the user cannot see is answered as one that does not exist (400), not 403
    ("sleman", "34.02", 400), ("diy", "34.02", 403), ("kementerian", "34.02", 403), ("penilai", "34.02", 403),
    ("outsider", "34.02", 403), (None, "34.02", 401), ("admin", "34.02", 201), ("diy", "34", 201),
])
def test_only_the_regions_own_staff_and_the_secretariat_write_its_profile(api_as, persona, code, status):
    response = api_as(persona).post(PROFILES, body(code), format="json")

    assert response.status_code == status
    assert RegionProfile.objects.filter(region_id=code).exists() is (status == 201)


@pytest.mark.parametrize(("field", "value"), [
    ("ipm", "101"), ("poverty_rate", "-1"), ("spbe_index", "5.5"), ("population", 100_000_001),
    ("apbd_murni", "-5"), ("fiscal_capacity", "kaya"), ("year", 1999), ("pad", "9000000000000"),
])
def test_a_figure_out_of_bounds_is_a_field_error_and_nothing_is_stored(api_as, field, value):
    response = api_as("bantul").post(PROFILES, body(**{field: value}), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not RegionProfile.objects.exists()


def test_a_second_profile_of_the_same_year_is_refused_on_the_year(api_as):
    profile("34.02", 2021)

    response = api_as("bantul").post(PROFILES, body(year=2021), format="json")

    assert response.status_code == 400
    assert "year" in response.json()
    assert RegionProfile.objects.count() == 1


def test_a_profile_without_any_figure_is_refused(api_as):
    response = api_as("bantul").post(PROFILES, {"region": "34.02", "year": 2021}, format="json")

    assert response.status_code == 400
    assert not RegionProfile.objects.exists()


def test_an_update_carries_the_version_and_a_stale_one_is_409(api_as):
    stored = profile("34.02", 2021)
    client = api_as("bantul")
    url = f"{PROFILES}{stored.pk}/"

    assert client.patch(url, {"ipm": "80.50", "version": 1}, format="json").status_code == 200
    stale = client.patch(url, {"ipm": "99.00", "version": 1}, format="json")

    assert stale.status_code == 409
    stored.refresh_from_db()
    assert stored.ipm == Decimal("80.50") and stored.version == 2


def test_the_region_of_a_profile_cannot_be_changed(api_as):
    stored = profile("34.02", 2021)

    response = api_as("admin").patch(f"{PROFILES}{stored.pk}/", {"region": "34.04", "version": 1}, format="json")

    assert response.status_code == 400
    assert RegionProfile.objects.get().region_id == "34.02"


def test_profiles_filter_by_region_province_and_year_within_what_the_user_sees(api_as):
    profile("34.02", 2021)
    profile("34.02", 2022)
    profile("34.04", 2021)
    profile("35.22", 2021)

    def listed(persona, **query):
        return [(r["region"], r["year"]) for r in api_as(persona).get(PROFILES, query).json()["results"]]

    assert listed("bantul") == [("34.02", 2022), ("34.02", 2021)]
    assert listed("diy", year=2021) == [("34.02", 2021), ("34.04", 2021)]
    assert listed("kementerian", province="35") == [("35.22", 2021)]
    assert listed("kementerian", region="34.04") == [("34.04", 2021)]
    assert listed("outsider") == []


@pytest.mark.parametrize("n", [1, 6])
def test_the_profile_list_reads_a_constant_number_of_queries(api_as, n):
    for year in range(2015, 2015 + n):
        profile("34.02", year)
        profile("34.04", year)
    client = api_as("kementerian")
    client.get(PROFILES)  # the token and the user once

    with CaptureQueriesContext(connection) as queries:
        response = client.get(PROFILES)

    assert response.json()["count"] == 2 * n
    assert len(queries) <= 6, [q["sql"] for q in queries]


def test_an_rpjmd_overlapping_another_of_the_region_is_refused(api_as):
    client = api_as("bantul")
    first = client.post(RPJMDS, {"region": "34.02", "period_start": 2021, "period_end": 2026,
                                 "regulation_number": "Perda Kabupaten Bantul Nomor 3 Tahun 2021",
                                 "regulation_date": "2021-08-05"}, format="json")
    overlapping = client.post(RPJMDS, {"region": "34.02", "period_start": 2024, "period_end": 2029}, format="json")
    too_long = client.post(RPJMDS, {"region": "34.02", "period_start": 2030, "period_end": 2040}, format="json")

    assert first.status_code == 201
    assert overlapping.status_code == 400 and "period_start" in overlapping.json()
    assert too_long.status_code == 400 and "period_end" in too_long.json()
    assert Rpjmd.objects.count() == 1


# --- the region page -------------------------------------------------------------------------------------------

def test_the_region_page_shows_the_latest_profile_the_years_and_the_rpjmd(client_as):
    profile("34.02", 2021, population=990_120)
    profile("34.02", 2022, population=995_264, fiscal_capacity="tinggi")
    Rpjmd.objects.create(region_id="34.02", period_start=2021, period_end=2026,
                         regulation_number="Perda Kabupaten Bantul Nomor 3 Tahun 2021",
                         regulation_date=dt.date(2021, 8, 5))

    response = client_as("bantul").get(reverse("regions:region_detail", args=["34.02"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="profile-population">995.264<' in html  # the latest year, in Indonesian figures
    assert 'data-testid="profile-years"' in html and "990.120" in html
    assert "2021–2026 (Perda Kabupaten Bantul Nomor 3 Tahun 2021, 5 Agustus 2021)" in html
    assert reverse("regions:profile_import", args=["34.02"]) in html


def test_the_import_button_shows_only_to_those_who_may_write_the_profile(client_as):
    url = reverse("regions:profile_import", args=["34.02"])

    assert url not in client_as("diy").get(reverse("regions:region_detail", args=["34.02"])).content.decode()
    assert url not in client_as("kementerian").get(reverse("regions:region_detail", args=["34.02"])).content.decode()


def test_the_region_page_counts_programmes_aligned_with_the_rpjmd(client_as):
    masterplan = Masterplan.objects.create(region_id="34.02", title="Masterplan Bantul", period_start=2019,
                                           period_end=2028)
    for code, aligned in [("A", "Program Penyelenggaraan Pemerintahan Berbasis Elektronik"), ("B", ""), ("C", "")]:
        Programme.objects.create(masterplan=masterplan, code=code, name=code, dimension="governance", term="short",
                                 start_year=2020, end_year=2021, rpjmd_programme=aligned)

    html = client_as("bantul").get(reverse("regions:region_detail", args=["34.02"])).content.decode()

    assert 'data-testid="rpjmd-alignment">1 dari 3 program' in html


# --- beside the evaluation ---------------------------------------------------------------------------------------

def test_the_evaluation_page_shows_the_regions_profile_of_the_evaluations_year(client_as):
    profile("34.02", 2025, population=1_001_000)
    profile("34.02", 2026, population=1_004_500)
    profile("34.02", 2027, population=1_009_000)
    evaluation = make_evaluation(make_cycle(make_instrument(3), year=2026), "34.02")

    html = client_as("bantul").get(reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()

    box = html[html.index('data-testid="region-context"'):]
    assert "1.004.500" in box[:3000]
    assert "1.009.000" not in html and "1.001.000" not in html


def test_without_a_profile_of_the_year_the_box_says_which_year_it_shows(client_as):
    profile("34.02", 2024, population=1_001_000)
    evaluation = make_evaluation(make_cycle(make_instrument(3), year=2026), "34.02")

    html = client_as("bantul").get(reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()

    assert "1.001.000" in html
    assert "Tidak ada profil untuk 2026; profil terakhir sebelumnya tahun 2024." in html
