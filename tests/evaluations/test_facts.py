"""The implementation facts an assessor reads beside the criteria, checked against hand-counted data."""
from decimal import Decimal

import pytest

from evaluations.facts import implementation_facts
from programmes.models import ProgrammeBudget
from programmes.services import post_update
from tests.programmes.conftest import build_plans


@pytest.fixture
def plans(world):
    plans = build_plans(world)
    post_update(world.users["bantul"], plans.programme("BTL-ECO-03"), {
        "year": 2024, "status": "stalled", "progress": 10, "budget_realised": Decimal("20000000"),
        "constraint_category": "budget", "constraint": "Refocusing anggaran", "next_steps": "APBD perubahan"})
    # The 2024 pagu of the DPA (ECO-03's cut in the APBD perubahan); QW-01 has a pagu but reported nothing.
    for code, pagu, revised in (("BTL-GOV-02", "80000000", None), ("BTL-ECO-03", "40000000", "25000000"),
                                ("BTL-QW-01", "250000000", None)):
        ProgrammeBudget.objects.create(programme=plans.programme(code), year=2024, pagu=Decimal(pagu),
                                       pagu_revised=revised and Decimal(revised), source="apbd_kabkota")
    return plans


def counts(rows):
    return {status: n for status, _label, n in rows if n}


def test_facts_of_a_year_count_each_programme_by_its_status_as_it_stood_then(plans, world):
    facts = implementation_facts(world.regions["34.02"], 2024)
    assert facts.programme_count == 3
    assert counts(facts.status_counts) == {"running": 1, "stalled": 1, "": 1}
    assert facts.quick_win_count == 1
    assert counts(facts.quick_wins) == {"": 1}
    assert facts.quick_wins_delivered == 0
    assert [(s.code, s.constraint_category, s.constraint, s.next_steps) for s in facts.stalled] == [
        ("BTL-ECO-03", "budget", "Refocusing anggaran", "APBD perubahan")]
    assert [(v, n) for v, _label, n in facts.constraints] == [("budget", 1)]
    # The 2024 pagu: 80 + 25 (revised) + 250 million; realised in 2024: 50 + 20 million.
    assert facts.budget_planned == Decimal("355000000")
    assert facts.budget_realised == Decimal("70000000")
    assert facts.realisation == Decimal("19.7")


def test_an_earlier_year_ignores_later_updates_and_ended_programmes(plans, world):
    facts = implementation_facts(world.regions["34.02"], 2023)
    assert counts(facts.status_counts) == {"running": 1, "": 2}
    assert facts.stalled == []
    assert facts.budget_realised == Decimal(0)
    later = implementation_facts(world.regions["34.02"], 2025)
    assert later.budget_planned == Decimal(0)  # every programme ended in 2024
    assert counts(later.status_counts) == {"running": 1, "stalled": 1, "": 1}


def test_facts_run_three_queries_whatever_the_number_of_programmes(plans, world, django_assert_num_queries):
    with django_assert_num_queries(3):
        implementation_facts(world.regions["34.02"], 2024)
    from tests.programmes.conftest import make_programme

    for i in range(10):
        make_programme(plans.masterplans["34.02"], f"X-{i}")
    with django_assert_num_queries(3):
        implementation_facts(world.regions["34.02"], 2024)
