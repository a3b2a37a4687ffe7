"""The national report counts each programme by its status as it stood at the end of the report's
year: the programme's current status when its current update is of that year or before, its latest
update of the year otherwise (reports.data.national_report_data)."""
import pytest

from reports import data

pytestmark = pytest.mark.django_db


def statuses(report):
    return {f.key: f.count for f in report.statuses if f.count}


def test_a_later_update_does_not_change_the_year_it_came_after(results, world):
    from programmes.services import post_update

    before = data.national_report_data(2024)
    # BTL-ECO-03 was stalled (budget) in 2024; in 2025 it runs again, and BTL-GOV-02 stalls.
    post_update(world.users["bantul"], results.plans.programmes["BTL-ECO-03"],
                {"year": 2025, "status": "running", "progress": 60})
    post_update(world.users["bantul"], results.plans.programmes["BTL-GOV-02"], {
        "year": 2025, "status": "stalled", "progress": 60, "constraint_category": "regulation",
        "constraint": "Perbup belum terbit"})

    after = data.national_report_data(2024)

    assert statuses(after) == statuses(before)
    assert statuses(after)["stalled"] == 1
    assert [(c.key, c.count) for c in after.constraints] == [("budget", 1)]


def test_an_update_of_the_year_itself_counts_at_once(results, world):
    from programmes.services import post_update

    post_update(world.users["bantul"], results.plans.programmes["BTL-GOV-02"], {
        "year": 2024, "status": "stalled", "progress": 60, "constraint_category": "regulation",
        "constraint": "Perbup belum terbit"})

    report = data.national_report_data(2024)

    assert statuses(report)["stalled"] == 2
    assert sorted((c.key, c.count) for c in report.constraints) == [("budget", 1), ("regulation", 1)]
