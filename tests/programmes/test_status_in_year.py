"""Programme.objects.status_in_year(year): the one home of "a programme's status in year Y" (its latest
update of a year ≤ Y, the newest posted first within a year; "" without one), read by the implementation
facts, the region report's annex and the national report."""
from decimal import Decimal

import pytest
from django.db.models import Count

from programmes.models import Programme
from programmes.services import post_update
from tests.programmes.conftest import make_programme

pytestmark = pytest.mark.django_db


def statuses(year, *fields, **filters):
    rows = Programme.objects.filter(**filters).status_in_year(year, *fields).order_by("code")
    return {p.code: p.status_then for p in rows}


def stalled(year=2024, **more):
    return {"year": year, "status": "stalled", "progress": 30, "constraint_category": "budget",
            "constraint": "refocusing anggaran", "next_steps": "APBD perubahan"} | more


def test_the_status_in_a_year_is_the_latest_update_of_that_year_or_before(plans, world):
    post_update(world.users["bantul"], plans.programmes["BTL-GOV-02"], stalled(2025))

    assert statuses(2023, region="34.02")["BTL-GOV-02"] == "running"
    assert statuses(2024, region="34.02")["BTL-GOV-02"] == "running"
    assert statuses(2025, region="34.02")["BTL-GOV-02"] == "stalled"


def test_within_a_year_the_update_posted_last_counts(plans, world):
    post_update(world.users["bantul"], plans.programmes["BTL-GOV-02"], stalled(2024))

    assert statuses(2024, region="34.02")["BTL-GOV-02"] == "stalled"
    assert statuses(2023, region="34.02")["BTL-GOV-02"] == "running"


def test_an_older_year_posted_after_a_newer_one_counts_only_for_its_own_year(plans, world):
    programme = plans.programmes["BTL-ECO-03"]
    post_update(world.users["bantul"], programme, {"year": 2024, "status": "running", "progress": 50})
    post_update(world.users["bantul"], programme, stalled(2022))  # a late report on 2022

    assert [statuses(y, region="34.02")["BTL-ECO-03"] for y in (2021, 2022, 2023, 2024)] == [
        "", "stalled", "stalled", "running"]


def test_a_programme_without_an_update_by_then_has_no_status(plans):
    assert statuses(2024, region="34.02")["BTL-QW-01"] == ""
    assert statuses(2022, region="34.02")["BTL-GOV-02"] == ""


def test_a_programme_that_had_not_started_is_not_in_the_year(plans):
    make_programme(plans.masterplans["34.02"], "BTL-NEW-04", start_year=2025, end_year=2026)

    assert "BTL-NEW-04" not in statuses(2024, region="34.02")
    assert statuses(2025, region="34.02")["BTL-NEW-04"] == ""
    assert set(statuses(2019, region="34.02")) == set()  # the year before every programme's start


def test_an_ended_programme_keeps_its_last_status(plans):
    # Every programme of the plans ends in 2024; in 2026 it still has the status it had when it ended.
    assert statuses(2026, region="34.02")["BTL-GOV-02"] == "running"


def test_fields_of_the_update_of_that_year_come_with_it(plans, world):
    programme = plans.programmes["BTL-ECO-03"]
    post_update(world.users["bantul"], programme, stalled(2023, progress=10))
    post_update(world.users["bantul"], programme, {"year": 2025, "status": "running", "progress": 70,
                                                    "budget_realised": Decimal("9000000")})

    then = Programme.objects.filter(pk=programme.pk).status_in_year(
        2024, "year", "progress", "constraint_category", "constraint", "next_steps", "budget_realised").get()
    assert (then.status_then, then.year_then, then.progress_then, then.constraint_category_then,
            then.constraint_then, then.next_steps_then, then.budget_realised_then) == (
        "stalled", 2023, 10, "budget", "refocusing anggaran", "APBD perubahan", None)
    now = Programme.objects.filter(pk=programme.pk).status_in_year(2025, "year", "progress", "budget_realised").get()
    assert (now.status_then, now.year_then, now.progress_then, now.budget_realised_then) == (
        "running", 2025, 70, Decimal("9000000"))


def test_the_status_counts_by_the_database_in_one_query(plans, world, django_assert_num_queries):
    post_update(world.users["bantul"], plans.programmes["BTL-ECO-03"], stalled(2024))
    with django_assert_num_queries(1):
        counted = dict(Programme.objects.status_in_year(2024).order_by().values_list("status_then")
                       .annotate(n=Count("pk")))
    assert counted == {"running": 1, "stalled": 1, "completed": 1, "": 2}
