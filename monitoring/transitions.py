"""Every state change of a yearly report, each behind its guard: who may, from which state, and when.

    draft → submitted       submit, no required programme missing   (region staff of the region)
    returned → submitted    resubmit, corrected                      (region staff of the region)
    submitted → verified    verify                                   (the verifier)
    submitted → returned    return, with a comment                   (the verifier)
    verified → returned     reopen, with a written reason            (national secretariat; audited)

The verifier is the province officer of the region's province; where the province has no officer (and
for a province's own report) it is the national secretariat. While a report is submitted or verified the
region's programme updates for the year are refused (monitoring.services.ensure_updates_open).

Every transition carries the version the user read: a stale one raises StaleVersion and writes nothing.
A refused transition raises and writes nothing: PermissionDenied (the user may not: 403), Conflict (the
report's state does not allow it: 409), ValidationError (the input: 400).
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.transitions import Conflict, permits, today
from regions.models import Role, RoleAssignment
from smartcity import policy
from smartcity.models import StaleVersion

from .models import YearlyReport, YearlyReportEvent
from .querysets import missing_programmes

__all__ = ["Conflict", "permits", "today", "submit_report", "verify_report", "return_report", "reopen_report",
           "ensure_can_submit", "ensure_can_verify", "ensure_can_reopen"]

S = YearlyReport.Status


def is_admin(user):
    return policy.can(user, policy.MANAGE_REFERENCE)


def province_has_officer(report):
    province = report.region.parent_id
    return province is not None and RoleAssignment.objects.filter(
        role=Role.PROVINCE_OFFICER, region_id=province, user__is_active=True).exists()


# --- guards ------------------------------------------------------------------------------------------


def ensure_can_submit(user, report, check_missing=True):
    """Region staff of the region submit a draft or returned report once every required programme has its
    update for the year."""
    if not policy.can(user, policy.CHANGE, report) or policy.scope(user, policy.CHANGE).everything:
        raise PermissionDenied(_("Only the region's own staff submit its yearly report."))
    if report.status not in (S.DRAFT, S.RETURNED):
        raise Conflict(_("Only a draft or returned report can be submitted."))
    if today() < report.window.opens:
        raise Conflict(_("Reporting on this year opens on %(day)s.") % {"day": report.window.opens})
    if check_missing:
        missing = missing_programmes([report])[report.pk]
        if missing:
            raise Conflict(_("Post the %(year)s update of every programme before submitting (missing: %(codes)s).")
                           % {"year": report.year, "codes": ", ".join(code for _pk, code, _name in missing)},
                           {"missing_programmes": [{"id": pk, "code": code, "name": name}
                                                   for pk, code, name in missing]})


def ensure_can_verify(user, report):
    """The province officer of the region's province verifies or returns a submitted report; the national
    secretariat does where the province has no officer (and for a province's own report)."""
    if not policy.can(user, policy.VERIFY, report):
        raise PermissionDenied(_("Only the province officer of the region's province (or, where there is "
                                 "none, the national secretariat) verifies this report."))
    if is_admin(user) and province_has_officer(report):
        raise PermissionDenied(_("The province officer of %(province)s verifies this report.") % {
            "province": report.region.parent})
    if report.status != S.SUBMITTED:
        raise Conflict(_("Only a submitted report can be verified or returned."))


def ensure_can_reopen(user, report):
    if not is_admin(user):
        raise PermissionDenied(_("Only the national secretariat reopens a verified report."))
    if report.status != S.VERIFIED:
        raise Conflict(_("Only a verified report can be reopened."))


# --- transitions ---------------------------------------------------------------------------------------


def lock(report):
    """The report re-read under a row lock, with what the guards need."""
    return (YearlyReport.objects.select_for_update(of=("self",)).select_related("window", "region", "region__parent")
            .get(pk=report.pk))


def check_version(report, version):
    if version is None or version == "":
        raise ValidationError({"version": [_("Give the version you read (or an If-Match header).")]})
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise ValidationError({"version": [_("A version is a whole number.")]}) from None
    if version != report.version:
        raise StaleVersion(report.version)


def _required_text(value, field, message):
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if not value:
        raise ValidationError({field: [message]})
    if "\x00" in value:
        raise ValidationError({field: [_("Null characters are not allowed.")]})
    return value


def _move(report, to, user, action, note="", **fields):
    event = YearlyReportEvent(report=report, action=action, from_status=report.status, to_status=to,
                              user=user if getattr(user, "is_authenticated", False) else None, comment=note)
    report.status = to
    report.version += 1
    for name, value in fields.items():
        setattr(report, name, value)
    # The audit trail's reason column holds 100 characters; the whole comment is in the event and the report.
    report._change_reason = (note or str(YearlyReportEvent.Action(action).label))[:100]
    report._history_user = event.user
    report.save()
    event.save()
    return report


@transaction.atomic
def submit_report(user, report, version):
    """draft or returned → submitted; the first submission's time decides `on_time`."""
    report = lock(report)
    ensure_can_submit(user, report, check_missing=False)
    check_version(report, version)
    ensure_can_submit(user, report)
    return _move(report, S.SUBMITTED, user, YearlyReportEvent.Action.SUBMIT,
                 submitted_at=report.submitted_at or timezone.now())


@transaction.atomic
def verify_report(user, report, version):
    """submitted → verified: the year's programme updates stay closed."""
    report = lock(report)
    ensure_can_verify(user, report)
    check_version(report, version)
    return _move(report, S.VERIFIED, user, YearlyReportEvent.Action.VERIFY, verified_at=timezone.now())


@transaction.atomic
def return_report(user, report, version, comment):
    """submitted → returned with the verifier's comment: the region corrects and resubmits."""
    report = lock(report)
    ensure_can_verify(user, report)
    comment = _required_text(comment, "comment", _("Say what the region should correct."))
    check_version(report, version)
    return _move(report, S.RETURNED, user, YearlyReportEvent.Action.RETURN, note=comment,
                 comment=comment)


@transaction.atomic
def reopen_report(user, report, version, reason):
    """verified → returned by the national secretariat, with a written reason (in the events and the audit
    trail); the verification no longer holds, so `verified_at` is cleared."""
    report = lock(report)
    ensure_can_reopen(user, report)
    reason = _required_text(reason, "reason", _("Say why the report is reopened."))
    check_version(report, version)
    return _move(report, S.RETURNED, user, YearlyReportEvent.Action.REOPEN, note=reason,
                 comment=reason, verified_at=None)
