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

    def for_list(self):
        return self.select_related("parent", "enrolment")


class EnrolmentQuerySet(RegionOwnedQuerySet):
    def for_list(self):
        return self.select_related("region", "region__parent")


class RoleAssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user).select_related("region")
