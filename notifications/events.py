"""What a workflow event tells whom, sent once the transition's transaction commits."""
from functools import partial

from django.db import transaction
from django.utils.translation import gettext_lazy as _l

from regions.models import Role

from .models import Kind
from .services import admins, holders, notify


def yearly_report_event_saved(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(partial(yearly_report_event, instance.pk))


def evaluation_event_saved(sender, instance, created, **kwargs):
    if created:
        transaction.on_commit(partial(evaluation_event, instance.pk))


def yearly_report_event(event_id):
    from monitoring.models import YearlyReportEvent

    A = YearlyReportEvent.Action
    event = (YearlyReportEvent.objects.select_related("report__window", "report__region__parent")
             .filter(pk=event_id).first())
    if event is None:
        return
    report = event.report
    region, year, url = report.region, report.window.year, report.get_absolute_url()
    if event.action == A.SUBMIT:
        # The verifier: the province officer(s), or the national secretariat where there is none.
        verifiers = holders(Role.PROVINCE_OFFICER, [region.parent_id]) if region.parent_id else []
        notify(verifiers or admins(), Kind.SUBMITTED, _l(
            "%(region)s submitted its %(year)s yearly report for your verification."),
            {"region": region.name, "year": year}, url)
    elif event.action in (A.RETURN, A.REOPEN):
        notify(holders(Role.REGION_STAFF, [region.code]), Kind.RETURNED, _l(
            "The %(year)s yearly report of %(region)s was returned for correction: %(comment)s"),
            {"region": region.name, "year": year, "comment": event.comment}, url)
    elif event.action == A.VERIFY:
        notify(holders(Role.REGION_STAFF, [region.code]), Kind.VERIFIED, _l(
            "The %(year)s yearly report of %(region)s was verified."), {"region": region.name, "year": year}, url)


def evaluation_event(event_id):
    from django.urls import reverse

    from evaluations.models import EvaluationEvent

    A = EvaluationEvent.Action
    event = (EvaluationEvent.objects.select_related("evaluation__cycle", "evaluation__region")
             .filter(pk=event_id).first())
    if event is None:
        return
    evaluation = event.evaluation
    region, year = evaluation.region, evaluation.cycle.year
    assessors = [a.assessor for a in evaluation.assignments.select_related("assessor").order_by("pk")
                 if a.assessor.is_active]
    values = {"region": region.name, "year": year}
    if event.action == A.SUBMIT:
        notify(assessors, Kind.READY_FOR_SCORING, _l(
            "%(region)s submitted its %(year)s self-assessment: it is ready for scoring."), values,
            reverse("evaluations:scoring", args=[evaluation.pk]))
    elif event.action == A.OPEN_MODERATION:
        notify(assessors, Kind.MODERATION_OPENED, _l(
            "Moderation of the %(year)s evaluation of %(region)s is open."), values,
            reverse("evaluations:moderation", args=[evaluation.pk]))
    elif event.action == A.FINALISE:
        people = holders(Role.REGION_STAFF, [region.code])
        if region.parent_id:
            people += holders(Role.PROVINCE_OFFICER, [region.parent_id])
        notify(people, Kind.RESULTS_PUBLISHED, RESULTS_PUBLISHED, values, evaluation_url(evaluation))


RESULTS_PUBLISHED = _l("The results of the %(year)s evaluation of %(region)s are published.")


def evaluation_url(evaluation):
    from django.urls import reverse

    return reverse("evaluations:evaluation_detail", args=[evaluation.pk])
