"""REST API v1 for evaluations, through HTTP, for each role: the whole yearly flow, scoping (404),
role refusals (403), state conflicts (409), invalid input (400) — and refusals write nothing."""
import datetime as dt

import pytest

from evaluations.models import Evaluation, EvaluationEvent, Score, SelfAssessment
from tests import clock

from .builders import (
    CYCLES,
    EVALUATIONS,
    answer_all,
    criteria_of,
    make_cycle,
    make_evaluation,
    make_instrument,
    score,
    url,
)

E = Evaluation.Status
pytestmark = pytest.mark.usefixtures("tokens")


# --- the whole flow --------------------------------------------------------------------------------------


def test_a_year_of_evaluation_through_the_api(api_as, users, instrument, bantul, nothing_written):
    k1, k2, k3 = (c.pk for c in criteria_of(bantul))
    staff, lead, second, admin, sleman = (api_as(p) for p in ("bantul", "penilai", "penilai2", "admin", "sleman"))

    # Bantul saves a draft, then completes and submits it.
    response = staff.put(url(bantul, "self-assessment"), [
        {"criterion": k1, "level": 3, "explanation": "SK Dewan Smart City ada.",
         "evidence_url": "https://bantulkab.go.id/sk.pdf"},
        {"criterion": k2, "explanation": "Menyusul."}], format="json")
    assert response.status_code == 200, response.json()
    assert [(a["code"], a["level"], a["version"]) for a in response.json()] == [("K01", 3, 1), ("K02", None, 1)]
    assert staff.post(url(bantul, "submit")).status_code == 409
    response = staff.put(url(bantul, "self-assessment"), [{"criterion": k2, "level": 4, "version": 1},
                                                          {"criterion": k3, "level": 2}], format="json")
    assert response.status_code == 200
    assert staff.get(url(bantul)).json()["status"] == "self_assessment"
    # Assessors wait for the submission to read the answers.
    assert lead.get(url(bantul, "self-assessment")).json() == []
    response = staff.post(url(bantul, "submit"))
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    with nothing_written():
        assert staff.put(url(bantul, "self-assessment"), [{"criterion": k1, "level": 5, "version": 1}],
                         format="json").status_code == 409
    assert len(lead.get(url(bantul, "self-assessment")).json()) == 3

    # Time passes: the admin moves the cycle to its assessment stage.
    cycle = bantul.cycle
    t = clock.today()
    body = {"self_assessment_start": str(t - dt.timedelta(days=30)), "self_assessment_end": str(t - dt.timedelta(1)),
            "assessment_start": str(t), "version": cycle.version}
    assert admin.patch(f"{CYCLES}{cycle.pk}/", body, format="json").status_code == 200
    response = admin.post(f"{CYCLES}{cycle.pk}/start-assessment/")
    assert response.status_code == 200 and response.json()["status"] == "assessment"

    # Two assessors score blind.
    assert lead.put(url(bantul, "scores"), [{"criterion": k1, "level": 2, "comment": "SK belum lengkap."},
                                            {"criterion": k2, "level": 4}, {"criterion": k3, "level": 3}],
                    format="json").status_code == 200
    response = second.post(url(bantul, "scores"), [{"criterion": k1, "level": 4}, {"criterion": k2, "level": 4},
                                                   {"criterion": k3, "level": 2}], format="json")
    assert response.status_code == 200
    assert {s["assessor"] for s in response.json()} == {"penilai2"}
    assert {s["assessor"] for s in lead.get(url(bantul, "scores")).json()} == {"penilai"}
    assert staff.get(url(bantul, "scores")).json() == []
    assert second.post(url(bantul, "open-moderation")).status_code == 403

    # The lead opens moderation: everyone assigned sees every score.
    response = lead.post(url(bantul, "open-moderation"))
    assert response.status_code == 200 and response.json()["status"] == "in_review"
    assert len(second.get(url(bantul, "scores")).json()) == 6
    response = lead.post(url(bantul, "finalise"))
    assert response.status_code == 409
    assert response.json()["disagreements"] == ["K01"]
    assert response.json()["narrative"] == ["strengths", "weaknesses", "recommendations"]

    # Agreement on K01 (2 vs 4), the narrative, then finalisation.
    response = lead.put(url(bantul, "agreements"), [{"criterion": k1, "level": 3,
                                                     "reason": "SK ditetapkan, notula rapat belum ada."}],
                        format="json")
    assert response.status_code == 200
    assert response.json()[0]["decided_by"] == "penilai"
    version = lead.get(url(bantul)).json()["version"]
    response = lead.patch(url(bantul), {"strengths": "Komitmen dalam RPJMD.", "weaknesses": "Refocusing anggaran.",
                                        "recommendations": "Tambah programmer per OPD.", "version": version},
                          format="json")
    assert response.status_code == 200, response.json()
    assert staff.get(url(bantul)).json()["strengths"] == ""  # the region reads it once final
    response = lead.post(url(bantul, "finalise"))
    assert response.status_code == 200
    body = response.json()
    # K01 agreed 3 (baseline, w10) · K02 4 (output, w20) · K03 2.5 (impact, w30): (30 + 80 + 75) / 60 = 3.0833…
    assert (body["status"], body["index"], body["predikat"], body["rank"]) == ("final", "3.08", "Baik", 1)
    assert body["aspect_indexes"] == {"baseline": "3.00", "output": "4.00", "outcome": None, "impact": "2.50",
                                      "quick_win": None}
    assert len(body["dimension_indexes"]) == 6
    assert staff.get(url(bantul)).json()["strengths"] == "Komitmen dalam RPJMD."
    assert len(staff.get(url(bantul, "scores")).json()) == 6

    # Final: read-only for everyone, and Sleman never saw any of it.
    with nothing_written():
        assert lead.put(url(bantul, "scores"), [{"criterion": k2, "level": 5, "version": 1}],
                        format="json").status_code == 409
        assert lead.patch(url(bantul), {"strengths": "x", "version": body["version"]},
                          format="json").status_code == 409
        assert admin.post(url(bantul, "reopen"), {"reason": " "}, format="json").status_code == 400
        assert lead.post(url(bantul, "reopen"), {"reason": "salah hitung"}, format="json").status_code == 403
        assert sleman.get(url(bantul)).status_code == 404
        assert sleman.get(url(bantul, "scores")).status_code == 404

    # The admin reopens, with a reason; the lead may finalise again.
    response = admin.post(url(bantul, "reopen"), {"reason": "Daerah mengajukan bukti baru."}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["index"], response.json()["rank"]) == ("in_review", None, None)
    assert EvaluationEvent.objects.get(action="reopen").reason == "Daerah mengajukan bukti baru."
    assert lead.post(url(bantul, "finalise")).json()["index"] == "3.08"


# --- scoping ---------------------------------------------------------------------------------------------


def test_sleman_cannot_see_bantuls_evaluation(api_as, bantul):
    client = api_as("sleman")

    assert client.get(EVALUATIONS).json()["count"] == 0
    for sub in ("", "self-assessment", "scores", "agreements", "survey"):
        assert client.get(url(bantul, sub)).status_code == 404
    assert client.post(url(bantul, "submit")).status_code == 404


@pytest.mark.parametrize(("persona", "sees"), [
    ("admin", True), ("kementerian", True), ("diy", True), ("bantul", True), ("sleman", False),
    ("penilai", True), ("penilai2", True), ("outsider", False),
])
def test_who_sees_an_evaluation(api_as, bantul, persona, sees):
    response = api_as(persona).get(url(bantul))

    assert response.status_code == (200 if sees else 404)


def test_the_public_gets_401(api_as, bantul):
    assert api_as(None).get(EVALUATIONS).status_code == 401
    assert api_as(None).get(url(bantul)).status_code == 401


def test_an_assessor_sees_the_evaluations_assigned_not_every_evaluation_of_the_region(api_as, users, instrument,
                                                                                      bantul):
    older = make_evaluation(make_cycle(instrument, "closed", year=2025), "34.02", E.FINAL, [users["penilai2"]],
                            users["penilai2"])
    client = api_as("penilai")

    assert [e["id"] for e in client.get(EVALUATIONS).json()["results"]] == [bantul.pk]
    assert client.get(url(older)).status_code == 404
    assert api_as("penilai2").get(EVALUATIONS).json()["count"] == 2
    # The policy lets the assessor read the region itself (its programmes, its page).
    assert api_as("penilai").get("/api/v1/regions/34.02/").status_code == 200


def test_an_assignment_in_a_draft_cycle_shows_the_assessor_nothing_yet(api_as, users, instrument):
    draft = make_evaluation(make_cycle(instrument, "draft"), "34.02", assessors=[users["penilai"]],
                            lead=users["penilai"])

    assert api_as("penilai").get(url(draft)).status_code == 404
    assert api_as("penilai").get("/api/v1/regions/34.02/").status_code == 404


def test_penilai_cannot_score_an_evaluation_not_assigned(api_as, users, instrument, nothing_written):
    cycle = make_cycle(instrument, "assessment")
    sleman = make_evaluation(cycle, "34.04", E.SUBMITTED, [users["penilai2"]], users["penilai2"])

    with nothing_written():
        response = api_as("penilai").put(url(sleman, "scores"), [{"criterion": criteria_of(sleman)[0].pk,
                                                                  "level": 3}], format="json")

    assert response.status_code == 404  # not visible: its existence is not leaked


@pytest.mark.parametrize("persona", ["kementerian", "bantul", "diy", "admin"])
def test_only_assigned_assessors_score_a_visible_evaluation(api_as, users, instrument, nothing_written, persona):
    evaluation = make_evaluation(make_cycle(instrument, "assessment"), "34.02", E.SUBMITTED, [users["penilai"]],
                                 users["penilai"])

    with nothing_written():
        response = api_as(persona).put(url(evaluation, "scores"), [{"criterion": criteria_of(evaluation)[0].pk,
                                                                    "level": 3}], format="json")

    assert response.status_code == 403


def test_an_assessor_cannot_see_another_assessors_scores_before_moderation(api_as, users, instrument):
    evaluation = make_evaluation(make_cycle(instrument, "assessment"), "34.02", E.SUBMITTED,
                                 [users["penilai"], users["penilai2"]], users["penilai"])
    score(evaluation, users["penilai"], 2)
    score(evaluation, users["penilai2"], 4)

    mine = api_as("penilai2").get(url(evaluation, "scores")).json()
    lead = api_as("penilai").get(url(evaluation, "scores")).json()

    assert {(s["assessor"], s["level"]) for s in mine} == {("penilai2", 4)}
    assert {(s["assessor"], s["level"]) for s in lead} == {("penilai", 2)}
    assert api_as("kementerian").get(url(evaluation, "scores")).json() == []
    assert len(api_as("admin").get(url(evaluation, "scores")).json()) == 6  # the secretariat follows progress


# --- refusals: 400, 403, 409 --------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [0, 6, -1, "tiga", 3.5])
def test_a_level_outside_1_to_5_answers_400_and_writes_nothing(api_as, users, instrument, nothing_written, level):
    draft = make_evaluation(make_cycle(instrument), "34.02")
    scoring = make_evaluation(make_cycle(make_instrument(3, "lain"), "assessment", year=2025), "34.04",
                              E.SUBMITTED, [users["penilai"]], users["penilai"])

    with nothing_written():
        answers = api_as("bantul").put(url(draft, "self-assessment"),
                                       [{"criterion": criteria_of(draft)[0].pk, "level": level}], format="json")
        scores = api_as("penilai").put(url(scoring, "scores"),
                                       [{"criterion": criteria_of(scoring)[0].pk, "level": level}], format="json")

    assert (answers.status_code, scores.status_code) == (400, 400)
    assert "level" in answers.json()["0"]  # errors keyed by the row's position


def test_self_assessment_outside_the_window_answers_409_and_writes_nothing(api_as, instrument, nothing_written):
    cycle = make_cycle(instrument)
    cycle.self_assessment_end = cycle.self_assessment_start = clock.today() - dt.timedelta(days=2)
    cycle.save()
    evaluation = make_evaluation(cycle, "34.02")

    with nothing_written():
        response = api_as("bantul").put(url(evaluation, "self-assessment"),
                                        [{"criterion": criteria_of(evaluation)[0].pk, "level": 3}], format="json")

    assert response.status_code == 409
    assert "window" in response.json()["detail"]


def test_a_stale_answer_version_answers_409(api_as, users, instrument, bantul, nothing_written):
    k1 = criteria_of(bantul)[0].pk
    client = api_as("bantul")
    client.put(url(bantul, "self-assessment"), [{"criterion": k1, "level": 3}], format="json")
    client.put(url(bantul, "self-assessment"), [{"criterion": k1, "level": 4, "version": 1}], format="json")

    with nothing_written():
        stale = client.put(url(bantul, "self-assessment"), [{"criterion": k1, "level": 2, "version": 1}],
                           format="json")
        missing = client.put(url(bantul, "self-assessment"), [{"criterion": k1, "level": 2}], format="json")

    assert (stale.status_code, missing.status_code) == (409, 400)
    assert SelfAssessment.objects.get().level == 4


@pytest.mark.parametrize("body", [[], {}, [{"level": 3}], "text"])
def test_malformed_rows_answer_400(api_as, bantul, nothing_written, body):
    with nothing_written():
        response = api_as("bantul").put(url(bantul, "self-assessment"), body, format="json")

    assert response.status_code == 400


@pytest.mark.parametrize(("persona", "action", "code"), [
    ("bantul", "open-moderation", 403), ("penilai2", "finalise", 403), ("kementerian", "reopen", 403),
    ("penilai", "submit", 403), ("sleman", "finalise", 404),
])
def test_role_refusals_on_actions(api_as, bantul, nothing_written, persona, action, code):
    with nothing_written():
        response = api_as(persona).post(url(bantul, action), {"reason": "x"}, format="json")

    assert response.status_code == code


def test_a_score_is_recorded_with_its_author_in_the_audit_trail(api_as, users, instrument):
    evaluation = make_evaluation(make_cycle(instrument, "assessment"), "34.02", E.SUBMITTED, [users["penilai"]],
                                 users["penilai"])
    answer_all(evaluation)
    k1 = criteria_of(evaluation)[0].pk
    api_as("penilai").put(url(evaluation, "scores"), [{"criterion": k1, "level": 3}], format="json")
    api_as("penilai").put(url(evaluation, "scores"), [{"criterion": k1, "level": 4, "version": 1}], format="json")

    records = Score.history.order_by("history_date", "history_id")
    assert [(r.history_type, r.level, r.history_user) for r in records] == [
        ("+", 3, users["penilai"]), ("~", 4, users["penilai"])]
