"""A programme's pagu per budget year on the portal (add, change, remove) and in the admin: the policy's answer
per persona, field errors as 400 with nothing written, the version of the form read, and the confirmation a
pagu below the realised amount needs — the same rule as the API's, which is checked here too."""
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from programmes.models import Programme, ProgrammeBudget
from programmes.services import post_update

PROGRAMMES = "/api/v1/programmes/"


def new_url(programme):
    return f"/programmes/{programme.pk}/budgets/new/"


def edit_url(programme, year):
    return f"/programmes/{programme.pk}/budgets/{year}/"


def remove_url(programme, year):
    return f"/programmes/{programme.pk}/budgets/{year}/remove/"


def state():
    return (list(ProgrammeBudget.objects.order_by("pk").values()), ProgrammeBudget.history.count(),
            list(Programme.objects.order_by("pk").values_list("pk", "budget_planned", "version")))


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def gov(plans):
    """BTL-GOV-02 (2020–2024) with a pagu for 2024: Rp 200 juta, revised to Rp 160 juta; Rp 50 juta realised."""
    programme = plans.programme("BTL-GOV-02")
    ProgrammeBudget.objects.create(programme=programme, year=2024, pagu=Decimal("200000000"),
                                   pagu_revised=Decimal("160000000"), source="dak")
    return plans.programme("BTL-GOV-02")


def test_the_region_adds_a_budget_year_from_the_programme_page_and_the_planned_budget_follows(client_as, gov):
    client = client_as("bantul")
    page = client.get(gov.get_absolute_url()).content.decode()
    assert new_url(gov) in page and edit_url(gov, 2024) in page

    form = client.get(new_url(gov))
    assert form.status_code == 200
    # Only the programme's years without a pagu are offered.
    assert [y for y, _label in form.context["form"].fields["year"].choices] == [2020, 2021, 2022, 2023]
    assert form.context["form"]["source"].value() == "apbd_kabkota"  # the programme's, to start from

    response = client.post(new_url(gov), {"year": 2023, "pagu": "90.000.000", "source": "apbd_kabkota"})

    assert response.status_code == 302 and response["Location"].endswith("#budget-years")
    stored = ProgrammeBudget.objects.get(programme=gov, year=2023)
    assert (stored.pagu, stored.pagu_revised, stored.source) == (Decimal("90000000"), None, "apbd_kabkota")
    assert stored.history.get().history_user.username == "bantul"
    assert Programme.objects.get(pk=gov.pk).budget_planned == Decimal("250000000")  # 90 + 160 (revised)


def test_the_region_changes_a_year_with_the_version_it_read(client_as, gov):
    client = client_as("bantul")
    budget = ProgrammeBudget.objects.get(programme=gov, year=2024)
    form = client.get(edit_url(gov, 2024))
    assert form.context["form"].initial["pagu"] == Decimal("200000000")

    response = client.post(edit_url(gov, 2024), {"version": budget.version, "year": 2019, "pagu": "210000000",
                                                 "pagu_revised": "", "source": "apbn"})

    assert response.status_code == 302
    stored = ProgrammeBudget.objects.get(pk=budget.pk)
    # The year of a recorded pagu stays (remove it and add another instead).
    assert (stored.year, stored.pagu, stored.pagu_revised, stored.source, stored.version) == (
        2024, Decimal("210000000"), None, "apbn", budget.version + 1)
    assert Programme.objects.get(pk=gov.pk).budget_planned == Decimal("210000000")


def test_a_stale_version_is_a_form_error_and_writes_nothing(client_as, gov):
    client = english(client_as("bantul"))
    budget = ProgrammeBudget.objects.get(programme=gov, year=2024)
    client.post(edit_url(gov, 2024), {"version": budget.version, "pagu": "210000000", "source": "dak"})
    before = state()

    response = client.post(edit_url(gov, 2024), {"version": budget.version, "pagu": "100000000", "source": "dak"})

    assert response.status_code == 400
    assert "Someone else changed this budget year" in response.content.decode()
    assert state() == before


@pytest.mark.parametrize(("data", "field"), [
    ({"year": 2019, "pagu": "1000", "source": "apbn"}, "year"),  # outside the programme's years 2020–2024
    ({"year": 2024, "pagu": "1000", "source": "apbn"}, "year"),  # already recorded
    ({"year": 2023, "pagu": "", "source": "apbn"}, "pagu"),
    ({"year": 2023, "pagu": "-5", "source": "apbn"}, "pagu"),
    ({"year": 2023, "pagu": "banyak", "source": "apbn"}, "pagu"),
    ({"year": 2023, "pagu": "1000000000000001", "source": "apbn"}, "pagu"),
    ({"year": 2023, "pagu": "1000", "source": "apbd"}, "source"),  # the old value is no longer a choice
])
def test_bad_input_is_a_field_error_answered_400_and_nothing_is_written(client_as, gov, data, field):
    before = state()

    response = client_as("bantul").post(new_url(gov), data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert state() == before


def test_a_pagu_below_what_was_realised_needs_the_checkbox(client_as, world, gov):
    post_update(world.users["bantul"], gov, {"year": 2024, "status": "running", "progress": 60,
                                             "budget_realised": Decimal("150000000")})
    client = english(client_as("bantul"))
    budget = ProgrammeBudget.objects.get(programme=gov, year=2024)
    before = state()
    data = {"version": budget.version, "pagu": "200000000", "pagu_revised": "100000000", "source": "dak"}

    refused = client.post(edit_url(gov, 2024), data)

    assert refused.status_code == 400
    assert "Rp 150,000,000 is more than the pagu of 2024 (Rp 100,000,000)" in \
        refused.context["form"].errors["pagu_revised"][0]
    assert state() == before

    confirmed = client.post(edit_url(gov, 2024), data | {"confirm_over_pagu": "on"})

    assert confirmed.status_code == 302
    assert ProgrammeBudget.objects.get(pk=budget.pk).realisation == Decimal("150.0")


def test_the_api_asks_the_same_confirmation_for_a_pagu_below_the_realised_amount(api_as, world, gov):
    post_update(world.users["bantul"], gov, {"year": 2024, "status": "running", "progress": 60,
                                             "budget_realised": Decimal("150000000")})
    api = api_as("bantul")
    budget = ProgrammeBudget.objects.get(programme=gov, year=2024)
    url = f"{PROGRAMMES}{gov.pk}/budgets/2024/"

    refused = api.patch(url, {"pagu_revised": "100000000", "version": budget.version}, format="json")
    assert refused.status_code == 400 and "pagu_revised" in refused.json(), refused.content
    confirmed = api.patch(url, {"pagu_revised": "100000000", "version": budget.version, "confirm_over_pagu": True},
                          format="json")
    assert confirmed.status_code == 200, confirmed.content
    # A change that keeps the pagu needs no confirmation again.
    source_only = api.patch(url, {"source": "apbn", "version": confirmed.json()["version"]}, format="json")
    assert source_only.status_code == 200, source_only.content


def test_the_region_removes_a_year_and_the_realisation_of_that_year_is_no_longer_shown(client_as, gov):
    client = client_as("bantul")
    budget = ProgrammeBudget.objects.get(programme=gov, year=2024)
    assert client.get(remove_url(gov, 2024)).status_code == 200

    stale = client.post(remove_url(gov, 2024), {"version": budget.version + 1})
    assert stale.status_code == 409 and ProgrammeBudget.objects.filter(pk=budget.pk).exists()
    response = client.post(remove_url(gov, 2024), {"version": budget.version})

    assert response.status_code == 302
    assert not ProgrammeBudget.objects.filter(programme=gov).exists()
    assert ProgrammeBudget.history.filter(id=budget.pk, history_type="-").get().history_user.username == "bantul"


@pytest.mark.parametrize(("persona", "expected"), [
    ("sleman", 404), ("outsider", 404), ("penilai", 404),  # not theirs to see
    ("kementerian", 403), ("diy", 403),  # they see the programme but do not edit a regency's budget
])
def test_who_may_not_change_the_budget_gets_404_or_403_and_nothing_changes(client_as, gov, persona, expected):
    client = client_as(persona)
    budget = ProgrammeBudget.objects.get(programme=gov, year=2024)
    before = state()

    answers = [client.get(new_url(gov)).status_code, client.get(edit_url(gov, 2024)).status_code,
               client.post(new_url(gov), {"year": 2023, "pagu": "1", "source": "apbn"}).status_code,
               client.post(edit_url(gov, 2024), {"version": budget.version, "pagu": "1", "source": "apbn"})
               .status_code,
               client.post(remove_url(gov, 2024), {"version": budget.version}).status_code]

    assert answers == [expected] * 5
    assert state() == before
    if expected == 403:
        assert new_url(gov) not in client.get(gov.get_absolute_url()).content.decode()


def test_the_public_is_sent_to_sign_in(client_as, gov):
    response = client_as(None).get(new_url(gov))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_admin_edits_budget_years_inline_with_the_same_confirmation(client_as, world, gov):
    post_update(world.users["bantul"], gov, {"year": 2024, "status": "running", "progress": 60,
                                             "budget_realised": Decimal("150000000")})
    client = english(client_as("admin"))
    url = f"/admin/programmes/programme/{gov.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    formset = page.context["inline_admin_formsets"][0].formset
    assert formset.prefix == "budgets"
    budget = ProgrammeBudget.objects.get(programme=gov, year=2024)
    adminform = page.context["adminform"].form
    data = {name: value for name, value in adminform.initial.items() if value is not None}
    data.update({"masterplan": gov.masterplan_id, "opd": gov.opd_id or "", "budgets-TOTAL_FORMS": "1",
                 "budgets-INITIAL_FORMS": "1", "budgets-MIN_NUM_FORMS": "0", "budgets-MAX_NUM_FORMS": "1000",
                 "budgets-0-id": budget.pk, "budgets-0-programme": gov.pk, "budgets-0-year": 2024,
                 "budgets-0-pagu": "200000000", "budgets-0-pagu_revised": "100000000", "budgets-0-source": "dak"})

    refused = client.post(url, data)

    assert refused.status_code == 200
    assert "is more than the pagu of 2024" in refused.content.decode()
    assert ProgrammeBudget.objects.get(pk=budget.pk).pagu_revised == Decimal("160000000")

    saved = client.post(url, data | {"budgets-0-confirm_over_pagu": "on"})

    assert saved.status_code == 302, saved.context and saved.context["errors"]
    assert ProgrammeBudget.objects.get(pk=budget.pk).pagu_revised == Decimal("100000000")
