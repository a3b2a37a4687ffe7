"""Remove superseded reports and stored files nobody owns past the retention period: the same service
function as the Celery beat task reports.tasks.clean_files (reports.cleanup), for cron or by hand."""
from django.core.management.base import BaseCommand, CommandError

from reports.cleanup import clean_files


class Command(BaseCommand):
    help = ("Remove superseded reports and stored files no record points to (evidence, masterplan documents, "
            "reports) older than FILE_RETENTION_DAYS, and list what was removed.")

    def add_arguments(self, parser):
        parser.add_argument("--retention-days", type=int, default=None,
                            help="Override FILE_RETENTION_DAYS for this run (at least 1).")

    def handle(self, *args, retention_days=None, **options):
        if retention_days is not None and retention_days < 1:
            raise CommandError("--retention-days must be at least 1.")
        removed = clean_files(retention_days=retention_days)
        for pk, key, name in removed.reports:
            self.stdout.write(f"removed superseded report {pk} ({key}): {name or '-'}")
        for name in removed.files:
            self.stdout.write(f"removed file nobody owns: {name}")
        self.stdout.write(self.style.SUCCESS(
            f"{len(removed.reports)} superseded reports and {len(removed.files)} files nobody owns removed"))
