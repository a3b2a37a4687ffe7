"""Querysets named for their use; scoping always goes through smartcity.policy."""
from django.db import models

from smartcity import policy
from smartcity.querysets import RegionOwnedQuerySet


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return policy.restrict(self, user, policy.VIEW, field=None)

    def editable_by(self, user):
        return policy.restrict(self, user, policy.CHANGE, field=None)

    def provinces(self):
        return self.filter(kind="province")

    def in_province(self, code):
        return self.filter(models.Q(parent_id=code) | models.Q(code=code))

    def with_cohort(self):
        """Annotate `cohort`, the year of the region's first active intake (None if never enrolled),
        and `cohort_mou_date`, the day its MoU of that intake was signed."""
        from .models import Enrolment

        first = (Enrolment.objects.filter(region=models.OuterRef("pk"), status=Enrolment.Status.ACTIVE)
                 .order_by("cohort_year"))
        return self.annotate(cohort=models.Subquery(first.values("cohort_year")[:1]),
                             cohort_mou_date=models.Subquery(first.values("mou_date")[:1]))

    def in_cohort(self, year, prefix=""):
        """Regions with an active enrolment in that intake (`prefix` reaches them from another model)."""
        return self.filter(**{f"{prefix}enrolments__cohort_year": year, f"{prefix}enrolments__status": "active"})

    def for_list(self):
        return self.select_related("parent").with_cohort()


class EnrolmentQuerySet(RegionOwnedQuerySet):
    def active(self):
        return self.filter(status="active")

    def for_list(self):
        return self.select_related("region", "region__parent")


class RoleAssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user).select_related("region")
