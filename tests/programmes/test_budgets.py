"""Money per budget year: a programme's pagu per tahun anggaran (`/api/v1/programmes/{id}/budgets/`), the planned
budget as their sum, and realisation — realised (year-to-date) ÷ the pagu of the same year, revised where set —
read the same on the programme page, the dashboards, the PDF report, the assessors' facts and the API."""
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.budget import realisation
from programmes.models import Programme, ProgrammeBudget, ProgrammeUpdate
from programmes.services import post_update
from tests.programmes.conftest import make_programme

PROGRAMMES = "/api/v1/programmes/"


def budgets_url(programme, year=None):
    return f"{PROGRAMMES}{programme.pk}/budgets/" + (f"{year}/" if year else "")


def counts():
    return (ProgrammeBudget.objects.count(), ProgrammeBudget.history.model.objects.count(),
            ProgrammeUpdate.objects.count())


# --- the one rule ---------------------------------------------------------------------------------------

def test_realisation_is_realised_over_the_pagu_to_one_decimal_and_nothing_without_a_pagu():
    assert realisation(Decimal("50000000"), Decimal("160000000")) == Decimal("31.3")  # 31,25 rounds half up
    assert realisation(Decimal("0"), Decimal("1")) == Decimal("0.0")
    assert realisation(Decimal("5"), None) is None
    assert realisation(Decimal("5"), Decimal("0")) is None
    assert realisation(None, Decimal("5")) is None


# --- the API ----------------------------------------------------------------------------------------------

def test_the_region_records_a_pagu_per_year_and_the_planned_budget_becomes_their_read_only_sum(api_as, plans):
    programme = plans.programme("BTL-GOV-02")  # 2020–2024, planned Rp 150.000.000 before pagu per year
    bantul = api_as("bantul")

    first = bantul.post(budgets_url(programme), {"year": 2023, "pagu": "90000000", "source": "apbd_kabkota"},
                        format="json")
    second = bantul.post(budgets_url(programme), {"year": 2024, "pagu": "200000000", "source": "dak"},
                         format="json")
    assert (first.status_code, second.status_code) == (201, 201), (first.content, second.content)
    revised = bantul.patch(budgets_url(programme, 2024), {"pagu_revised": "160000000",
                                                          "version": second.json()["version"]}, format="json")
    assert revised.status_code == 200, revised.content

    rows = bantul.get(budgets_url(programme)).json()
    assert [(r["year"], r["pagu"], r["pagu_revised"], r["source"], r["realised"], r["realisation"]) for r in rows] == [
        (2023, "90000000.00", None, "apbd_kabkota", None, None),
        (2024, "200000000.00", "160000000.00", "dak", "50000000.00", "31.3")]
    body = bantul.get(f"{PROGRAMMES}{programme.pk}/").json()
    assert Decimal(body["budget_planned"]) == Decimal("250000000")  # 90 + 160 (revised) million
    assert body["realisation"] == "31.3"  # its latest update (2024) against the 2024 pagu
    # Read-only: a planned budget written to the programme is ignored.
    patched = bantul.patch(f"{PROGRAMMES}{programme.pk}/", {"budget_planned": "1", "version": body["version"]},
                           format="json")
    assert Decimal(patched.json()["budget_planned"]) == Decimal("250000000")


@pytest.mark.parametrize(("body", "field"), [
    ({"year": 2019, "pagu": "1000", "source": "apbn"}, "year"),  # the programme runs 2020–2024
    ({"year": 2024, "pagu": "1000", "source": "apbd"}, "source"),  # the old value is no longer a choice
    ({"year": 2024, "pagu": "-1", "source": "apbn"}, "pagu"),
    ({"year": 2024, "pagu": "1000000000000001", "source": "apbn"}, "pagu"),  # past Rp 1.000 triliun
    ({"year": 2024, "pagu": "1e26", "source": "apbn"}, "pagu"),
    ({"year": 2024, "pagu": "banyak", "source": "apbn"}, "pagu"),
    ({"year": 2024, "pagu": "1000", "pagu_revised": "99999999999999999999", "source": "apbn"}, "pagu_revised"),
])
def test_a_bad_pagu_is_a_field_error_and_writes_nothing(api_as, plans, body, field):
    before = counts()
    response = api_as("bantul").post(budgets_url(plans.programme("BTL-GOV-02")), body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert counts() == before


def test_a_second_pagu_for_the_same_year_is_a_field_error_and_a_stale_version_is_409(api_as, plans):
    programme = plans.programme("BTL-GOV-02")  # Rp 50 juta realised in 2024: the pagu stay above it
    bantul = api_as("bantul")
    created = bantul.post(budgets_url(programme), {"year": 2024, "pagu": "100000000", "source": "apbn"}, format="json")

    again = bantul.post(budgets_url(programme), {"year": 2024, "pagu": "200000000", "source": "apbn"}, format="json")
    assert again.status_code == 400 and "year" in again.json()
    bantul.patch(budgets_url(programme, 2024), {"pagu": "300000000", "version": created.json()["version"]}, format="json")
    stale = bantul.patch(budgets_url(programme, 2024), {"pagu": "400000000", "version": created.json()["version"]},
                         format="json")
    assert stale.status_code == 409
    assert ProgrammeBudget.objects.get(programme=programme, year=2024).pagu == Decimal("300000000")


@pytest.mark.parametrize(("persona", "expected"), [("sleman", 404), ("diy", 403), ("kementerian", 403),
                                                   ("outsider", 404)])
def test_only_who_may_change_the_programme_writes_its_pagu(api_as, plans, persona, expected):
    programme = plans.programme("BTL-GOV-02")
    ProgrammeBudget.objects.create(programme=programme, year=2023, pagu=Decimal(1000), source="apbn")
    before = counts()
    client = api_as(persona)

    created = client.post(budgets_url(programme), {"year": 2024, "pagu": "1000", "source": "apbn"}, format="json")
    changed = client.patch(budgets_url(programme, 2023), {"pagu": "5", "version": 1}, format="json")

    assert (created.status_code, changed.status_code) == (expected, expected)
    assert counts() == before


# --- realised above the pagu ----------------------------------------------------------------------------

def test_realised_above_the_years_pagu_is_refused_on_the_api_until_confirmed(api_as, plans):
    programme = plans.programme("BTL-GOV-02")
    ProgrammeBudget.objects.create(programme=programme, year=2024, pagu=Decimal("200000000"),
                                   pagu_revised=Decimal("160000000"), source="apbd_kabkota")
    update = {"year": 2024, "status": "running", "progress": 70, "budget_realised": "170000000"}
    bantul = api_as("bantul")
    before = counts()

    refused = bantul.post(f"{PROGRAMMES}{programme.pk}/updates/", update, format="json")
    assert refused.status_code == 400
    assert "budget_realised" in refused.json()
    assert "2024" in refused.json()["budget_realised"][0]
    assert counts() == before

    confirmed = bantul.post(f"{PROGRAMMES}{programme.pk}/updates/", update | {"confirm_over_pagu": True},
                            format="json")
    assert confirmed.status_code == 201, confirmed.content
    assert ProgrammeBudget.objects.get(programme=programme, year=2024).realisation == Decimal("106.3")
    # Within the pagu, or in a year without one, nothing needs confirming.
    within = bantul.post(f"{PROGRAMMES}{programme.pk}/updates/", update | {"budget_realised": "160000000"},
                         format="json")
    no_pagu = bantul.post(f"{PROGRAMMES}{programme.pk}/updates/", update | {"year": 2023}, format="json")
    assert (within.status_code, no_pagu.status_code) == (201, 201)


def test_the_update_form_refuses_realised_above_the_pagu_until_the_box_is_ticked(client_as, plans):
    programme = plans.programme("BTL-GOV-02")
    ProgrammeBudget.objects.create(programme=programme, year=2024, pagu=Decimal("100000000"), source="apbd_kabkota")
    url = f"/programmes/{programme.pk}/updates/new/"
    form = {"year": "2024", "status": "running", "progress": "70", "budget_realised": "120000000"}
    client = client_as("bantul")
    before = counts()

    refused = client.post(url, form)
    assert refused.status_code == 200
    assert refused.context["form"].errors["budget_realised"]
    assert 'name="confirm_over_pagu"' in refused.content.decode()
    assert counts() == before

    confirmed = client.post(url, form | {"confirm_over_pagu": "on"})
    assert confirmed.status_code == 302
    assert ProgrammeUpdate.objects.filter(programme=programme, budget_realised=Decimal("120000000")).exists()


# --- no pagu ---------------------------------------------------------------------------------------------

def test_without_a_pagu_for_the_year_the_realisation_is_a_dash(client_as, api_as, plans):
    programme = plans.programme("BTL-GOV-02")  # its 2024 update realised Rp 50 juta; no pagu recorded
    ProgrammeBudget.objects.create(programme=programme, year=2023, pagu=Decimal("90000000"), source="apbd_kabkota")

    assert api_as("bantul").get(f"{PROGRAMMES}{programme.pk}/").json()["realisation"] is None
    page = client_as("bantul").get(programme.get_absolute_url()).content.decode()
    assert "(—)" in page


def test_the_programme_list_reads_the_pagu_in_the_same_queries_for_few_and_many(api_as, plans, world):
    masterplan = plans.masterplans["34.02"]
    client = api_as("kementerian")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(PROGRAMMES).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(12):
        p = make_programme(masterplan, f"X-{i:02d}", start_year=2024, end_year=2024)
        ProgrammeBudget.objects.create(programme=p, year=2024, pagu=Decimal(1000), source="apbn")
        post_update(world.users["bantul"], p, {"year": 2024, "status": "running", "progress": 5,
                                               "budget_realised": Decimal(500)})
    assert queries() == few


# --- the migration of the old funding sources -----------------------------------------------------------

def test_the_migration_maps_the_old_funding_sources_by_the_regions_kind(plans, world):
    from programmes.models import Masterplan

    migration = importlib.import_module("programmes.migrations.0005_programme_budget")
    province_plan = Masterplan.objects.create(region_id="34", title="Jogja Smart Province", period_start=2023,
                                              period_end=2027)
    old = {"BTL-GOV-02": "apbd", "BTL-ECO-03": "apbn", "BTL-QW-01": "partnership", "SLM-QW-01": "other"}
    for code, value in old.items():
        Programme.objects.filter(pk=plans.programmes[code].pk).update(funding_source=value)
    province = make_programme(province_plan, "JSP-01", start_year=2023, end_year=2024)
    Programme.objects.filter(pk=province.pk).update(funding_source="apbd")

    migration.map_sources(apps, None)

    sources = dict(Programme.objects.values_list("code", "funding_source"))
    assert {code: sources[code] for code in [*old, "JSP-01"]} == {
        "BTL-GOV-02": "apbd_kabkota", "BTL-ECO-03": "apbn", "BTL-QW-01": "kpbu", "SLM-QW-01": "other",
        "JSP-01": "apbd_provinsi"}
