"""The assessor's to-do home reads as many statements for many assignments as for one (the other roles' homes
against more regions: tests/notifications/test_home.py; at national scale: ./bench/run.sh, the "home" rows)."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.evaluations.builders import make_cycle, make_evaluation, make_instrument


def queries_of(client):
    client.get("/")  # session and reports warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_assessors_home_costs_the_same_queries_with_six_assignments_in_two_cycles_as_with_one(world, client_as):
    penilai = world.users["penilai"]
    instrument = make_instrument(3)
    scoring = make_cycle(instrument, "assessment", year=2026)
    make_evaluation(scoring, "34.02", assessors=[penilai], lead=penilai)
    client = client_as("penilai")
    one, html = queries_of(client)
    assert html.count('data-testid="assignment"') == 1

    other = make_cycle(make_instrument(2, code="lain"), "self_assessment", year=2025)
    for code in ("34.01", "34.03", "34.04"):
        make_evaluation(scoring, code, assessors=[penilai])
    for code in ("34.71", "35.22"):
        make_evaluation(other, code, assessors=[penilai], lead=penilai)
    six, html = queries_of(client)

    assert html.count('data-testid="assignment"') == 6
    assert six == one
