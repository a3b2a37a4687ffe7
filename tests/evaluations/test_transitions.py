"""Every transition, its guard (who, from which state, when) and its refusals — which write nothing."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations import services, transitions
from evaluations.models import Evaluation, EvaluationEvent, Score
from evaluations.transitions import Conflict
from tests import clock

from .builders import (
    agree,
    answer_all,
    criteria_of,
    make_cycle,
    make_evaluation,
    make_instrument,
    move_cycle,
    score,
    write_narrative,
)

E = Evaluation.Status


@pytest.fixture
def users(world, penilai2):
    return world.users


def in_review(instrument, users, code="34.02", levels_1=3, levels_2=3, narrative=True):
    """An evaluation in moderation, scored by penilai (lead) and penilai2."""
    cycle = make_cycle(instrument, "assessment")
    evaluation = make_evaluation(cycle, code, E.IN_REVIEW, [users["penilai"], users["penilai2"]], users["penilai"])
    answer_all(evaluation)
    score(evaluation, users["penilai"], levels_1)
    score(evaluation, users["penilai2"], levels_2)
    return write_narrative(evaluation) if narrative else evaluation


# --- self-assessment -------------------------------------------------------------------------------------


def test_the_first_answer_starts_the_self_assessment_and_logs_who_did_it(instrument, users):
    evaluation = make_evaluation(make_cycle(instrument), "34.02")
    criterion = criteria_of(evaluation)[0]

    services.save_answers(users["bantul"], evaluation, [{"criterion": criterion.pk, "level": 3}])

    evaluation.refresh_from_db()
    assert evaluation.status == E.SELF_ASSESSMENT
    event = evaluation.events.get()
    assert (event.action, event.from_status, event.to_status, event.user) == (
        "start", "not_started", "self_assessment", users["bantul"])
    answer = evaluation.answers.get()
    assert (answer.level, answer.updated_by, answer.history.first().history_user) == (3, users["bantul"],
                                                                                      users["bantul"])


def test_a_draft_answer_may_wait_for_its_level_but_submission_needs_them_all(instrument, users, nothing_written):
    evaluation = make_evaluation(make_cycle(instrument), "34.02", E.SELF_ASSESSMENT)
    first, *others = criteria_of(evaluation)
    services.save_answers(users["bantul"], evaluation, [{"criterion": first.pk, "level": 4},
                                                        {"criterion": others[0].pk, "explanation": "menyusul"}])

    with nothing_written(), pytest.raises(Conflict) as refused:
        transitions.submit_self_assessment(users["bantul"], evaluation)

    assert refused.value.details == {"missing_answers": ["K02", "K03"]}


def test_region_staff_submit_once_and_the_answers_become_read_only(instrument, users, nothing_written):
    evaluation = make_evaluation(make_cycle(instrument), "34.02", E.SELF_ASSESSMENT)
    answer_all(evaluation)

    transitions.submit_self_assessment(users["bantul"], evaluation)

    evaluation.refresh_from_db()
    assert evaluation.status == E.SUBMITTED and evaluation.submitted_at is not None
    with nothing_written():
        with pytest.raises(Conflict, match="submitted"):
            transitions.submit_self_assessment(users["bantul"], evaluation)
        with pytest.raises(Conflict, match="submitted"):
            services.save_answers(users["bantul"], evaluation, [{"criterion": criteria_of(evaluation)[0].pk,
                                                                 "level": 5, "version": 1}])


@pytest.mark.parametrize("persona", ["sleman", "penilai", "kementerian", "diy"])
def test_only_the_regions_own_staff_fill_in_its_self_assessment(instrument, users, nothing_written, persona):
    evaluation = make_evaluation(make_cycle(instrument), "34.02", assessors=[users["penilai"]], lead=users["penilai"])
    criterion = criteria_of(evaluation)[0]

    with nothing_written(), pytest.raises(PermissionDenied):
        services.save_answers(users[persona], evaluation, [{"criterion": criterion.pk, "level": 3}])


@pytest.mark.parametrize(("stage", "shift"), [("self_assessment", -11), ("self_assessment", 11),
                                              ("draft", 0), ("assessment", 0)])
def test_the_self_assessment_is_refused_outside_its_window_or_stage(instrument, users, nothing_written, stage, shift):
    cycle = make_cycle(instrument, stage)
    for name in ("self_assessment_start", "self_assessment_end", "assessment_start", "assessment_end"):
        setattr(cycle, name, getattr(cycle, name) + dt.timedelta(days=shift))
    cycle.save()
    evaluation = make_evaluation(cycle, "34.02")

    with nothing_written(), pytest.raises(Conflict):
        services.save_answers(users["bantul"], evaluation, [{"criterion": criteria_of(evaluation)[0].pk,
                                                             "level": 3}])


def test_the_window_is_read_in_asia_jakarta(instrument, users, time_machine):
    # The window's last day is the pinned clock's day in Jakarta; its first day a fortnight earlier.
    last_day = clock.today()
    cycle = make_cycle(instrument)
    evaluation = make_evaluation(cycle, "34.02")
    cycle.self_assessment_start, cycle.self_assessment_end = last_day - dt.timedelta(days=14), last_day
    cycle.save()
    # 23:30 UTC the evening before is already 06:30 on the last day in Jakarta: the window is open.
    time_machine.move_to(dt.datetime.combine(last_day, dt.time(6, 30), clock.JAKARTA).astimezone(dt.UTC))
    assert transitions.today() == last_day
    transitions.ensure_self_assessment_open(users["bantul"], evaluation)

    # 17:00 UTC on the last day is 00:00 on the next day in Jakarta: closed, though it is still that day in UTC.
    time_machine.move_to(dt.datetime.combine(last_day, dt.time(17, 0), dt.UTC))
    assert transitions.today() == last_day + dt.timedelta(days=1)
    with pytest.raises(Conflict):
        transitions.ensure_self_assessment_open(users["bantul"], evaluation)


# --- scoring and moderation ---------------------------------------------------------------------------------


def submitted(instrument, users, stage="assessment", code="34.02"):
    evaluation = make_evaluation(make_cycle(instrument, stage), code, E.SUBMITTED,
                                 [users["penilai"], users["penilai2"]], users["penilai"])
    answer_all(evaluation)
    return evaluation


def test_an_assigned_assessor_scores_in_the_assessment_window(instrument, users):
    evaluation = submitted(instrument, users)
    rows = [{"criterion": c.pk, "level": 4, "comment": "sesuai"} for c in criteria_of(evaluation)]

    services.save_scores(users["penilai2"], evaluation, rows)

    assert list(Score.objects.filter(assessor=users["penilai2"]).values_list("level", flat=True)) == [4, 4, 4]


def test_an_assessor_not_assigned_may_not_score(instrument, users, nothing_written, world):
    evaluation = submitted(instrument, users)
    other = world.users["admin"]

    with nothing_written(), pytest.raises(PermissionDenied):
        services.save_scores(other, evaluation, [{"criterion": criteria_of(evaluation)[0].pk, "level": 3}])


@pytest.mark.parametrize(("stage", "status"), [("self_assessment", E.SUBMITTED), ("assessment", E.SELF_ASSESSMENT),
                                               ("closed", E.SUBMITTED), ("assessment", E.FINAL)])
def test_scoring_is_refused_outside_the_assessment_stage_or_before_submission(
        instrument, users, nothing_written, stage, status):
    evaluation = make_evaluation(make_cycle(instrument, stage), "34.02", status, [users["penilai"]], users["penilai"])

    with nothing_written(), pytest.raises(Conflict):
        services.save_scores(users["penilai"], evaluation, [{"criterion": criteria_of(evaluation)[0].pk, "level": 3}])


def test_scoring_is_refused_after_the_assessment_window_closed(instrument, users, nothing_written):
    evaluation = submitted(instrument, users)
    cycle = evaluation.cycle
    cycle.assessment_end = clock.today() - dt.timedelta(days=1)
    cycle.save()

    with nothing_written(), pytest.raises(Conflict, match="Scoring is open"):
        services.save_scores(users["penilai"], evaluation, [{"criterion": criteria_of(evaluation)[0].pk, "level": 3}])


def test_a_score_outside_the_instrument_or_given_twice_is_refused(instrument, users, nothing_written):
    evaluation = submitted(instrument, users)
    foreign = make_instrument(1, code="lain").criteria.get()
    first = criteria_of(evaluation)[0]

    with nothing_written():
        for rows in ([{"criterion": foreign.pk, "level": 3}],
                     [{"criterion": first.pk, "level": 3}, {"criterion": first.pk, "level": 4}]):
            with pytest.raises(ValidationError):
                services.save_scores(users["penilai"], evaluation, rows)


def test_changing_a_score_needs_the_version_read_and_a_stale_one_is_refused(instrument, users, nothing_written):
    from smartcity.models import StaleVersion

    evaluation = submitted(instrument, users)
    first = criteria_of(evaluation)[0]
    services.save_scores(users["penilai"], evaluation, [{"criterion": first.pk, "level": 3}])
    services.save_scores(users["penilai"], evaluation, [{"criterion": first.pk, "level": 4, "version": 1}])

    with nothing_written():
        with pytest.raises(StaleVersion):
            services.save_scores(users["penilai"], evaluation, [{"criterion": first.pk, "level": 5, "version": 1}])
        with pytest.raises(ValidationError):
            services.save_scores(users["penilai"], evaluation, [{"criterion": first.pk, "level": 5}])
    assert Score.objects.get().level == 4
    assert Score.objects.get().version == 2


def test_the_lead_opens_moderation_once_the_assessment_has_begun(instrument, users):
    evaluation = submitted(instrument, users)

    transitions.open_moderation(users["penilai"], evaluation)

    evaluation.refresh_from_db()
    assert evaluation.status == E.IN_REVIEW and evaluation.moderation_opened_at is not None


@pytest.mark.parametrize("persona", ["penilai2", "bantul", "kementerian"])
def test_only_the_lead_or_the_admin_opens_moderation(instrument, users, nothing_written, persona):
    evaluation = submitted(instrument, users)

    with nothing_written(), pytest.raises(PermissionDenied):
        transitions.open_moderation(users[persona], evaluation)


def test_moderation_does_not_open_before_the_assessment_or_on_an_unsubmitted_evaluation(
        instrument, users, nothing_written):
    early = submitted(instrument, users, stage="self_assessment")
    draft = make_evaluation(make_cycle(make_instrument(2, "lain"), "assessment", year=2025), "34.04",
                            E.SELF_ASSESSMENT, [users["penilai"]], users["penilai"])

    with nothing_written():
        for evaluation in (early, draft):
            with pytest.raises(Conflict):
                transitions.open_moderation(users["admin"], evaluation)


def test_the_lead_agrees_a_level_only_where_assessors_differ_by_more_than_one(instrument, users, nothing_written):
    evaluation = in_review(instrument, users, levels_1=[2, 3, 3], levels_2=[4, 4, 3])
    first, second, _third = criteria_of(evaluation)

    with nothing_written():
        with pytest.raises(ValidationError, match="no agreement is needed"):
            services.save_agreements(users["penilai"], evaluation, [{"criterion": second.pk, "level": 3,
                                                                     "reason": "x"}])
        with pytest.raises(ValidationError, match="between 2 and 4"):
            services.save_agreements(users["penilai"], evaluation, [{"criterion": first.pk, "level": 5,
                                                                     "reason": "x"}])
        with pytest.raises(PermissionDenied):
            services.save_agreements(users["penilai2"], evaluation, [{"criterion": first.pk, "level": 3,
                                                                      "reason": "x"}])

    services.save_agreements(users["penilai"], evaluation, [{"criterion": first.pk, "level": 3,
                                                             "reason": "Bukti SK diperiksa ulang."}])
    agreement = evaluation.agreements.get()
    assert (agreement.level, agreement.decided_by, agreement.reason) == (3, users["penilai"],
                                                                          "Bukti SK diperiksa ulang.")


def test_agreements_wait_for_moderation(instrument, users, nothing_written):
    evaluation = submitted(instrument, users)
    score(evaluation, users["penilai"], 1)
    score(evaluation, users["penilai2"], 4)

    with nothing_written(), pytest.raises(Conflict, match="Moderation is not open"):
        services.save_agreements(users["penilai"], evaluation, [{"criterion": criteria_of(evaluation)[0].pk,
                                                                 "level": 2, "reason": "x"}])


# --- finalisation -------------------------------------------------------------------------------------------------


def test_the_lead_finalises_and_the_figures_are_fixed_and_ranked(instrument, users):
    evaluation = in_review(instrument, users, levels_1=[3, 4, 5], levels_2=[4, 4, 5])

    transitions.finalise_evaluation(users["penilai"], evaluation)

    evaluation.refresh_from_db()
    # K01 baseline 3.5 (w1) · K02 output 4 (w2) · K03 impact 5 (w1): (10·3.5 + 20·4 + 30·5) / 60 = 4.4166…
    assert evaluation.status == E.FINAL
    assert evaluation.index == Decimal("4.42")
    assert evaluation.aspect_indexes == {"baseline": "3.50", "output": "4.00", "outcome": None, "impact": "5.00",
                                         "quick_win": None}
    assert evaluation.dimension_indexes["governance"] == "3.50"
    assert evaluation.dimension_indexes["living"] == "5.00"
    assert evaluation.dimension_indexes["economy"] is None
    assert (evaluation.predikat, evaluation.rank) == ("Memuaskan", 1)
    assert evaluation.events.filter(action="finalise", user=users["penilai"]).exists()


def test_a_missing_score_blocks_finalisation(instrument, users, nothing_written):
    evaluation = in_review(instrument, users, levels_2=[3, None, 3])

    with nothing_written(), pytest.raises(Conflict) as refused:
        transitions.finalise_evaluation(users["penilai"], evaluation)

    assert refused.value.details == {"missing_scores": ["K02"]}


def test_a_disagreement_of_more_than_one_level_blocks_finalisation_until_agreed(instrument, users, nothing_written):
    evaluation = in_review(instrument, users, levels_1=[1, 3, 3], levels_2=[3, 3, 4])

    with nothing_written(), pytest.raises(Conflict) as refused:
        transitions.finalise_evaluation(users["admin"], evaluation)

    assert refused.value.details == {"disagreements": ["K01"]}
    agree(evaluation, criteria_of(evaluation)[0], 2, users["penilai"])
    transitions.finalise_evaluation(users["admin"], evaluation)
    evaluation.refresh_from_db()
    assert evaluation.aspect_indexes["baseline"] == "2.00"


def test_finalisation_needs_the_narrative_and_an_assessor(instrument, users, nothing_written):
    evaluation = in_review(instrument, users, narrative=False)
    lonely = make_evaluation(evaluation.cycle, "34.04", E.IN_REVIEW)
    write_narrative(lonely)

    with nothing_written():
        with pytest.raises(Conflict) as refused:
            transitions.finalise_evaluation(users["penilai"], evaluation)
        assert refused.value.details == {"narrative": ["strengths", "weaknesses", "recommendations"]}
        with pytest.raises(Conflict) as refused:
            transitions.finalise_evaluation(users["admin"], lonely)
        assert set(refused.value.details) == {"assessors", "missing_scores"}


@pytest.mark.parametrize("persona", ["penilai2", "bantul", "kementerian"])
def test_only_the_lead_or_the_admin_finalises(instrument, users, nothing_written, persona):
    evaluation = in_review(instrument, users)

    with nothing_written(), pytest.raises(PermissionDenied):
        transitions.finalise_evaluation(users[persona], evaluation)


def test_finalisation_needs_moderation_open(instrument, users, nothing_written):
    evaluation = submitted(instrument, users)
    score(evaluation, users["penilai"], 3)
    score(evaluation, users["penilai2"], 3)

    with nothing_written(), pytest.raises(Conflict, match="Open moderation"):
        transitions.finalise_evaluation(users["penilai"], evaluation)


def test_a_final_evaluation_refuses_every_write(instrument, users, nothing_written):
    evaluation = in_review(instrument, users)
    transitions.finalise_evaluation(users["penilai"], evaluation)
    evaluation.refresh_from_db()
    first = criteria_of(evaluation)[0]

    with nothing_written():
        for act in (
            lambda: services.save_scores(users["penilai"], evaluation, [{"criterion": first.pk, "level": 5,
                                                                         "version": 1}]),
            lambda: services.save_agreements(users["penilai"], evaluation, [{"criterion": first.pk, "level": 3,
                                                                             "reason": "x"}]),
            lambda: services.save_answers(users["bantul"], evaluation, [{"criterion": first.pk, "level": 5,
                                                                         "version": 1}]),
            lambda: services.save_survey(users["bantul"], evaluation, []),
            lambda: services.update_evaluation(users["penilai"], evaluation, {"strengths": "x"}, evaluation.version),
            lambda: services.update_evaluation(users["admin"], evaluation, {"assessors": [users["penilai"]],
                                                                            "lead": users["penilai"]},
                                               evaluation.version),
            lambda: transitions.open_moderation(users["penilai"], evaluation),
            lambda: transitions.finalise_evaluation(users["penilai"], evaluation),
        ):
            with pytest.raises(Conflict):
                act()


def test_ties_share_a_rank_and_the_next_rank_is_skipped(instrument, users):
    cycle = make_cycle(instrument, "assessment")
    results = {}
    for code, level in (("34.01", 3), ("34.02", 4), ("34.04", 3), ("34.71", 2)):
        evaluation = make_evaluation(cycle, code, E.IN_REVIEW, [users["penilai"]], users["penilai"])
        score(evaluation, users["penilai"], level)
        write_narrative(evaluation)
        transitions.finalise_evaluation(users["penilai"], evaluation)
        results[code] = evaluation

    ranks = dict(Evaluation.objects.filter(cycle=cycle).values_list("region_id", "rank"))
    assert ranks == {"34.02": 1, "34.01": 2, "34.04": 2, "34.71": 4}


# --- reopening ---------------------------------------------------------------------------------------------------


def final(instrument, users):
    evaluation = in_review(instrument, users)
    transitions.finalise_evaluation(users["penilai"], evaluation)
    evaluation.refresh_from_db()
    return evaluation


def test_the_admin_reopens_a_final_evaluation_with_a_reason_kept_in_the_audit_trail(instrument, users):
    evaluation = final(instrument, users)

    transitions.reopen_evaluation(users["admin"], evaluation, "Bukti baru dari daerah setelah banding.")

    evaluation.refresh_from_db()
    assert evaluation.status == E.IN_REVIEW
    assert (evaluation.index, evaluation.predikat, evaluation.rank, evaluation.aspect_indexes) == (None, "", None, {})
    event = evaluation.events.get(action=EvaluationEvent.Action.REOPEN)
    assert (event.user, event.reason, event.from_status, event.to_status) == (
        users["admin"], "Bukti baru dari daerah setelah banding.", "final", "in_review")
    record = evaluation.history.first()
    assert record.history_change_reason == "Bukti baru dari daerah setelah banding."
    assert record.prev_record.status == "final" and record.prev_record.index == Decimal("3.00")


@pytest.mark.parametrize("persona", ["penilai", "kementerian", "bantul"])
def test_only_the_admin_reopens(instrument, users, nothing_written, persona):
    evaluation = final(instrument, users)

    with nothing_written(), pytest.raises(PermissionDenied):
        transitions.reopen_evaluation(users[persona], evaluation, "alasan")


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_reopening_needs_a_written_reason(instrument, users, nothing_written, reason):
    evaluation = final(instrument, users)

    with nothing_written(), pytest.raises(ValidationError):
        transitions.reopen_evaluation(users["admin"], evaluation, reason)


def test_only_a_final_evaluation_is_reopened(instrument, users, nothing_written):
    evaluation = in_review(instrument, users)

    with nothing_written(), pytest.raises(Conflict):
        transitions.reopen_evaluation(users["admin"], evaluation, "alasan")


# --- cycles ----------------------------------------------------------------------------------------------------------


def test_the_admin_opens_moves_and_closes_a_cycle(instrument, users):
    cycle = make_cycle(instrument, "draft")
    evaluation = make_evaluation(cycle, "34.02", assessors=[users["penilai"]], lead=users["penilai"])

    cycle = transitions.open_cycle(users["admin"], cycle)
    assert cycle.status == "self_assessment"
    move_cycle(cycle, "self_assessment")
    cycle.assessment_start = clock.today()
    cycle.self_assessment_end = clock.today() - dt.timedelta(days=1)
    cycle.save()
    cycle = transitions.start_assessment(users["admin"], cycle)
    assert cycle.status == "assessment"
    cycle = transitions.close_cycle(users["admin"], cycle)  # Bantul never submitted: it stays unevaluated
    assert cycle.status == "closed"
    assert cycle.history.first().history_change_reason == "Closed"
    evaluation.refresh_from_db()
    assert evaluation.status == E.NOT_STARTED


def test_cycle_transitions_refuse_the_wrong_user_state_or_date(instrument, users, nothing_written):
    empty = make_cycle(instrument, "draft", year=2027)
    early = make_cycle(instrument, "self_assessment", year=2028)
    busy = make_cycle(instrument, "assessment", year=2029)
    make_evaluation(busy, "34.02", E.SUBMITTED)

    with nothing_written():
        with pytest.raises(PermissionDenied):
            transitions.open_cycle(users["kementerian"], empty)
        with pytest.raises(Conflict, match="participating regions"):
            transitions.open_cycle(users["admin"], empty)
        with pytest.raises(Conflict, match="draft"):
            transitions.open_cycle(users["admin"], early)
        with pytest.raises(Conflict, match="assessment window opens"):
            transitions.start_assessment(users["admin"], early)
        with pytest.raises(Conflict, match="not final yet: 34.02"):
            transitions.close_cycle(users["admin"], busy)


def test_an_opened_cycle_keeps_its_instrument_weights_and_year_but_may_move_its_windows(instrument):
    cycle = make_cycle(instrument, "self_assessment")

    cycle.weight_baseline, cycle.weight_output = Decimal(20), Decimal(10)
    with pytest.raises(ValidationError) as refused:
        cycle.full_clean()
    assert set(refused.value.message_dict) == {"weight_baseline", "weight_output"}

    cycle.refresh_from_db()
    cycle.assessment_end += dt.timedelta(days=7)
    cycle.full_clean()


def test_the_criteria_of_an_instrument_in_use_are_frozen(instrument):
    make_cycle(instrument, "self_assessment")
    criterion = instrument.criteria.first()

    criterion.weight = Decimal(5)
    with pytest.raises(ValidationError) as refused:
        criterion.full_clean()
    assert "instrument" in refused.value.message_dict
