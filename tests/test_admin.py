"""Django admin under the one policy: open to admin and ministry, changed only by the national secretariat."""
import pytest
from django.contrib.admin.utils import quote
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.models import Enrolment, Region
from tests.conftest import PASSWORD

INDEX = reverse("admin:index")


def enrolment_change(world, code):
    return reverse("admin:regions_enrolment_change", args=[world.enrolment(code).pk])


def admin_form_data(enrolment, **changes):
    data = {
        "region": enrolment.region_id,
        "cohort_year": enrolment.cohort_year,
        "status": enrolment.status,
        "version": enrolment.version,
        "_save": "Save",
    }
    for name in ("mou_number", "mou_place", "council_decree_number", "team_decree_number", "notes", "source"):
        data[name] = getattr(enrolment, name)
    for name in ("mou_date", "council_decree_date", "team_decree_date",
                 "bimtek_1_date", "bimtek_2_date", "bimtek_3_date", "bimtek_4_date"):
        value = getattr(enrolment, name)
        data[name] = value.isoformat() if value else ""
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["admin", "kementerian"])
def test_the_national_secretariat_and_the_ministry_open_the_admin_site(client_as, persona):
    response = client_as(persona).get(INDEX)

    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["diy", "bantul", "sleman", "penilai", "outsider", None])
def test_everyone_else_is_kept_out_of_the_admin_site(client_as, world, persona):
    for url in (INDEX, reverse("admin:regions_enrolment_changelist"), enrolment_change(world, "34.02")):
        response = client_as(persona).get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_national_secretariat_signs_in_through_the_admin_login_page(world):
    client = Client()

    response = client.post(reverse("admin:login") + f"?next={INDEX}",
                            {"username": "admin", "password": PASSWORD, "next": INDEX})

    assert response.status_code == 302
    assert response["Location"] == INDEX
    assert client.get(INDEX).status_code == 200


def test_the_ministry_sees_regions_and_enrolments_but_not_users_or_roles(client_as):
    client = client_as("kementerian")

    index = client.get(INDEX).content.decode()

    assert reverse("admin:regions_enrolment_changelist") in index
    assert reverse("admin:regions_region_changelist") in index
    assert reverse("admin:accounts_user_changelist") not in index
    assert reverse("admin:regions_roleassignment_changelist") not in index
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert client.get(reverse("admin:regions_roleassignment_changelist")).status_code == 403


def test_the_ministry_reads_an_enrolment_in_the_admin_but_may_not_change_it(client_as, world, unchanged):
    client = client_as("kementerian")
    url = enrolment_change(world, "34.02")
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()

    with unchanged():
        response = client.post(url, admin_form_data(world.enrolment("34.02"), notes="kementerian was here"))

    assert response.status_code == 403


def test_the_ministry_may_not_add_an_enrolment_in_the_admin(client_as, unchanged):
    client = client_as("kementerian")

    with unchanged():
        get = client.get(reverse("admin:regions_enrolment_add"))
        post = client.post(reverse("admin:regions_enrolment_add"), {"region": "35", "cohort_year": 2024})

    assert (get.status_code, post.status_code) == (403, 403)


def test_the_national_secretariat_changes_an_enrolment_in_the_admin_and_it_is_in_the_history(client_as, world):
    client = client_as("admin")
    url = enrolment_change(world, "34.02")

    response = client.post(url, admin_form_data(world.enrolment("34.02"), notes="Diperbarui sekretariat."))

    assert response.status_code == 302
    enrolment = world.enrolment("34.02")
    assert (enrolment.notes, enrolment.version) == ("Diperbarui sekretariat.", 2)
    assert enrolment.history.first().history_user == world.users["admin"]
    history = client.get(reverse("admin:regions_enrolment_history", args=[enrolment.pk]))
    assert history.status_code == 200


def test_a_stale_admin_edit_is_a_form_error_and_the_newer_data_is_kept(client_as, world, unchanged):
    client = client_as("admin")
    loaded = world.enrolment("34.02")
    other = world.enrolment("34.02")
    other.notes = "Disimpan lebih dulu oleh rekan."
    other.save_versioned(other.version)

    with unchanged():
        response = client.post(enrolment_change(world, "34.02"), admin_form_data(loaded, notes="Catatan saya."))

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert world.enrolment("34.02").notes == "Disimpan lebih dulu oleh rekan."


def test_no_one_deletes_a_region_in_the_admin(client_as, unchanged):
    client = client_as("admin")
    url = reverse("admin:regions_region_delete", args=[quote("34.02")])

    with unchanged():
        get = client.get(url)
        post = client.post(url, {"post": "yes"})

    assert (get.status_code, post.status_code) == (403, 403)


def test_the_national_secretariat_manages_users_and_their_roles(client_as, world):
    client = client_as("admin")

    users = client.get(reverse("admin:accounts_user_changelist"))
    bantul = client.get(reverse("admin:accounts_user_change", args=[world.users["bantul"].pk]))
    roles = client.get(reverse("admin:regions_roleassignment_changelist"))

    assert users.status_code == 200 and "bantul" in users.content.decode()
    assert bantul.status_code == 200
    assert roles.status_code == 200
    assert len(roles.context["cl"].result_list) == 6


def add_regencies(start, count, province="34"):
    regions = Region.objects.bulk_create(
        Region(code=f"{province}.{start + i}", name=f"Kabupaten Uji {start + i}", kind="regency", parent_id=province)
        for i in range(count))
    Enrolment.objects.bulk_create(Enrolment(region=region, cohort_year=2021) for region in regions)


@pytest.mark.parametrize("changelist", ["admin:regions_region_changelist", "admin:regions_enrolment_changelist"])
def test_admin_lists_run_the_same_number_of_queries_for_5_or_50_regions(client_as, changelist):
    client = client_as("kementerian")
    url = reverse(changelist)

    add_regencies(100, 5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_regencies(200, 45)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few)


def test_no_admin_list_prints_a_year_with_a_thousands_separator():
    """The admin prints an integer field as a number ("2.026"): every year column goes through year_column."""
    from django.contrib import admin as django_admin
    from django.db import models

    offenders = []
    for model, model_admin in django_admin.site._registry.items():
        for name in list(model_admin.list_display) + list(model_admin.readonly_fields):
            if not isinstance(name, str):
                continue
            try:
                field = model._meta.get_field(name)
            except Exception:
                continue
            if isinstance(field, models.IntegerField) and ("year" in name or name.startswith("period_")):
                offenders.append(f"{model.__name__}.{name}")
    assert not offenders, offenders


def test_the_cycle_list_writes_its_year_plainly(client_as, world):
    from tests.evaluations.builders import make_cycle, make_instrument

    make_cycle(make_instrument(), year=2026)
    body = client_as("admin").get(reverse("admin:evaluations_cycle_changelist")).content.decode()
    assert ">2026<" in body
    assert "2.026" not in body
