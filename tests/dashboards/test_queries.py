"""The dashboard figures against the hand-built data set: counted by the database, only over what the
user may see, in a constant number of queries."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import queries
from dashboards.queries import Filters
from regions.models import Region
from tests.dashboards.conftest import M, final_evaluation, make_masterplan
from tests.evaluations.builders import make_cycle
from tests.programmes.conftest import make_programme


def by_code(dashboard):
    return {g.code: g for g in dashboard.groups}


def test_national_programme_figures_match_the_hand_count(world, data):
    d = queries.dashboard(world.users["kementerian"], Filters())
    p = d.programmes
    assert p.total == 9
    assert p.by_status == {"planned": 1, "in_development": 0, "running": 1, "stalled": 3, "completed": 2,
                           "cancelled": 1, "": 1}
    assert (p.quick_wins, p.quick_wins_active, p.quick_win_share) == (4, 3, Decimal("75.0"))
    # Each programme's latest reported year against its pagu of that year (S2 and P1 have none, J2 is over it).
    assert (p.budget_planned, p.budget_realised) == (4_700 * M, 2_650 * M)
    assert p.budget_share == Decimal("56.4")
    totals = {row.dimension: (row.figures.total, row.figures.stalled) for row in d.by_dimension}
    assert totals == {"governance": (3, 1), "branding": (1, 0), "economy": (1, 0), "living": (2, 1),
                      "society": (1, 0), "environment": (1, 1)}
    assert [row.dimension for row in d.by_dimension][:2] == ["governance", "branding"]  # the movement's order


def test_why_programmes_stall_counts_categories_with_the_largest_examples_first(world, data):
    d = queries.dashboard(world.users["kementerian"], Filters())
    assert [(c.category, c.count) for c in d.constraints] == [("budget", 2), ("human_resources", 1)]
    budget = d.constraints[0]
    assert [e.code for e in budget.examples] == ["J2", "B2"]
    assert budget.examples[0].constraint == "Dana dialihkan"
    assert budget.examples[0].region_name == "Kabupaten Bojonegoro"


def test_enrolment_and_masterplan_figures(world, data):
    d = queries.dashboard(world.users["kementerian"], Filters())
    assert d.enrolled == 11
    assert d.cohorts == ((2017, 2), (2018, 5), (2019, 3), (2023, 1))
    assert d.masterplans == {"draft": 1, "final": 1, "legalised": 2}
    assert d.regions_with_legalised == 2
    groups = by_code(d)
    assert len(groups) == 4 and list(groups) == ["32", "33", "34", "35"]
    assert (groups["34"].enrolled, groups["34"].masterplans_legalised, groups["34"].programmes.total) == (6, 1, 6)
    assert (groups["35"].enrolled, groups["35"].masterplans_legalised, groups["35"].programmes.stalled) == (3, 1, 1)
    assert (groups["33"].programmes.total, groups["33"].programmes.by_status["cancelled"]) == (1, 1)


def test_evaluation_results_of_the_latest_cycle_against_the_year_before(world, data):
    ev = queries.dashboard(world.users["kementerian"], Filters()).evaluation
    assert (ev.year, ev.previous_year) == (2024, 2023)
    # (3,40 + 3,80 + 2,50 + 3,00) / 4 = 3,175; Pati's evaluation in review does not count.
    assert (ev.count, ev.average) == (4, Decimal("3.18"))
    assert (ev.previous_count, ev.previous_average, ev.change) == (3, Decimal("3.00"), Decimal("0.18"))
    assert ev.distribution == (("Memuaskan", 0), ("Sangat Baik", 1), ("Baik", 2), ("Cukup", 1), ("Kurang", 0))
    assert [(r.region_code, r.index, r.change) for r in ev.top] == [
        ("34.04", Decimal("3.80"), Decimal("0.20")), ("34.02", Decimal("3.40"), Decimal("0.40")),
        ("35.22", Decimal("3.00"), Decimal("0.60")), ("34.71", Decimal("2.50"), None)]
    assert ev.bottom == ()  # four regions: all are in the best five, none is repeated below


def test_average_index_per_province_and_its_change(world, data):
    groups = by_code(queries.dashboard(world.users["kementerian"], Filters()))
    # DIY 2024: (3,40 + 3,80 + 2,50) / 3 = 3,233; 2023: (3,00 + 3,60) / 2 = 3,30.
    assert (groups["34"].evaluated, groups["34"].average, groups["34"].previous_average) == (
        3, Decimal("3.23"), Decimal("3.30"))
    assert groups["34"].change == Decimal("-0.07")
    assert (groups["35"].average, groups["35"].change) == (Decimal("3.00"), Decimal("0.60"))
    assert (groups["33"].evaluated, groups["33"].average) == (0, None)


def test_the_year_filter_reads_that_years_cycle_and_programmes_planned_to_run_then(world, data):
    d = queries.dashboard(world.users["kementerian"], Filters(year=2023))
    # Running in 2023: B1, B2, J2, P1, S2 (B3 starts 2025, B4 ended 2021, S1 2022, J1 2019).
    assert d.programmes.total == 5
    assert d.enrolled == 11
    # Tahap I and II only, before Tahap III (2019) and the smart province (2023) joined.
    assert queries.dashboard(world.users["kementerian"], Filters(year=2018)).enrolled == 7
    ev = d.evaluation
    assert (ev.year, ev.count, ev.average, ev.previous_count, ev.change) == (2023, 3, Decimal("3.00"), 0, None)


def test_the_dimension_filter_narrows_programmes_and_reads_that_dimensions_index(world, data):
    d = queries.dashboard(world.users["kementerian"], Filters(dimension="governance"))
    assert d.programmes.total == 3
    ev = d.evaluation
    # Governance 2024: 3,50, 4,00, 2,00 (Bojonegoro has none): 3,167; 2023: 3,00, 3,50, 2,50.
    assert (ev.count, ev.average, ev.previous_average) == (3, Decimal("3.17"), Decimal("3.00"))
    assert [r.region_code for r in ev.top] == ["34.04", "34.02", "34.71"]


def test_the_cohort_filter_keeps_that_cohorts_regions(world, data):
    d = queries.dashboard(world.users["kementerian"], Filters(cohort=2017))
    # Cohort 2017: Sleman and Bojonegoro.
    assert (d.enrolled, d.programmes.total) == (2, 4)
    assert (d.evaluation.count, d.evaluation.average) == (2, Decimal("3.40"))


def test_the_province_dashboard_shows_the_province_and_its_regions_side_by_side(world, data):
    d = queries.dashboard(world.users["kementerian"], Filters(province="34"))
    assert d.group_level == "region" and d.province.code == "34"
    groups = by_code(d)
    assert list(groups) == ["34", "34.01", "34.02", "34.03", "34.04", "34.71"]
    assert (d.programmes.total, d.programmes.stalled, d.enrolled) == (6, 2, 6)
    assert (groups["34.02"].programmes.total, groups["34.02"].cohort, groups["34.02"].average,
            groups["34.02"].change) == (4, 2018, Decimal("3.40"), Decimal("0.40"))
    assert (groups["34.71"].average, groups["34.71"].change) == (Decimal("2.50"), None)
    assert d.evaluation.count == 3


def test_a_province_officer_counts_only_their_province_whatever_the_filters(world, data):
    diy = world.users["diy"]
    own = queries.dashboard(diy, Filters(province="34"))
    assert own.programmes == queries.dashboard(world.users["kementerian"], Filters(province="34")).programmes
    # Even asked for the whole country (the pages refuse it; the query functions still count only theirs).
    everything = queries.dashboard(diy, Filters())
    assert everything.programmes.total == 6 and everything.enrolled == 6
    assert everything.evaluation.count == 3
    assert {g.code for g in everything.groups} == {"34"}
    assert all(e.region_code.startswith("34") for c in everything.constraints for e in c.examples)
    other = queries.dashboard(diy, Filters(province="35"))
    assert (other.programmes.total, other.enrolled, other.evaluation.count, other.groups) == (0, 0, 0, ())


def test_the_region_dashboard_gives_the_trend_and_the_position_against_the_averages(world, data):
    bantul = Region.objects.select_related("parent").with_cohort().get(code="34.02")
    d = queries.region_dashboard(world.users["kementerian"], bantul, Filters())
    assert (d.programmes.total, d.programmes.stalled, d.programmes.quick_win_share) == (4, 1, Decimal("100.0"))
    assert d.years == (2023, 2024)
    assert [(e.year, e.index) for e in d.evaluations] == [(2023, Decimal("3.00")), (2024, Decimal("3.40"))]
    assert (d.focus_year, d.focus.index, d.focus.change) == (2024, Decimal("3.40"), Decimal("0.40"))
    assert [(p.year, p.index, p.count) for p in d.province_average.points] == [
        (2023, Decimal("3.30"), 2), (2024, Decimal("3.23"), 3)]
    assert d.province_average.dimension_indexes["governance"] == Decimal("3.17")
    # Tahap II, 2018 (Kulon Progo, Bantul, Pati, Kota Yogyakarta, Kota Surabaya): Bantul and Kota Yogyakarta
    # have final evaluations in 2024, Bantul alone in 2023.
    assert [(p.year, p.index, p.count) for p in d.cohort_average.points] == [
        (2023, Decimal("3.00"), 1), (2024, Decimal("2.95"), 2)]
    assert d.positions == [
        {"label": "Rata-rata provinsi", "index": Decimal("3.23"), "n": 3, "difference": Decimal("0.17")},
        {"label": "Rata-rata Tahap II (2018)", "index": Decimal("2.95"), "n": 2, "difference": Decimal("0.45")}]


def test_region_staff_see_no_average_built_from_regions_they_may_not_see(world, data):
    bantul = Region.objects.select_related("parent").with_cohort().get(code="34.02")
    d = queries.region_dashboard(world.users["bantul"], bantul, Filters())
    assert d.focus.index == Decimal("3.40")
    assert d.province_average is None and d.cohort_average is None and d.positions == []


def test_a_new_update_shows_at_once(world, data):
    from programmes.services import post_update

    kementerian = world.users["kementerian"]
    assert queries.dashboard(kementerian, Filters()).programmes.stalled == 3
    post_update(world.users["admin"], data.programmes["B1"], {"year": 2024, "status": "stalled", "progress": 50,
                                                              "constraint_category": "integration",
                                                              "constraint": "Belum terhubung"})
    d = queries.dashboard(kementerian, Filters())
    assert d.programmes.stalled == 4
    assert ("integration", 1) in [(c.category, c.count) for c in d.constraints]


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def add_more_data(world, data):
    """Twice the regions, programmes and evaluations: the query counts must not move."""
    from programmes.services import post_update

    admin = world.users["admin"]
    for i, region in enumerate(["34.01", "34.71"]):
        mp = make_masterplan(region, "legalised")
        for j in range(6):
            programme = make_programme(mp, f"X{i}{j}", term="quick_win" if j % 2 else "short",
                                       dimension=["governance", "living", "economy"][j % 3], start_year=2020,
                                       end_year=2026, budget_planned=100 * M)
            post_update(admin, programme, {"year": 2024, "status": "stalled" if j % 3 else "running",
                                           "progress": 10, "constraint_category": "budget" if j % 3 else "",
                                           "constraint": "Kurang dana" if j % 3 else ""})
    final_evaluation(data.cycles[2024], "34.01", "2.00", "Cukup", 5)
    final_evaluation(data.cycles[2023], "34.71", "2.20", "Cukup", 4)
    final_evaluation(data.cycles[2023], "34.01", "2.30", "Cukup", 5)


@pytest.mark.parametrize("filters", [Filters(), Filters(province="34"), Filters(year=2024, dimension="living"),
                                     Filters(cohort=2018)])
def test_the_dashboard_runs_the_same_number_of_queries_whatever_the_data(world, data, filters):
    user = world.users["kementerian"]
    before = count_queries(lambda: queries.dashboard(user, filters))
    add_more_data(world, data)
    user = type(user).objects.get(pk=user.pk)
    after = count_queries(lambda: queries.dashboard(user, filters))
    assert before == after
    assert after <= 18


def test_the_region_dashboard_runs_the_same_number_of_queries_whatever_the_data(world, data):
    region = Region.objects.select_related("parent").with_cohort().get(code="34.02")
    user = world.users["kementerian"]
    before = count_queries(lambda: queries.region_dashboard(user, region, Filters()))
    add_more_data(world, data)
    user = type(user).objects.get(pk=user.pk)
    after = count_queries(lambda: queries.region_dashboard(user, region, Filters()))
    assert before == after <= 12


def test_a_regions_improvement_is_measured_against_its_latest_earlier_final_index_whatever_the_year(world, data):
    # Kota Yogyakarta skipped 2023: its 2024 index improves on its 2021 one, not on nothing.
    earlier = make_cycle(data.cycles[2024].instrument, "closed", year=2021)
    final_evaluation(earlier, "34.71", "2.10", "Cukup", 1)

    ev = queries.dashboard(world.users["kementerian"], Filters()).evaluation

    changes = {r.region_code: r.change for r in ev.top}
    assert changes == {"34.04": Decimal("0.20"), "34.02": Decimal("0.40"), "35.22": Decimal("0.60"),
                       "34.71": Decimal("0.40")}


def test_without_predikat_the_dashboard_counts_equal_index_bands_and_names_no_predikat(world, data, api_as):
    instrument = data.cycles[2024].instrument
    type(instrument).objects.filter(pk=instrument.pk).update(uses_predikat=False)

    ev = queries.dashboard(world.users["kementerian"], Filters()).evaluation

    assert ev.distribution_by == "index_band"
    # 3,80 and 3,40 in 3,40–4,20; 3,00 and 2,50 in 2,60–3,40 and 1,80–2,60.
    assert ev.distribution == (("4,20–5,00", 0), ("3,40–4,20", 2), ("2,60–3,40", 1), ("1,80–2,60", 1),
                               ("1,00–1,80", 0))
    assert {r.predikat for r in ev.top} == {""}
    body = api_as("kementerian").get("/api/v1/dashboard/").json()
    assert body["evaluation"]["distribution_by"] == "index_band"


def test_a_cycle_average_compares_with_the_latest_earlier_cycle_whatever_its_year(world, data):
    """A year without a cycle (2023 here) is no reason to compare with nothing: 2024 is set against 2021."""
    from evaluations.models import Evaluation

    Evaluation.objects.filter(cycle=data.cycles[2023]).delete()
    earlier = make_cycle(data.cycles[2024].instrument, "closed", year=2021)
    final_evaluation(earlier, "34.02", "2.60", "Cukup", 1)
    final_evaluation(earlier, "34.04", "3.00", "Baik", 2)

    d = queries.dashboard(world.users["kementerian"], Filters())

    ev = d.evaluation
    assert (ev.year, ev.previous_year, ev.previous_count, ev.previous_average) == (2024, 2021, 2, Decimal("2.80"))
    assert ev.change == Decimal("0.38")  # 3,175 → 3,18 against 2,80
    assert by_code(d)["34"].previous_average == Decimal("2.80")
