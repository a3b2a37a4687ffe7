from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The workflows' event rows are the one place every transition passes: each one is told to the people
        # it concerns once its transaction commits (nothing is sent for a transition that rolls back).
        from django.db.models.signals import post_save

        from evaluations.models import EvaluationEvent
        from monitoring.models import YearlyReportEvent

        from . import events

        post_save.connect(events.yearly_report_event_saved, sender=YearlyReportEvent,
                          dispatch_uid="notifications.yearly_report_event")
        post_save.connect(events.evaluation_event_saved, sender=EvaluationEvent,
                          dispatch_uid="notifications.evaluation_event")
