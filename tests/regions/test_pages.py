"""Region pages: the scoped list with its filters, a region's page, the enrolment form and its versioning."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.models import Enrolment, Region
from tests.conftest import enrolment_form_data

LIST = reverse("regions:region_list")


def detail(code):
    return reverse("regions:region_detail", args=[code])


def edit(code):
    return reverse("regions:enrolment_edit", args=[code])


def listed_codes(response):
    return [region.code for region in response.context["object_list"]]


def template_names(response):
    return [t.name for t in response.templates]


# --- the list ------------------------------------------------------------------------------------------


def test_region_staff_sees_only_their_own_region_in_the_list(client_as):
    response = client_as("bantul").get(LIST)

    assert response.status_code == 200
    assert listed_codes(response) == ["34.02"]
    assert "Kabupaten Sleman" not in response.content.decode()


def test_province_officer_sees_the_province_and_its_kabupaten_kota_in_the_list(client_as):
    response = client_as("diy").get(LIST)

    assert listed_codes(response) == ["34", "34.01", "34.02", "34.03", "34.04", "34.71"]


@pytest.mark.parametrize("persona", ["admin", "kementerian"])
def test_national_users_see_every_region_in_the_list(client_as, world, persona):
    response = client_as(persona).get(LIST)

    assert listed_codes(response) == sorted(world.regions)


@pytest.mark.parametrize("persona", ["penilai", "outsider"])
def test_a_user_without_a_region_sees_an_empty_list(client_as, persona):
    response = client_as(persona).get(LIST)

    assert response.status_code == 200
    assert listed_codes(response) == []


def test_the_public_is_sent_to_sign_in_from_the_list(client_as):
    response = client_as(None).get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("query", "codes"), [
    ({"search": "sleman"}, ["34.04"]),
    ({"search": "34.0"}, ["34.01", "34.02", "34.03", "34.04"]),
    ({"kind": "city"}, ["32.76", "34.71", "35.71", "35.78"]),
    ({"kind": "province"}, ["32", "33", "34", "35"]),
    ({"province": "35"}, ["35", "35.22", "35.71", "35.78"]),
    ({"cohort": "2017"}, ["34.04", "35.22"]),
    ({"province": "34", "cohort": "2018"}, ["34.01", "34.02", "34.71"]),
])
def test_the_region_list_filters_by_search_kind_province_and_cohort(client_as, query, codes):
    response = client_as("kementerian").get(LIST, query)

    assert response.status_code == 200
    assert listed_codes(response) == codes


def test_filters_never_widen_the_users_scope(client_as):
    response = client_as("bantul").get(LIST, {"province": "34"})

    assert listed_codes(response) == ["34.02"]


@pytest.mark.parametrize("query", [{"cohort": "abc"}, {"kind": "village"}, {"province": "99"}, {"province": "34.02"}])
def test_an_invalid_filter_answers_the_list_with_no_rows_and_the_filter_errors(client_as, query):
    response = client_as("kementerian").get(LIST, query)

    assert response.status_code == 200
    assert listed_codes(response) == []
    assert response.context["filterset"].errors


# --- a region's page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["99.99", "34.99", "abc"])
def test_an_unknown_region_code_answers_the_portal_404_page(client_as, code):
    for url in (detail(code), edit(code)):
        response = client_as("admin").get(url)

        assert response.status_code == 404
        assert "404.html" in template_names(response)
        assert '<html lang="id">' in response.content.decode()


def test_region_page_shows_the_enrolment_milestones_and_an_edit_button_to_its_own_staff(client_as):
    response = client_as("bantul").get(detail("34.02"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kabupaten Bantul" in html
    assert "55/MoU. KP/KHM/2018" in html
    assert f'href="{edit("34.02")}"' in html


@pytest.mark.parametrize(("persona", "code"), [("diy", "34.02"), ("kementerian", "34.02"), ("sleman", "34.04")])
def test_the_edit_button_shows_only_to_those_who_may_edit(client_as, world, persona, code):
    html = client_as(persona).get(detail(code)).content.decode()

    may_edit = persona == "sleman"
    assert (f'href="{edit(code)}"' in html) is may_edit


def test_the_province_page_lists_the_kabupaten_kota_the_user_may_see(client_as):
    response = client_as("diy").get(detail("34"))

    assert [child.code for child in response.context["children"]] == ["34.01", "34.02", "34.03", "34.04", "34.71"]
    assert response.context["children_summary"] == {"total": 5, "enrolled": 5}
    assert f'href="{edit("34")}"' in response.content.decode()


# --- editing an enrolment ----------------------------------------------------------------------------------


def test_the_edit_form_carries_the_version_it_was_loaded_at(client_as, world):
    enrolment = world.enrolment("34.02")
    Enrolment.objects.filter(pk=enrolment.pk).update(version=7)

    response = client_as("bantul").get(edit("34.02"))

    assert response.status_code == 200
    assert 'name="version" value="7"' in response.content.decode()


def test_region_staff_saves_their_enrolment_and_the_change_is_in_the_history_with_their_name(client_as, world):
    client = client_as("bantul")
    data = enrolment_form_data(world.enrolment("34.02"), council_decree_number="188/0402/KEP/2018",
                               council_decree_date="2018-07-17")

    response = client.post(edit("34.02"), data)

    assert response.status_code == 302 and response["Location"] == detail("34.02")
    enrolment = world.enrolment("34.02")
    assert enrolment.council_decree_number == "188/0402/KEP/2018"
    assert enrolment.council_decree_date == dt.date(2018, 7, 17)
    assert enrolment.version == 2
    page = client.get(detail("34.02"))
    history = page.context["history"]
    assert history[0]["who"] == world.users["bantul"]
    assert "188/0402/KEP/2018" in [change["new"] for change in history[0]["changes"]]
    assert "Sri Wahyuni" in page.content.decode()


def test_the_history_shows_a_cohort_change_as_years_not_as_quantities(client_as, world):
    client = client_as("admin")
    client.post(edit("34.02"), enrolment_form_data(world.enrolment("34.02"), cohort_year=2019))

    html = client.get(detail("34.02")).content.decode()

    assert "2018 → 2019" in html
    assert "2.018" not in html and "2.019" not in html


def test_region_staff_cannot_change_their_cohort_through_the_form(client_as, world):
    data = enrolment_form_data(world.enrolment("34.02"), cohort_year=2017, notes="cohort moved?")

    response = client_as("bantul").post(edit("34.02"), data)

    assert response.status_code == 302
    enrolment = world.enrolment("34.02")
    assert enrolment.cohort_year == 2018
    assert enrolment.notes == "cohort moved?"


def test_the_national_secretariat_changes_a_regions_cohort(client_as, world):
    data = enrolment_form_data(world.enrolment("34.02"), cohort_year=2019)

    response = client_as("admin").post(edit("34.02"), data)

    assert response.status_code == 302
    assert world.enrolment("34.02").cohort_year == 2019


@pytest.mark.parametrize(("changes", "field"), [
    ({"bimtek_2_date": "2018-01-01"}, "bimtek_2_date"),            # before the first session
    ({"council_decree_number": "", "council_decree_date": "2018-07-17"}, "council_decree_number"),
    ({"mou_date": "31-31-2018"}, "mou_date"),                      # not a date
])
def test_an_invalid_enrolment_form_is_shown_again_with_errors_and_nothing_is_saved(
        client_as, world, unchanged, changes, field):
    client = client_as("bantul")
    data = enrolment_form_data(world.enrolment("34.02"), **changes)

    with unchanged():
        response = client.post(edit("34.02"), data)

    assert response.status_code == 200
    assert "regions/enrolment_form.html" in template_names(response)
    assert field in response.context["form"].errors
    assert "is-invalid" in response.content.decode()


def test_a_stale_version_is_a_form_error_and_the_newer_data_is_kept(client_as, world):
    client = client_as("bantul")
    loaded = world.enrolment("34.02")
    # Someone else saves after the form was loaded.
    other = world.enrolment("34.02")
    other.notes = "Disimpan lebih dulu oleh rekan."
    other.save_versioned(other.version)

    response = client.post(edit("34.02"), enrolment_form_data(loaded, notes="Catatan saya."))

    assert response.status_code == 200
    assert "regions/enrolment_form.html" in template_names(response)
    errors = response.context["form"].non_field_errors()
    assert errors and errors[0] in response.content.decode()
    kept = world.enrolment("34.02")
    assert kept.notes == "Disimpan lebih dulu oleh rekan."
    assert kept.version == loaded.version + 1


def test_an_edit_without_a_version_is_refused_as_stale(client_as, world, unchanged):
    client = client_as("bantul")
    data = enrolment_form_data(world.enrolment("34.02"), notes="no version")
    del data["version"]

    with unchanged():
        response = client.post(edit("34.02"), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_the_national_secretariat_enrols_a_region_through_the_form(client_as, world):
    client = client_as("admin")
    page = client.get(edit("35"))
    assert page.status_code == 200
    data = {"cohort_year": 2024, "status": "active", "mou_number": "SP-35/MoU/2024", "mou_date": "2024-03-05"}

    response = client.post(edit("35"), data)

    assert response.status_code == 302
    enrolment = world.enrolment("35")
    assert (enrolment.cohort_year, enrolment.version) == (2024, 1)
    assert enrolment.history.count() == 1


def test_region_staff_may_not_enrol_their_region(client_as, world, unchanged):
    Enrolment.objects.filter(region_id="34.02").delete()
    client = client_as("bantul")
    assert f'href="{edit("34.02")}"' not in client.get(detail("34.02")).content.decode()

    with unchanged():
        get = client.get(edit("34.02"))
        post = client.post(edit("34.02"), {"cohort_year": 2018, "mou_number": "x"})

    assert (get.status_code, post.status_code) == (403, 403)
    assert "403.html" in template_names(post)
    assert not Enrolment.objects.filter(region_id="34.02").exists()


# --- query counts ----------------------------------------------------------------------------------------


def add_regencies(start, count, province="34"):
    """`count` more kabupaten in `province`, every other one enrolled."""
    regions = Region.objects.bulk_create(
        Region(code=f"{province}.{start + i}", name=f"Kabupaten Uji {start + i}", kind="regency", parent_id=province)
        for i in range(count))
    Enrolment.objects.bulk_create(
        Enrolment(region=region, cohort_year=2021, mou_number=f"{region.code}/MoU", mou_date=dt.date(2021, 3, 30))
        for region in regions[::2])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["admin", "diy"])
def test_the_region_list_runs_the_same_number_of_queries_for_5_or_50_regions(client_as, persona):
    client = client_as(persona)
    add_regencies(100, 5)
    few = count_queries(client, LIST)
    add_regencies(200, 45)
    many = count_queries(client, LIST)

    assert many == few


def test_a_province_page_runs_the_same_number_of_queries_for_5_or_50_kabupaten_kota(client_as):
    client = client_as("diy")
    add_regencies(100, 5)
    few = count_queries(client, detail("34"))
    add_regencies(200, 45)
    many = count_queries(client, detail("34"))

    assert many == few


def test_a_regions_page_runs_the_same_number_of_queries_for_a_short_or_long_history(client_as, world):
    client = client_as("bantul")
    enrolment = world.enrolment("34.02")
    for i in range(2):
        enrolment.notes = f"perubahan {i}"
        enrolment.save_versioned(enrolment.version)
    few = count_queries(client, detail("34.02"))
    for i in range(20):
        enrolment.notes = f"perubahan lagi {i}"
        enrolment.save_versioned(enrolment.version)
    many = count_queries(client, detail("34.02"))

    assert many == few


def test_region_page_of_an_enrolment_without_audit_history_shows_an_empty_history(client_as, world):
    # Found by the load test: enrolments inserted in bulk (imports, the bench) have no history rows.
    world.enrolment("34.02").history.all().delete()

    response = client_as("bantul").get(detail("34.02"))

    assert response.status_code == 200
    assert "Kabupaten Bantul" in response.content.decode()


def test_a_regions_page_lists_every_intake_and_each_has_its_own_edit_page(client_as, world):
    # Sleman (Tahap I, 2017) joined the 2021 intake too; its page leads with the first.
    later = Enrolment.objects.create(region_id="34.04", cohort_year=2021, mou_date=dt.date(2021, 5, 20),
                                     mou_place="daring", source="mediacenter.temanggungkab.go.id")
    client = client_as("sleman")

    page = client.get(detail("34.04"))
    form = client.get(reverse("regions:enrolment_change", args=["34.04", later.pk]))
    other = client.get(reverse("regions:enrolment_change", args=["34.02", later.pk]))

    assert page.context["enrolment"].cohort_year == 2017
    assert [e.cohort_year for e in page.context["enrolments"]] == [2017, 2021]
    html = page.content.decode()
    assert 'data-testid="intakes"' in html and reverse("regions:enrolment_change", args=["34.04", later.pk]) in html
    assert (form.status_code, form.context["form"].instance) == (200, later)
    assert other.status_code == 404
