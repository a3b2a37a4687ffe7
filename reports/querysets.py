"""Who sees which report: the policy decides, through the report's target (an evaluation the user may see,
or the national view)."""
from django.db import models
from django.db.models import Q

from smartcity import policy


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports on an evaluation the user may see, and national reports for those with the national view.
        A draft's variant (with or without the scores) is checked per report by reports.access."""
        from evaluations.models import Evaluation

        q = Q(kind="evaluation", evaluation__in=Evaluation.objects.visible_to(user).values("pk"))
        if policy.can(user, policy.VIEW_NATIONAL):
            q |= Q(kind="national")
        return self.filter(q)

    def requested_by_user(self, user):
        return self.filter(requesters=user)

    def for_list(self):
        return self.select_related("evaluation__cycle", "evaluation__region", "requested_by").prefetch_related(
            "evaluation__assignments")

    def in_flight(self):
        return self.filter(status__in=["queued", "running"])
