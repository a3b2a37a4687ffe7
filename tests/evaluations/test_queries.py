"""Constant query counts: finalising, ranking, reading and writing scores do not grow with the number
of criteria, assessors or regions."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations import results, transitions
from evaluations.models import Evaluation
from regions.models import Region
from smartcity import policy

from .builders import answer_all, criteria_of, make_cycle, make_evaluation, make_instrument, score, write_narrative

E = Evaluation.Status


@pytest.fixture
def users(world, penilai2):
    return world.users


def queries(act):
    with CaptureQueriesContext(connection) as ctx:
        act()
    return len(ctx.captured_queries)


def in_review(users, n, year):
    cycle = make_cycle(make_instrument(n, code=f"uji-{n}"), "assessment", year=year)
    evaluation = make_evaluation(cycle, "34.02", E.IN_REVIEW, [users["penilai"], users["penilai2"]], users["penilai"])
    answer_all(evaluation)
    score(evaluation, users["penilai"], 3)
    score(evaluation, users["penilai2"], 4)
    return write_narrative(evaluation)


def test_finalising_runs_the_same_queries_for_3_or_12_criteria(users):
    few, many = in_review(users, 3, 2025), in_review(users, 12, 2026)
    policy.roles(users["penilai"])  # the user's roles are read once per user object; read them before counting

    counted = [queries(lambda e=e: transitions.finalise_evaluation(users["penilai"], e)) for e in (few, many)]

    assert counted[0] == counted[1]
    assert Evaluation.objects.filter(status=E.FINAL).count() == 2


def add_regions(n, start):
    return Region.objects.bulk_create(Region(code=f"34.{start + i}", name=f"Kabupaten Uji {i}", kind="regency",
                                             parent_id="34") for i in range(n))


def final_cycle(users, n, year):
    cycle = make_cycle(make_instrument(3, code=f"rank-{year}"), "assessment", year=year)
    for i, region in enumerate(add_regions(n, 100 + year % 10 * 20)):
        evaluation = make_evaluation(cycle, region.code, E.IN_REVIEW, [users["penilai"]], users["penilai"])
        score(evaluation, users["penilai"], 1 + i % 5)
        write_narrative(evaluation)
    Evaluation.objects.filter(cycle=cycle).update(status=E.FINAL)
    for evaluation in Evaluation.objects.filter(cycle=cycle).select_related("cycle__instrument"):
        evaluation.index = results.results_of(evaluation).index
        evaluation.save()
    return cycle


def test_ranking_a_cycle_runs_the_same_queries_for_3_or_12_regions(users):
    few, many = final_cycle(users, 3, 2024), final_cycle(users, 12, 2025)

    counted = [queries(lambda c=c: results.rank_cycle(c)) for c in (few, many)]

    assert counted[0] == counted[1] <= 3
    ranks = sorted(Evaluation.objects.filter(cycle=many).values_list("rank", flat=True))
    assert ranks[0] == 1 and None not in ranks


@pytest.mark.parametrize("persona", ["penilai", "penilai2", "admin", "kementerian"])
def test_reading_scores_runs_the_same_queries_for_3_or_12_criteria(api_as, users, persona):
    few, many = in_review(users, 3, 2025), in_review(users, 12, 2026)
    client = api_as(persona)

    counted = [queries(lambda e=e: client.get(f"/api/v1/evaluations/{e.pk}/scores/")) for e in (few, many)]

    assert counted[0] == counted[1]
    assert len(client.get(f"/api/v1/evaluations/{many.pk}/scores/").json()) == 24


def test_saving_scores_runs_the_same_queries_for_3_or_12_rows(api_as, users):
    cycle_few = make_cycle(make_instrument(3, code="s3"), "assessment", year=2025)
    cycle_many = make_cycle(make_instrument(12, code="s12"), "assessment", year=2026)
    client = api_as("penilai")
    counted = []
    for cycle in (cycle_few, cycle_many):
        evaluation = make_evaluation(cycle, "34.02", E.SUBMITTED, [users["penilai"]], users["penilai"])
        rows = [{"criterion": c.pk, "level": 3} for c in criteria_of(evaluation)]
        counted.append(queries(lambda e=evaluation, r=rows: client.put(f"/api/v1/evaluations/{e.pk}/scores/", r,
                                                                       format="json")))
        changed = [{"criterion": c.pk, "level": 4, "version": 1} for c in criteria_of(evaluation)]
        counted.append(queries(lambda e=evaluation, r=changed: client.put(f"/api/v1/evaluations/{e.pk}/scores/", r,
                                                                          format="json")))

    assert counted[0] == counted[2]  # creating
    assert counted[1] == counted[3]  # changing


def test_saving_answers_runs_the_same_queries_for_3_or_12_rows(api_as, users):
    client = api_as("bantul")
    counted = []
    for n, year in ((3, 2025), (12, 2026)):
        evaluation = make_evaluation(make_cycle(make_instrument(n, code=f"a{n}"), year=year), "34.02",
                                     E.SELF_ASSESSMENT)
        rows = [{"criterion": c.pk, "level": 3, "explanation": "ada"} for c in criteria_of(evaluation)]
        counted.append(queries(lambda e=evaluation, r=rows: client.put(
            f"/api/v1/evaluations/{e.pk}/self-assessment/", r, format="json")))

    assert counted[0] == counted[1]


def test_the_evaluation_list_runs_the_same_queries_for_3_or_12_evaluations(api_as, users):
    client = api_as("kementerian")
    counted = []
    for n, year in ((3, 2025), (12, 2026)):
        cycle = make_cycle(make_instrument(3, code=f"l{n}"), "self_assessment", year=year)
        for region in add_regions(n, 100 + n * 10):
            make_evaluation(cycle, region.code, assessors=[users["penilai"], users["penilai2"]],
                            lead=users["penilai"])
        counted.append(queries(lambda y=year: client.get("/api/v1/evaluations/", {"year": y})))

    assert counted[0] == counted[1]
    assert client.get("/api/v1/evaluations/", {"year": 2026}).json()["count"] == 12
