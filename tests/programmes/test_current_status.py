"""Programme.current_status and current_budget_realised: copies of the current update, kept with the
pointer by services.post_update, and filled for existing data by migration 0003."""
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from programmes.models import Programme
from programmes.services import post_update

pytestmark = pytest.mark.django_db


def current(plans, code):
    p = plans.programme(code)
    return p.current_update_id, p.current_year, p.current_status, p.current_budget_realised, p.current_constraint_category


def test_a_newer_update_is_copied_onto_the_programme(plans, world):
    update = post_update(world.users["bantul"], plans.programmes["BTL-GOV-02"], {
        "year": 2025, "status": "stalled", "progress": 60, "budget_realised": Decimal("75000000"),
        "constraint_category": "budget", "constraint": "refocusing anggaran"})

    assert current(plans, "BTL-GOV-02") == (update.pk, 2025, "stalled", Decimal("75000000"), "budget")


def test_an_older_year_leaves_the_copies_as_they_were(plans, world):
    before = current(plans, "BTL-GOV-02")
    assert before[1:] == (2024, "running", Decimal("50000000"), "")

    post_update(world.users["bantul"], plans.programmes["BTL-GOV-02"],
                {"year": 2022, "status": "cancelled", "progress": 0})

    assert current(plans, "BTL-GOV-02") == before


def test_a_programme_without_updates_has_no_status(plans):
    assert current(plans, "BTL-QW-01") == (None, None, "", None, "")


def test_the_status_filter_and_the_counts_read_the_copy(plans, world, client_as):
    post_update(world.users["bantul"], plans.programmes["BTL-ECO-03"], {
        "year": 2024, "status": "stalled", "progress": 10, "constraint_category": "regulation",
        "constraint": "Perbup belum terbit"})

    body = client_as("bantul").get("/api/v1/programmes/?status=stalled").json()

    assert [p["code"] for p in body["results"]] == ["BTL-ECO-03"]
    assert body["results"][0]["status"] == "stalled"
    assert Programme.objects.filter(current_status="").count() == 2  # BTL-QW-01, SLM-LIV-02


def test_the_migration_fills_the_copies_from_the_current_update(plans, world):
    post_update(world.users["bantul"], plans.programmes["BTL-ECO-03"], {
        "year": 2024, "status": "stalled", "progress": 10, "budget_realised": Decimal("1000000"),
        "constraint_category": "regulation", "constraint": "Perbup belum terbit"})
    # As an existing database would be just after the columns were added.
    Programme.objects.update(current_year=None, current_status="", current_budget_realised=None,
                             current_constraint_category="")
    migration = importlib.import_module("programmes.migrations.0003_programme_current_status")

    migration.copy_current_update(apps, None)

    assert current(plans, "BTL-GOV-02")[1:] == (2024, "running", Decimal("50000000"), "")
    assert current(plans, "SLM-QW-01")[1:] == (2024, "completed", None, "")
    assert current(plans, "BTL-ECO-03")[1:] == (2024, "stalled", Decimal("1000000"), "regulation")
    assert current(plans, "BTL-QW-01") == (None, None, "", None, "")
