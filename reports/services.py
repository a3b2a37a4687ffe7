"""Verb-named operations on reports, without a request.

- request_report(user, kind, …): the policy first; a report in flight for the same key is joined (the
  database holds at most one in flight per key, so a flood of requests queues one build, and reads no
  data); then the fingerprint of the data the report would show: an up-to-date stored report is reused
  (instant download); otherwise a new report is created and queued when the transaction commits. A
  broker that cannot be reached marks the report failed with that reason: the request never fails
  with a 500.
- build_report(report_id): the worker's job, in stages — data (reports.data), HTML and PDF
  (reports.rendering), storage — with its progress in the row. Idempotent: a report already done is
  left alone; a redelivered one (its worker died) is built again from the start. The file is written
  under a new random name and the row points to it only once it is whole, so a half-written file is
  never served; if the row cannot be updated the file is deleted. A rebuild keeps the older build (row
  and PDF) until reports.cleanup removes it, FILE_RETENTION_DAYS after the newer one was done.
"""
import functools
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluations.models import Cycle, Evaluation
from evaluations.querysets import ALL, score_visibility, visible_answers
from smartcity import policy

from . import data as report_data
from . import rendering
from .models import Report, report_file_path

logger = logging.getLogger(__name__)

# A worker that dies this many times on one report gives up on it (a report that kills its worker).
MAX_ATTEMPTS = 6
# An in-flight report not touched for this long lost its task (e.g. a broker flushed): a new request replaces it.
STALE_AFTER = timedelta(minutes=30)
# Publishing to a broker that does not answer: give up after about a second, then tell the user.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.4, "interval_max": 0.5}


def report_language(language):
    code = (language or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def variant_for(user, evaluation):
    """(shows_scores, shows_answers): what a report on `evaluation` requested by `user` may show."""
    if evaluation.is_final:
        return True, True
    shows_scores = score_visibility(user, evaluation) == ALL
    shows_answers = not visible_answers(user, evaluation).query.is_empty()
    return shows_scores, shows_answers


def variant_allowed(user, report):
    """For a report already known to be visible (from Report.objects.visible_to): a draft's variant must not
    show the user more than they may read now (blind scores, an unsubmitted self-assessment)."""
    if report.kind == Report.Kind.NATIONAL or not report.draft:
        return True
    shows_scores, shows_answers = variant_for(user, report.evaluation)
    return (shows_scores or not report.shows_scores) and (shows_answers or not report.shows_answers)


def report_key(kind, language, evaluation=None, year=None, variant=(True, True)):
    if kind == Report.Kind.NATIONAL:
        return f"national:{year}:{language}"
    scores, answers = variant
    return f"evaluation:{evaluation.pk}:{language}:{'s' if scores else '-'}{'a' if answers else '-'}"


def gather(kind, evaluation_id=None, year=None, shows_scores=True, shows_answers=True):
    """The view model of a report (in the active language)."""
    if kind == Report.Kind.NATIONAL:
        return report_data.national_report_data(year)
    evaluation = report_data.evaluation_for_report(evaluation_id)
    return report_data.evaluation_report_data(evaluation, shows_scores=shows_scores, shows_answers=shows_answers)


def visible_evaluation(user, evaluation_id):
    """The evaluation if the user may see it; Evaluation.DoesNotExist (a 404) otherwise."""
    return Evaluation.objects.visible_to(user).select_related("cycle", "region").prefetch_related(
        "assignments").get(pk=evaluation_id)


def request_report(user, kind, evaluation=None, year=None, language=None, rebuild=False):
    """The report the user asked for: (report, reused). Raises Evaluation.DoesNotExist for an evaluation the
    user may not see, PermissionDenied for a national report without the national view, ValidationError for
    a year without a cycle. Call outside a transaction to learn at once whether the queue took it."""
    language = report_language(language)
    if kind == Report.Kind.NATIONAL:
        if not policy.can(user, policy.VIEW_NATIONAL):
            raise PermissionDenied(_("Only the ministry and the national secretariat receive the national report."))
        if year is None or not Cycle.objects.filter(year=year).exists():
            raise ValidationError({"year": [_("There is no evaluation cycle for this year.")]})
        variant, draft_now = (True, True), None
    elif kind == Report.Kind.EVALUATION:
        if evaluation is None:
            raise ValidationError({"evaluation": [_("Choose an evaluation.")]})
        evaluation = visible_evaluation(user, evaluation.pk if isinstance(evaluation, Evaluation) else evaluation)
        variant = variant_for(user, evaluation)
        draft_now = not evaluation.is_final
    else:
        raise ValidationError({"kind": [_("Choose a region evaluation report or a national summary report.")]})
    key = report_key(kind, language, evaluation, year, variant)
    if not rebuild:
        # A build of this report is on its way: join it before reading the data for a fingerprint (the
        # build reads the data when it runs; a flood of requests then costs the database nothing).
        flying = _fresh_in_flight(Report.objects.filter(key=key))
        if flying is not None:
            flying.requesters.add(user)
            return flying, True
    with translation.override(language):
        current = report_data.fingerprint(gather(kind, evaluation.pk if evaluation else None, year, *variant))
    return _find_or_create(user, kind, key, language, evaluation, year, variant, draft_now, current, rebuild)


def _fresh_in_flight(reports):
    """The report of these in flight and not stale (see STALE_AFTER), if there is one."""
    return reports.filter(status__in=Report.IN_FLIGHT, updated_at__gte=timezone.now() - STALE_AFTER).first()


@transaction.atomic
def _find_or_create(user, kind, key, language, evaluation, year, variant, draft_now, current, rebuild):
    reports = Report.objects.filter(key=key)
    if not rebuild:
        done = reports.filter(status=Report.Status.DONE, fingerprint=current).exclude(file="").first()
        if done is not None:
            done.requesters.add(user)
            return done, True
    _retire_stale(reports)
    for _attempt in range(3):
        flying = reports.filter(status__in=Report.IN_FLIGHT).first()
        if flying is not None:
            flying.requesters.add(user)
            return flying, True
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    kind=kind, evaluation=evaluation, year=year, language=language, key=key,
                    draft=bool(draft_now) if kind == Report.Kind.EVALUATION else False,
                    shows_scores=variant[0], shows_answers=variant[1], requested_by=user,
                    task_id=str(uuid.uuid4()))
        except IntegrityError:
            continue  # another request created it a moment ago: reuse that one
        report.requesters.add(user)
        transaction.on_commit(functools.partial(enqueue, report.pk, report.task_id))
        return report, False
    raise RuntimeError("no report could be created or found for " + key)


def _retire_stale(reports):
    stale = reports.filter(status__in=Report.IN_FLIGHT, updated_at__lt=timezone.now() - STALE_AFTER)
    for report in stale:
        with translation.override(report.language):
            fail(report.pk, _("The report was not built in time; it has been requested again."))


def enqueue(report_id, task_id):
    """Hand the report to the workers; if the broker cannot be reached, say so on the report."""
    from .tasks import build_report

    try:
        build_report.apply_async(args=[report_id], task_id=task_id, queue=settings.CELERY_TASK_DEFAULT_QUEUE,
                                 retry=True, retry_policy=PUBLISH_RETRY)
    except Exception:
        logger.warning("report %s could not be queued", report_id, exc_info=True)
        report = Report.objects.filter(pk=report_id).only("language").first()
        if report is not None:
            with translation.override(report.language):
                fail(report_id, _("The report service is unavailable at the moment, so the report could not be "
                                  "queued. Please request it again in a few minutes."))


# --- the worker's side ---------------------------------------------------------------------------------

def set_progress(report_id, progress):
    Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(progress=progress,
                                                                           updated_at=timezone.now())


def fail(report_id, reason):
    """Record why the report failed; a report already done stays done."""
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.DONE).update(
        status=Report.Status.FAILED, error=reason, finished_at=timezone.now(), updated_at=timezone.now())


def requeue(report_id, reason):
    """A transient fault: the report waits for its retry (still in flight, so no duplicate is queued)."""
    Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(
        status=Report.Status.QUEUED, progress=0, error=reason, updated_at=timezone.now())


def _start(report_id):
    """Lock the report and mark it running; None if there is nothing to do (done, failed, or gone)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status not in Report.IN_FLIGHT:
            return None
        if report.attempts >= MAX_ATTEMPTS:
            with translation.override(report.language):
                reason = _("The report could not be built: its worker stopped %(count)s times while building it.") % {
                    "count": report.attempts}
            fail(report_id, reason)
            return None
        report.attempts += 1
        report.status = Report.Status.RUNNING
        report.progress = 5
        report.error = ""
        report.started_at = timezone.now()
        report.save(update_fields=["attempts", "status", "progress", "error", "started_at", "updated_at"])
        return report


def store_pdf(pdf):
    """Save the whole PDF under a new, non-guessable name; returns the name."""
    return default_storage.save(report_file_path(None, "report.pdf"), ContentFile(pdf))


def build_report(report_id):
    """Build the report's PDF (see the module doc). Returns the report, or None if there was nothing to do."""
    report = _start(report_id)
    if report is None:
        return None
    with translation.override(report.language):
        view_model = gather(report.kind, report.evaluation_id, report.year, report.shows_scores,
                            report.shows_answers)
        print_ = report_data.fingerprint(view_model)
        set_progress(report_id, 20)
        html = rendering.render_html(report.kind, view_model, report.language, print_)
        set_progress(report_id, 30)
        document = rendering.layout(html)
        set_progress(report_id, 80)
        pdf = rendering.write_pdf(document)
    set_progress(report_id, 90)
    name = store_pdf(pdf)
    try:
        with transaction.atomic():
            current = Report.objects.select_for_update().get(pk=report_id)
            if current.status == Report.Status.DONE:
                default_storage.delete(name)  # a duplicate delivery finished first; keep its file
                return current
            current.file.name = name
            current.fingerprint = print_
            current.draft = view_model.draft
            current.status = Report.Status.DONE
            current.progress = 100
            current.error = ""
            current.finished_at = timezone.now()
            current.save()
    except BaseException:
        default_storage.delete(name)  # the row does not point to it: a file nobody would own
        raise
    return current
