"""The queryset base of every region-owned model: scoping by the policy, and province filtering."""
from django.db import models
from django.db.models import Q

from . import policy


class RegionOwnedQuerySet(models.QuerySet):
    region_field = "region"

    def visible_to(self, user):
        return policy.restrict(self, user, policy.VIEW, field=self.region_field)

    def editable_by(self, user):
        return policy.restrict(self, user, policy.CHANGE, field=self.region_field)

    def in_province(self, code):
        f = self.region_field
        return self.filter(Q(**{f"{f}__parent": code}) | Q(**{f"{f}": code}))
