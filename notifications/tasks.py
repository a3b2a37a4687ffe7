from celery import shared_task

from . import services


@shared_task(name="notifications.tasks.send_reminders")
def send_reminders():
    """Thin: the job is idempotent (a task delivered twice gives each reminder and each day's digest once)."""
    return services.send_reminders()
