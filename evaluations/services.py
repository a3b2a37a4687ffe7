"""Verb-named operations on evaluations: atomic, guarded by evaluations.transitions, no request.

Each checks who (PermissionDenied), the state (transitions.Conflict), the versions read
(StaleVersion) and the data (ValidationError) before it writes anything, so a refusal writes
nothing. Rows are written in bulk together with their audit trail (simple_history's bulk helpers):
a constant number of queries whatever the number of criteria.
"""
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from smartcity.models import StaleVersion

from . import transitions
from .evidence import check_evidence_file, delete_replaced_evidence, store_evidence_file
from .index import needs_agreement
from .instrument_data import DEFAULT_INSTRUMENT
from .models import (
    ANSWERS,
    Agreement,
    Assignment,
    CitizenSurvey,
    Criterion,
    Cycle,
    Evaluation,
    Instrument,
    Interview,
    Score,
    SelfAssessment,
    SurveyedProgramme,
    assessor_user_ids,
    conflicting_assessors,
    survey_rule_errors,
)

NARRATIVE_FIELDS = ["strengths", "weaknesses", "recommendations"]
ANSWER_FIELDS = ["level", "explanation", "evidence_url", "evidence_file"]
SCORE_FIELDS = ["level", "comment"]
AGREEMENT_FIELDS = ["level", "reason"]


# --- instruments -------------------------------------------------------------------------------------


@transaction.atomic
def load_default_instrument():
    """The instrument that ships with the portal (instrument_data.py). Idempotent: creates what is
    missing, never overwrites an edit, never touches an instrument in use. Returns (instrument, created)."""
    data = DEFAULT_INSTRUMENT
    instrument, _created = Instrument.objects.get_or_create(
        code=data["code"], defaults={"name": data["name"], "description": data["description"],
                                     "uses_predikat": data["uses_predikat"]})
    if instrument.in_use:
        return instrument, 0
    have = set(instrument.criteria.values_list("code", flat=True))
    new = [Criterion(instrument=instrument, position=position, **row)
           for position, row in enumerate(data["criteria"], start=1) if row["code"] not in have]
    bulk_create_with_history(new, Criterion)
    return instrument, len(new)


@transaction.atomic
def copy_instrument(user, instrument, code, name):
    """A new edition of an instrument, with copies of its criteria, free to change."""
    transitions.ensure_admin(user, _("Only the national secretariat keeps the instruments."))
    copy = Instrument(code=code, name=name, description=instrument.description,
                      predikat_thresholds=instrument.predikat_thresholds, uses_predikat=instrument.uses_predikat)
    copy.full_clean()
    copy._history_user = user
    copy.save()
    fields = ["code", "position", "aspect", "dimension", "sub_dimension", "question", "guidance", "weight",
              "level_1", "level_2", "level_3", "level_4", "level_5", *Criterion.IMPROVEMENT_FIELDS]
    bulk_create_with_history([Criterion(instrument=copy, **{f: getattr(c, f) for f in fields})
                              for c in instrument.criteria.all()], Criterion, default_user=user)
    return copy


# --- regions and assessors ----------------------------------------------------------------------------


CYCLE_FIELDS = ["year", "name", "instrument", "weight_baseline", "weight_output", "weight_outcome", "weight_impact",
                "weight_quick_win", "survey_rule", "self_assessment_start", "self_assessment_end", "assessment_start", "assessment_end"]
CYCLE_WINDOWS = ["self_assessment_start", "self_assessment_end", "assessment_start", "assessment_end"]


@transaction.atomic
def create_cycle(user, data):
    """A new cycle in draft: its instrument, aspect weights and windows, validated as the model says."""
    transitions.ensure_admin(user, _("Only the national secretariat opens a cycle."))
    cycle = Cycle(**{k: v for k, v in data.items() if k in CYCLE_FIELDS})
    cycle.full_clean()
    cycle._history_user = user
    cycle.save()
    return cycle


@transaction.atomic
def update_cycle(user, cycle, data, expected_version):
    """Change a cycle: everything while it is a draft, only its name and windows once opened (the instrument
    and weights are frozen then), nothing once closed or published."""
    transitions.ensure_admin(user, _("Only the national secretariat changes a cycle."))
    cycle = Cycle.objects.select_for_update(of=("self",)).get(pk=cycle.pk)
    if cycle.is_ended:  # its results stand as scored and published
        raise transitions.Conflict(_("The cycle is closed."))
    if expected_version is None or int(expected_version) != cycle.version:
        raise StaleVersion(cycle.version)
    allowed = CYCLE_FIELDS if cycle.status == Cycle.Status.DRAFT else ["name", *CYCLE_WINDOWS]
    changed = {k: v for k, v in data.items() if k in allowed and v != getattr(cycle, k)}
    if not changed:
        return cycle
    for name, value in changed.items():
        setattr(cycle, name, value)
    cycle.full_clean()
    cycle.version += 1
    cycle._history_user = user
    cycle.save()
    return cycle


@transaction.atomic
def remove_participant(user, evaluation):
    """A region leaves a cycle before its assessment stage, as long as it has not begun its self-assessment
    (nothing of it is then lost)."""
    transitions.ensure_admin(user, _("Only the national secretariat removes regions from a cycle."))
    evaluation = transitions.lock(evaluation)
    if evaluation.cycle.status not in (Cycle.Status.DRAFT, Cycle.Status.SELF_ASSESSMENT):
        raise transitions.Conflict(_("Regions leave a cycle before its assessment stage."))
    if evaluation.status != Evaluation.Status.NOT_STARTED or SelfAssessment.objects.filter(
            evaluation=evaluation).exists() or CitizenSurvey.objects.filter(evaluation=evaluation).exists():
        raise transitions.Conflict(_("%(region)s has already begun its self-assessment and stays in the cycle.") % {
            "region": evaluation.region.name})
    for assignment in list(evaluation.assignments.all()):
        assignment._history_user = user
        assignment.delete()
    evaluation._history_user = user
    evaluation.delete()


@transaction.atomic
def add_evaluation(user, cycle, region, assessors=(), lead=None):
    """A region joins a cycle (before its assessment stage), with its assessors and their lead."""
    transitions.ensure_admin(user, _("Only the national secretariat adds regions to a cycle."))
    cycle = Cycle.objects.select_for_update(of=("self",)).get(pk=cycle.pk)
    if cycle.status not in (Cycle.Status.DRAFT, Cycle.Status.SELF_ASSESSMENT):
        raise transitions.Conflict(_("Regions join a cycle before its assessment stage."))
    evaluation = Evaluation(cycle=cycle, region=region)
    evaluation.full_clean(exclude=["assessors"])
    _check_assessors(evaluation, assessors, lead)
    evaluation._history_user = user
    evaluation.save()
    _write_assignments(user, evaluation, assessors, lead, current=[])
    return evaluation


@transaction.atomic
def add_participants(user, cycle, regions):
    """Enrolled regions join a cycle (before its assessment stage) in one go: by cohort, by province or one
    by one. Regions already taking part are left as they are. Returns the evaluations created."""
    from regions.models import Enrolment

    transitions.ensure_admin(user, _("Only the national secretariat adds regions to a cycle."))
    cycle = Cycle.objects.select_for_update(of=("self",)).get(pk=cycle.pk)
    if cycle.status not in (Cycle.Status.DRAFT, Cycle.Status.SELF_ASSESSMENT):
        raise transitions.Conflict(_("Regions join a cycle before its assessment stage."))
    codes = {region.code for region in regions}
    enrolled = set(Enrolment.objects.active().filter(region_id__in=codes).values_list("region_id", flat=True))
    if codes - enrolled:
        raise ValidationError({"regions": [_("Not enrolled in the movement: %(codes)s.") % {
            "codes": ", ".join(sorted(codes - enrolled))}]})
    taking_part = set(cycle.evaluations.filter(region_id__in=codes).values_list("region_id", flat=True))
    new = [Evaluation(cycle=cycle, region_id=code) for code in sorted(codes - taking_part)]
    bulk_create_with_history(new, Evaluation, default_user=user)
    return new


def _check_assessors(evaluation, assessors, lead):
    assessors = list(assessors)
    if len({a.pk for a in assessors}) != len(assessors):
        raise ValidationError({"assessors": [_("An assessor is named twice.")]})
    if assessors and lead is None:
        raise ValidationError({"lead": [_("Name the lead among the assessors.")]})
    if lead is not None and lead.pk not in {a.pk for a in assessors}:
        raise ValidationError({"lead": [_("The lead must be one of the assessors.")]})
    ids = [a.pk for a in assessors]
    not_assessors = set(ids) - assessor_user_ids(ids)
    if not_assessors:
        raise ValidationError({"assessors": [_("Not an assessor: %(names)s.") % {
            "names": ", ".join(sorted(a.username for a in assessors if a.pk in not_assessors))}]})
    conflicts = conflicting_assessors(evaluation.region, ids)
    if conflicts:
        raise ValidationError({"assessors": [_(
            "Conflict of interest: %(names)s works for this region or its province.") % {
            "names": ", ".join(sorted(a.username for a in assessors if a.pk in conflicts))}]})


def _write_assignments(user, evaluation, assessors, lead, current):
    wanted = {a.pk for a in assessors}
    lead_id = lead.pk if lead is not None else None
    for assignment in current:
        if assignment.assessor_id not in wanted:
            assignment._history_user = user
            assignment.delete()  # few rows; each removal lands in the audit trail
    kept = [a for a in current if a.assessor_id in wanted]
    # Clear the old lead before naming the new one: one lead per evaluation, at every moment.
    demoted = [a for a in kept if a.is_lead and a.assessor_id != lead_id]
    promoted = [a for a in kept if not a.is_lead and a.assessor_id == lead_id]
    for assignment in demoted:
        assignment.is_lead = False
    for assignment in promoted:
        assignment.is_lead = True
    if demoted:
        bulk_update_with_history(demoted, Assignment, ["is_lead"], default_user=user)
    have = {a.assessor_id for a in kept}
    bulk_create_with_history([Assignment(evaluation=evaluation, assessor=a, is_lead=a.pk == lead_id)
                              for a in assessors if a.pk not in have], Assignment, default_user=user)
    if promoted:
        bulk_update_with_history(promoted, Assignment, ["is_lead"], default_user=user)


@transaction.atomic
def update_evaluation(user, evaluation, data, expected_version):
    """Change the assessors (admin) or the narrative (lead), carrying the version read."""
    evaluation = transitions.lock(evaluation)
    assigning = "assessors" in data or "lead" in data
    narrative = {k: data[k] for k in NARRATIVE_FIELDS if k in data and data[k] != getattr(evaluation, k)}
    transitions.ensure_can_change_evaluation(user, evaluation, data)
    if expected_version is None or int(expected_version) != evaluation.version:
        raise StaleVersion(evaluation.version)
    if assigning:
        current = list(evaluation.assignments.all())
        assessors = data.get("assessors", [a.assessor for a in current])
        lead = data["lead"] if "lead" in data else evaluation.lead
        _check_assessors(evaluation, assessors, lead)
        lead_id = lead.pk if lead is not None else None
        assigning = ({a.pk for a in assessors} != {a.assessor_id for a in current}
                     or lead_id != next((a.assessor_id for a in current if a.is_lead), None))
    if assigning:
        scored = set(Score.objects.filter(evaluation=evaluation).values_list("assessor_id", flat=True))
        leaving = [a.assessor for a in current if a.assessor_id in scored and a.assessor_id not in
                   {x.pk for x in assessors}]
        if leaving:
            raise transitions.Conflict(_("%(names)s has already scored and stays assigned.") % {
                "names": ", ".join(sorted(u.username for u in leaving))})
        _write_assignments(user, evaluation, assessors, lead, current)
    if not (assigning or narrative):
        return evaluation  # nothing changes: nothing is written (no new version, no history row)
    for name, value in narrative.items():
        setattr(evaluation, name, value)
    evaluation.version += 1
    evaluation._history_user = user
    evaluation.save()
    return evaluation


# --- the presentation and interview ------------------------------------------------------------------------

INTERVIEW_FIELDS = ["date", "mode", "venue", "attendees", "notes"]


@transaction.atomic
def save_interview(user, evaluation, data, interview=None, expected_version=None):
    """Record a presentation and interview (`interview` None) or change one, carrying the version read.
    The lead assessor or the admin, from submission until final (transitions.ensure_can_record_interview)."""
    evaluation = transitions.lock(evaluation)
    transitions.ensure_can_record_interview(user, evaluation)
    if interview is None:
        interview = Interview(evaluation=evaluation, recorded_by=user)
    elif interview.evaluation_id != evaluation.pk:
        raise ValidationError(_("This interview belongs to another evaluation."))
    for name in INTERVIEW_FIELDS:
        if name in data:
            setattr(interview, name, data[name])
    interview.full_clean()
    interview._history_user = user
    interview.save_versioned(expected_version)
    return interview


# --- answers, scores, agreements ------------------------------------------------------------------------


def _criteria(evaluation, rows):
    """{id: Criterion} of the rows' criteria, refusing one outside the cycle's instrument or given twice."""
    ids = [row["criterion"] for row in rows]
    criteria = Criterion.objects.filter(instrument_id=evaluation.cycle.instrument_id).in_bulk(ids)
    unknown = sorted({str(i) for i in ids if i not in criteria})
    if unknown:
        raise ValidationError({"criterion": [_("Not a criterion of this cycle's instrument: %(ids)s.") % {
            "ids": ", ".join(unknown)}]})
    twice = sorted({criteria[i].code for i in ids if ids.count(i) > 1})
    if twice:
        raise ValidationError({"criterion": [_("Each criterion once, please (given twice: %(codes)s).") % {
            "codes": ", ".join(twice)}]})
    return criteria


def _upsert(model, user, rows, existing, make, fields, criteria, stamp=None):
    """Create the rows that are new and change the ones that exist, each change carrying the version read.
    Checks every row before writing any; `stamp` names the field recording who changed a row."""
    new, changed = [], []
    now = timezone.now()
    for row in rows:
        obj = existing.get(row["criterion"])
        if obj is None:
            new.append(make(row))
            continue
        if row.get("version") is None:
            raise ValidationError({"version": [_("Give the version you read of each row you change "
                                                 "(criterion %(code)s).") % {"code": criteria[row["criterion"]].code}]})
        if int(row["version"]) != obj.version:
            raise StaleVersion(obj.version)
        values = {f: row[f] for f in fields if f in row}
        if all(getattr(obj, f) == v for f, v in values.items()):
            continue
        for f, v in values.items():
            setattr(obj, f, v)
        if stamp:
            setattr(obj, stamp, user)
        obj.version += 1
        obj.updated_at = now
        changed.append(obj)
    bulk_create_with_history(new, model, default_user=user)
    if changed:
        extra = [stamp] if stamp else []
        bulk_update_with_history(changed, model, [*fields, *extra, "version", "updated_at"], default_user=user)
    return new, changed


@transaction.atomic
def save_answers(user, evaluation, rows):
    """Region staff save self-assessment answers (drafts: a level may wait) while the window is open.

    A row's `evidence_file` is an uploaded file (checked by its content, stored under a name nobody can
    guess) or "" to remove the one attached. A refusal leaves no stored file behind."""
    evaluation = transitions.start_self_assessment(user, evaluation)
    criteria = _criteria(evaluation, rows)
    existing = {a.criterion_id: a for a in SelfAssessment.objects.select_for_update().filter(
        evaluation=evaluation, criterion_id__in=list(criteria))}
    uploads = [row for row in rows if row.get("evidence_file")]
    for row in uploads:
        try:
            check_evidence_file(row["evidence_file"])
        except ValidationError as e:
            raise ValidationError({"evidence_file": [_("Criterion %(code)s: %(error)s") % {
                "code": criteria[row["criterion"]].code, "error": " ".join(e.messages)}]}) from None

    def make(row):
        return SelfAssessment(evaluation=evaluation, criterion=criteria[row["criterion"]], updated_by=user,
                              **{f: row[f] for f in ANSWER_FIELDS if f in row})

    stored = []
    try:
        for row in uploads:
            row["evidence_file"] = store_evidence_file(evaluation, row["evidence_file"])
            stored.append(row["evidence_file"])
        delete_replaced_evidence(existing, rows)
        return _upsert(SelfAssessment, user, rows, existing, make, ANSWER_FIELDS, criteria, stamp="updated_by")
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


@transaction.atomic
def save_scores(user, evaluation, rows):
    """An assigned assessor saves their own scores (level 1–5 and a comment) in the assessment window."""
    evaluation = transitions.lock(evaluation)
    transitions.ensure_can_score(user, evaluation)
    criteria = _criteria(evaluation, rows)
    existing = {s.criterion_id: s for s in Score.objects.select_for_update().filter(
        evaluation=evaluation, assessor=user, criterion_id__in=list(criteria))}

    def make(row):
        return Score(evaluation=evaluation, criterion=criteria[row["criterion"]], assessor=user,
                     **{f: row[f] for f in SCORE_FIELDS if f in row})

    return _upsert(Score, user, rows, existing, make, SCORE_FIELDS, criteria)


@transaction.atomic
def save_agreements(user, evaluation, rows):
    """The lead records agreed levels where the assessors differ by more than one level; the agreed
    level lies between the lowest and the highest score."""
    evaluation = transitions.lock(evaluation)
    transitions.ensure_can_moderate(user, evaluation)
    criteria = _criteria(evaluation, rows)
    levels = {}
    for criterion_id, level in Score.objects.filter(evaluation=evaluation, criterion_id__in=list(criteria)).order_by(
            ).values_list("criterion_id", "level"):
        levels.setdefault(criterion_id, []).append(level)
    for row in rows:
        scored, code = levels.get(row["criterion"], []), criteria[row["criterion"]].code
        if not needs_agreement(scored):
            raise ValidationError({"criterion": [_(
                "The assessors do not differ by more than one level on %(code)s: no agreement is needed.") % {
                "code": code}]})
        if "level" in row and not min(scored) <= row["level"] <= max(scored):
            raise ValidationError({"level": [_("The agreed level on %(code)s lies between %(low)s and %(high)s.") % {
                "code": code, "low": min(scored), "high": max(scored)}]})
    existing = {a.criterion_id: a for a in Agreement.objects.select_for_update().filter(
        evaluation=evaluation, criterion_id__in=list(criteria))}

    def make(row):
        if "level" not in row or not row.get("reason", "").strip():
            raise ValidationError({"reason": [_("An agreement needs its level and a reason.")]})
        return Agreement(evaluation=evaluation, criterion=criteria[row["criterion"]], decided_by=user,
                         level=row["level"], reason=row["reason"])

    return _upsert(Agreement, user, rows, existing, make, AGREEMENT_FIELDS, criteria, stamp="decided_by")


# --- citizen survey ---------------------------------------------------------------------------------------


@transaction.atomic
def save_survey(user, evaluation, programmes, notes=None, expected_version=None):
    """Region staff record the citizen survey: the programmes surveyed (the region's own) and, per
    programme, the count of each answer. The list given replaces the one stored."""
    from programmes.models import Programme

    evaluation = transitions.start_self_assessment(user, evaluation)
    ids = [row["programme"] for row in programmes]
    if len(set(ids)) != len(ids):
        raise ValidationError({"programmes": [_("Each programme once, please.")]})
    own = {row["pk"]: row for row in Programme.objects.filter(region=evaluation.region, pk__in=ids).order_by("code")
           .values("pk", "code", "dimension", "sub_dimension", "opd_id")}
    foreign = sorted(str(i) for i in set(ids) - set(own))
    if foreign:
        raise ValidationError({"programmes": [_("Not a programme of this region: %(ids)s.") % {
            "ids": ", ".join(foreign)}]})
    # Counts mean surveyed and surveyed means counts: a programme listed without respondents is a mistake.
    empty = [row["programme"] for row in programmes if not any(row.get(answer, 0) for answer in ANSWERS)]
    if empty:
        codes = dict(Programme.objects.filter(pk__in=empty).values_list("pk", "code"))
        raise ValidationError({"programmes": [_(
            "A programme listed in the survey needs at least one respondent (%(codes)s): give its counts or "
            "leave it out.") % {"codes": ", ".join(sorted(codes.values()))}]})
    for row in programmes:
        if any(row.get(answer, 0) < 0 for answer in ANSWERS):
            raise ValidationError({"programmes": [_("Counts of respondents cannot be negative.")]})
        # The model's bounds on a count, as forms and the admin apply them (the API's rows are plain data).
        counts = SurveyedProgramme(**{answer: row.get(answer, 0) for answer in ANSWERS})
        try:
            counts.clean_fields(exclude=["survey", "programme"])
        except ValidationError as exc:
            raise ValidationError({"programmes": [f"{SurveyedProgramme._meta.get_field(name).verbose_name}: {message}"
                                                  for name, messages in exc.message_dict.items()
                                                  for message in messages]}) from None
    survey = CitizenSurvey.objects.select_for_update().filter(evaluation=evaluation).first()
    if survey is None:
        survey = CitizenSurvey(evaluation=evaluation)
    elif expected_version is None:
        raise ValidationError({"version": [_("Give the version you read (or an If-Match header).")]})
    elif int(expected_version) != survey.version:
        raise StaleVersion(survey.version)
    elif (notes is None or notes == survey.notes) and {
            row.programme_id: {answer: getattr(row, answer) for answer in ANSWERS} for row in survey.rows.all()} == {
            row["programme"]: {answer: row.get(answer, 0) for answer in ANSWERS} for row in programmes}:
        return survey  # nothing changes: nothing is written (no new version, no history row)
    else:
        survey.version += 1
    # The shape the cycle's survey rule asks for (models.survey_rules); a survey still too small is saved.
    refused = survey_rule_errors(evaluation.cycle.survey_rule, list(own.values()))
    if refused:
        raise ValidationError({"programmes": refused})
    if notes is not None:
        survey.notes = notes
    survey.updated_by = user
    survey._history_user = user
    survey.save()
    existing = {row.programme_id: row for row in survey.rows.all()} if survey.pk else {}
    for programme_id, row in existing.items():
        if programme_id not in set(ids):
            row._history_user = user
            row.delete()  # few rows; each removal lands in the audit trail
    new, changed = [], []
    for data in programmes:
        row = existing.get(data["programme"])
        counts = {answer: data.get(answer, 0) for answer in ANSWERS}
        if row is None:
            new.append(SurveyedProgramme(survey=survey, programme_id=data["programme"], **counts))
        elif any(getattr(row, k) != v for k, v in counts.items()):
            for k, v in counts.items():
                setattr(row, k, v)
            changed.append(row)
    bulk_create_with_history(new, SurveyedProgramme, default_user=user)
    if changed:
        bulk_update_with_history(changed, SurveyedProgramme, ANSWERS, default_user=user)
    return survey
