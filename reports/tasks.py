"""Celery tasks of the reports: thin, idempotent, retried on transient faults.

acks_late + reject_on_worker_lost: a worker that dies mid-report does not lose the message; it is
delivered again (at once when the pool child dies, after the broker's visibility timeout when the
whole worker does) and reports.services.build_report starts that report afresh.

clean_files: the periodic clean-up of stored files (reports.cleanup), on Celery beat's static schedule
(CELERY_BEAT_SCHEDULE in the settings); `manage.py clean_files` runs the same function.
"""
import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import cleanup, services
from .models import Report

logger = logging.getLogger(__name__)

# Faults that pass: the database or the file storage briefly unreachable.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAX_RETRIES = 3

GAVE_UP = gettext_noop("The report could not be built after %(count)s attempts (%(error)s). Please try again later.")
RETRYING = gettext_noop("A temporary fault interrupted the build; it will be retried.")
BROKEN = gettext_noop("The report could not be built: %(error)s. Please contact the national secretariat if this "
                      "happens again.")


def _reason(report_id, message, **params):
    report = Report.objects.filter(pk=report_id).only("language").first()
    with translation.override(report.language if report else None):
        return _(message) % params if params else _(message)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def build_report(self, report_id):
    try:
        services.build_report(report_id)
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            logger.exception("report %s failed after %s retries", report_id, self.request.retries)
            services.fail(report_id, _reason(
                report_id, GAVE_UP, count=self.request.retries + 1, error=type(exc).__name__))
            return
        logger.warning("report %s: transient fault, retrying", report_id, exc_info=True)
        services.requeue(report_id, _reason(report_id, RETRYING))
        if self.request.is_eager:
            # Eager (the embedded default) has no broker to come back through: retry here, now.
            self.apply(args=[report_id], retries=self.request.retries + 1)
            return
        raise self.retry(exc=exc, countdown=min(30, 2 ** self.request.retries))
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        services.fail(report_id, _reason(
            report_id, BROKEN, error=f"{type(exc).__name__}: {str(exc)[:200]}"))


@shared_task(ignore_result=True)
def clean_files():
    """Remove superseded reports and files nobody owns past FILE_RETENTION_DAYS (reports.cleanup)."""
    removed = cleanup.clean_files()
    return {"reports": len(removed.reports), "files": len(removed.files)}
