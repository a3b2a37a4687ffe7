"""Every state change of a cycle or an evaluation, each behind its guard: who may, from which
state, and when. Windows are dates in Asia/Jakarta, both ends included.

    cycle:      draft → self_assessment → assessment → closed                (admin)
                closed → published              the result letter (number, date) (admin); fixes the
                                                improvement and both ranks of every final evaluation
                published → published           again with a new letter, after a reopening (admin)
    evaluation: not_started → self_assessment   first answer or survey saved  (region staff, window open)
                self_assessment → submitted     submit, every level given     (region staff, window open)
                submitted → in_review           open moderation               (lead or admin, assessment begun)
                in_review → final               finalise, nothing blocking    (lead or admin)
                final → in_review               reopen, with a written reason (admin; audited); takes
                                                it off everything public until the cycle is published again

A refused transition raises and writes nothing: PermissionDenied (the user may not: 403), Conflict
(the record's state or the calendar does not allow it: 409), ValidationError (the input: 400).
The `ensure_*` guards are also what services run before writing answers, scores and agreements.
"""
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from smartcity import policy
from smartcity.exceptions import Conflict

from . import results
from .models import Cycle, Evaluation, EvaluationEvent, SelfAssessment

JAKARTA = ZoneInfo("Asia/Jakarta")
E = Evaluation.Status
C = Cycle.Status


def today():
    """Today in Asia/Jakarta, the calendar every window is read in."""
    return timezone.now().astimezone(JAKARTA).date()


def _day(value):
    return formats.date_format(value, "DATE_FORMAT")


def is_admin(user):
    return policy.can(user, policy.MANAGE_REFERENCE)


# --- guards ------------------------------------------------------------------------------------------


def permits(guard, *args):
    """Whether a guard lets this through now: to show or hide a button (the act itself asks again)."""
    try:
        guard(*args)
    except (PermissionDenied, Conflict):
        return False
    return True


def ensure_admin(user, message=None):
    if not is_admin(user):
        raise PermissionDenied(message or _("Only the national secretariat may do this."))


def ensure_not_final(evaluation):
    if evaluation.is_final:
        raise Conflict(_("This evaluation is final and read-only."))


def ensure_self_assessment_open(user, evaluation):
    """Region staff of the region write the self-assessment and survey while the window is open."""
    if not policy.can(user, policy.CHANGE, evaluation):
        raise PermissionDenied(_("Only the region's own staff fill in its self-assessment."))
    ensure_not_final(evaluation)
    if evaluation.status not in (E.NOT_STARTED, E.SELF_ASSESSMENT):
        raise Conflict(_("The self-assessment has been submitted and is read-only."))
    cycle = evaluation.cycle
    if cycle.status != C.SELF_ASSESSMENT:
        raise Conflict(_("The cycle is not in its self-assessment stage."))
    if not cycle.self_assessment_open_on(today()):
        raise Conflict(_("The self-assessment window runs from %(start)s to %(end)s.") % {
            "start": _day(cycle.self_assessment_start), "end": _day(cycle.self_assessment_end)})


def ensure_can_score(user, evaluation):
    """Assigned assessors score a submitted evaluation, in the assessment window of an assessment cycle."""
    if evaluation.assignment_of(user) is None:
        raise PermissionDenied(_("Only the assessors assigned to this evaluation score it."))
    ensure_not_final(evaluation)
    if evaluation.status not in (E.SUBMITTED, E.IN_REVIEW):
        raise Conflict(_("The region has not submitted its self-assessment yet."))
    cycle = evaluation.cycle
    if cycle.status != C.ASSESSMENT:
        raise Conflict(_("The cycle is not in its assessment stage."))
    if not cycle.assessment_open_on(today()):
        raise Conflict(_("Scoring is open from %(start)s to %(end)s.") % {
            "start": _day(cycle.assessment_start), "end": _day(cycle.assessment_end)})


def ensure_lead(user, evaluation):
    assignment = evaluation.assignment_of(user)
    if not (is_admin(user) or (assignment is not None and assignment.is_lead)):
        raise PermissionDenied(_("Only the lead assessor (or the national secretariat) may do this."))


def ensure_can_moderate(user, evaluation):
    """The lead records agreed levels once moderation is open."""
    ensure_lead(user, evaluation)
    ensure_not_final(evaluation)
    if evaluation.status != E.IN_REVIEW:
        raise Conflict(_("Moderation is not open for this evaluation."))


def ensure_can_write_narrative(user, evaluation):
    """The lead drafts strengths, weaknesses and recommendations from submission until finalisation."""
    ensure_lead(user, evaluation)
    ensure_not_final(evaluation)
    if evaluation.status not in (E.SUBMITTED, E.IN_REVIEW):
        raise Conflict(_("The narrative is written once the region has submitted."))


def ensure_can_record_interview(user, evaluation):
    """The lead assessor (or the admin) records the presentation and interview from submission until the
    evaluation is final. Not a status: it neither waits for nor holds back scoring and moderation."""
    if not policy.can(user, policy.RECORD_INTERVIEW, evaluation):
        raise PermissionDenied(_("Only the lead assessor (or the national secretariat) records the interview."))
    ensure_not_final(evaluation)
    if evaluation.status not in (E.SUBMITTED, E.IN_REVIEW):
        raise Conflict(_("The interview is recorded once the region has submitted its self-assessment."))


def ensure_can_assign(user, evaluation):
    ensure_admin(user, _("Only the national secretariat assigns assessors."))
    ensure_not_final(evaluation)
    if evaluation.cycle.is_ended:
        raise Conflict(_("The cycle is closed."))


ASSIGNING = ("assessors", "lead")
NARRATIVE = ("strengths", "weaknesses", "recommendations")


def ensure_can_change_evaluation(user, evaluation, fields=()):
    """Any write on the evaluation record itself, asked before its data is even read: the assessors
    are the admin's, the narrative the lead's. A write naming neither (only a version) still needs a
    writer who may write now; it then changes nothing."""
    fields = set(fields)
    assigning, narrative = fields & set(ASSIGNING), fields & set(NARRATIVE)
    if assigning or (not narrative and is_admin(user)):
        ensure_can_assign(user, evaluation)
    if narrative or not (assigning or is_admin(user)):
        ensure_can_write_narrative(user, evaluation)


# --- evaluation transitions ----------------------------------------------------------------------------


def lock(evaluation):
    """The evaluation re-read under a row lock, with what the guards need."""
    return (Evaluation.objects.select_for_update(of=("self",)).select_related("cycle", "cycle__instrument", "region")
            .prefetch_related("assignments").get(pk=evaluation.pk))


def _move(evaluation, to, user, action, reason="", **fields):
    event = EvaluationEvent(evaluation=evaluation, action=action, from_status=evaluation.status, to_status=to,
                            user=user if getattr(user, "is_authenticated", False) else None, reason=reason)
    evaluation.status = to
    evaluation.version += 1
    for name, value in fields.items():
        setattr(evaluation, name, value)
    evaluation._change_reason = reason or EvaluationEvent.Action(action).label
    evaluation._history_user = event.user
    evaluation.save()
    event.save()
    return evaluation


@transaction.atomic
def start_self_assessment(user, evaluation):
    """not_started → self_assessment, when the region first saves an answer or its survey."""
    evaluation = lock(evaluation)
    ensure_self_assessment_open(user, evaluation)
    if evaluation.status == E.NOT_STARTED:
        _move(evaluation, E.SELF_ASSESSMENT, user, EvaluationEvent.Action.START)
    return evaluation


@transaction.atomic
def submit_self_assessment(user, evaluation):
    """self_assessment → submitted: once only; the answers become read-only."""
    evaluation = lock(evaluation)
    ensure_self_assessment_open(user, evaluation)
    answered = set(SelfAssessment.objects.filter(evaluation=evaluation, level__isnull=False)
                   .values_list("criterion_id", flat=True))
    missing = list(evaluation.cycle.instrument.criteria.exclude(pk__in=answered).in_order()
                   .values_list("code", flat=True))
    if missing:
        raise Conflict(_("Give a level for every criterion before submitting (missing: %(codes)s).") % {
            "codes": ", ".join(missing)}, {"missing_answers": missing})
    return _move(evaluation, E.SUBMITTED, user, EvaluationEvent.Action.SUBMIT, submitted_at=timezone.now())


@transaction.atomic
def open_moderation(user, evaluation):
    """submitted → in_review: the assessors now see each other's scores."""
    evaluation = lock(evaluation)
    ensure_lead(user, evaluation)
    ensure_not_final(evaluation)
    if evaluation.status == E.IN_REVIEW:
        raise Conflict(_("Moderation is already open."))
    if evaluation.status != E.SUBMITTED:
        raise Conflict(_("Moderation opens once the region has submitted its self-assessment."))
    cycle = evaluation.cycle
    if cycle.status != C.ASSESSMENT or today() < cycle.assessment_start:
        raise Conflict(_("Moderation opens in the assessment stage, from %(start)s.") % {
            "start": _day(cycle.assessment_start)})
    return _move(evaluation, E.IN_REVIEW, user, EvaluationEvent.Action.OPEN_MODERATION,
                 moderation_opened_at=timezone.now())


@transaction.atomic
def finalise_evaluation(user, evaluation):
    """in_review → final: the index figures and predikat are fixed, and the cycle is ranked again."""
    evaluation = lock(evaluation)
    ensure_lead(user, evaluation)
    if evaluation.is_final:
        raise Conflict(_("This evaluation is already final."))
    if evaluation.status != E.IN_REVIEW:
        raise Conflict(_("Open moderation before finalising."))
    scores = results.criterion_scores([evaluation])[evaluation.pk]
    blockers = results.finalisation_blockers(evaluation, scores)
    if blockers:
        raise Conflict(" ".join(results.describe_blockers(blockers)), blockers)
    figures = results.results_of(evaluation, scores).as_json()
    _move(evaluation, E.FINAL, user, EvaluationEvent.Action.FINALISE, finalised_at=timezone.now(), **figures)
    results.rank_cycle(evaluation.cycle)
    evaluation.refresh_from_db(fields=["rank"])
    return evaluation


@transaction.atomic
def reopen_evaluation(user, evaluation, reason):
    """final → in_review by the national secretariat, with a written reason kept in the audit trail."""
    evaluation = lock(evaluation)
    ensure_admin(user, _("Only the national secretariat reopens a final evaluation."))
    if not evaluation.is_final:
        raise Conflict(_("Only a final evaluation can be reopened."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the evaluation is reopened.")]})
    _move(evaluation, E.IN_REVIEW, user, EvaluationEvent.Action.REOPEN, reason=reason, index=None,
          aspect_indexes={}, dimension_indexes={}, predikat="", finalised_at=None, rank=None, improvement=None,
          rank_province=None, rank_national=None, published_at=None)
    results.rank_cycle(evaluation.cycle)
    return evaluation


# --- cycle transitions -----------------------------------------------------------------------------------


def _lock_cycle(cycle):
    return Cycle.objects.select_for_update(of=("self",)).select_related("instrument").get(pk=cycle.pk)


def _move_cycle(cycle, to, user):
    label = str(C(to).label)
    cycle.status = to
    cycle.version += 1
    cycle._change_reason = label
    cycle._history_user = user
    cycle.save()
    return cycle


@transaction.atomic
def open_cycle(user, cycle):
    """draft → self_assessment: regions may fill in their self-assessment; the instrument is frozen."""
    cycle = _lock_cycle(cycle)
    ensure_admin(user, _("Only the national secretariat opens a cycle."))
    if cycle.status != C.DRAFT:
        raise Conflict(_("Only a draft cycle can be opened."))
    if not cycle.instrument.criteria.exists():
        raise Conflict(_("The cycle's instrument has no criteria."))
    if not cycle.evaluations.exists():
        raise Conflict(_("Add the participating regions before opening the cycle."))
    if today() > cycle.self_assessment_end:
        raise Conflict(_("The self-assessment window closed on %(end)s; move it first.") % {
            "end": _day(cycle.self_assessment_end)})
    return _move_cycle(cycle, C.SELF_ASSESSMENT, user)


@transaction.atomic
def start_assessment(user, cycle):
    """self_assessment → assessment, once the assessment window has begun."""
    cycle = _lock_cycle(cycle)
    ensure_admin(user, _("Only the national secretariat moves a cycle on."))
    if cycle.status != C.SELF_ASSESSMENT:
        raise Conflict(_("Only a cycle in its self-assessment stage moves on to assessment."))
    if today() < cycle.assessment_start:
        raise Conflict(_("The assessment window opens on %(start)s.") % {"start": _day(cycle.assessment_start)})
    return _move_cycle(cycle, C.ASSESSMENT, user)


@transaction.atomic
def close_cycle(user, cycle):
    """assessment → closed, once no submitted evaluation is left unfinished."""
    cycle = _lock_cycle(cycle)
    ensure_admin(user, _("Only the national secretariat closes a cycle."))
    if cycle.status != C.ASSESSMENT:
        raise Conflict(_("Only a cycle in its assessment stage can be closed."))
    open_ones = list(cycle.evaluations.filter(status__in=[E.SUBMITTED, E.IN_REVIEW]).order_by("region_id")
                     .values_list("region_id", flat=True))
    if open_ones:
        raise Conflict(_("These evaluations are not final yet: %(regions)s.") % {"regions": ", ".join(open_ones)},
                       {"regions": open_ones})
    cycle = _move_cycle(cycle, C.CLOSED, user)
    results.rank_cycle(cycle)
    return cycle



@transaction.atomic
def publish_cycle(user, cycle, letter_number, letter_date):
    """closed → published (or published again after a reopening) under the ministry's result letter: the
    letter is stored on the cycle and each final evaluation's improvement and ranks become published figures."""
    cycle = _lock_cycle(cycle)
    ensure_admin(user, _("Only the national secretariat publishes the results of a cycle."))
    if cycle.status not in (C.CLOSED, C.PUBLISHED):
        raise Conflict(_("Only a closed cycle can be published."))
    open_ones = list(cycle.evaluations.filter(status__in=[E.SUBMITTED, E.IN_REVIEW]).order_by("region_id")
                     .values_list("region_id", flat=True))
    if open_ones:
        raise Conflict(_("These evaluations are not final yet: %(regions)s.") % {"regions": ", ".join(open_ones)},
                       {"regions": open_ones})
    letter_number = (letter_number or "").strip()
    errors = {}
    if not letter_number:
        errors["letter_number"] = [_("Give the number of the result letter.")]
    elif len(letter_number) > Cycle._meta.get_field("letter_number").max_length:
        errors["letter_number"] = [_("The letter number is too long.")]
    if letter_date is None:
        errors["letter_date"] = [_("Give the date of the result letter.")]
    elif letter_date.year < cycle.year or letter_date > today():
        errors["letter_date"] = [_("The letter is dated between the cycle's year and today.")]
    if errors:
        raise ValidationError(errors)
    when = timezone.now()
    cycle.letter_number, cycle.letter_date, cycle.published_at = letter_number, letter_date, when
    cycle = _move_cycle(cycle, C.PUBLISHED, user)
    results.rank_cycle(cycle)
    results.publish_figures(cycle, when)
    return cycle
