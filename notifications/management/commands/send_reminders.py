from django.core.management.base import BaseCommand

from notifications.services import send_reminders


class Command(BaseCommand):
    help = "Give the day's reminders and send the daily digest mails (what Celery beat runs every morning)."

    def handle(self, *args, **options):
        reminded, mailed = send_reminders()
        self.stdout.write(f"{reminded} reminder(s), {mailed} digest mail(s)")
