"""The periodic clean-up of stored files: one service function, run by the Celery beat task
reports.tasks.clean_files (CELERY_BEAT_SCHEDULE) and by `manage.py clean_files`.

1. Superseded reports: a report built again (same key: kind, subject, language, variant) keeps its older
   builds as rows with their PDFs. Once a newer build of the same key has been done for longer than
   FILE_RETENTION_DAYS, the older one goes, row and file (a link to it shared in that time still works).
2. Files nobody owns: under the folders the portal writes (evidence, masterplan documents, reports), a file
   no row points to (smartcity.files.referenced_names: every FileField of every model, the audit trail
   aside) and last written more than FILE_RETENTION_DAYS ago — left by a process that died between storing
   and committing, by a deleted evaluation, or by a deletion that failed.

Each removal is logged (logger "reports.cleanup", INFO). Only the storage API is used, so the local disk
and an S3 bucket are cleaned alike. Lives here, not in smartcity/, because it knows the apps' folders and
the reports' own retention rule, and the project package depends on no app.
"""
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from smartcity.files import delete_after_commit, referenced_names, remove_unreferenced

from .models import Report

logger = logging.getLogger(__name__)

# The folders the portal writes: evaluations.evidence, programmes.models.masterplan_document_path,
# reports.models.report_file_path. Nothing else in the storage is touched.
FOLDERS = ("evidence", "masterplans", "reports")


@dataclass
class Removed:
    reports: list = field(default_factory=list)  # [(report id, key, file name)]
    files: list = field(default_factory=list)    # [file name]


def superseded_reports(cutoff):
    """Done reports of which a newer build of the same key was done before `cutoff`."""
    newer = Report.objects.filter(key=OuterRef("key"), status=Report.Status.DONE, finished_at__lt=cutoff,
                                  finished_at__gt=OuterRef("finished_at")).exclude(file="")
    return Report.objects.filter(status=Report.Status.DONE).filter(Exists(newer))


def remove_superseded_reports(cutoff):
    """Delete the superseded reports (rows, then their files once that commits); [(id, key, file)]."""
    removed = []
    with transaction.atomic():
        for report in superseded_reports(cutoff).select_for_update().order_by("pk"):
            removed.append((report.pk, report.key, report.file.name))
            report.delete()
            if report.file.name:
                delete_after_commit(report.file.name, default_storage)
    for pk, key, name in removed:
        logger.info("removed superseded report %s (%s) and its file %s", pk, key, name or "-")
    return removed


def clean_files(now=None, retention_days=None, storage=None):
    """Remove superseded reports and files nobody owns past the retention period (module doc); Removed."""
    now = now or timezone.now()
    days = settings.FILE_RETENTION_DAYS if retention_days is None else retention_days
    cutoff = now - timedelta(days=days)
    removed = Removed(reports=remove_superseded_reports(cutoff))
    removed.files = remove_unreferenced(FOLDERS, referenced_names(), older_than=cutoff,
                                        storage=storage or default_storage)
    logger.info("file clean-up (retention %s days): %s superseded reports, %s files nobody owns removed",
                days, len(removed.reports), len(removed.files))
    return removed
