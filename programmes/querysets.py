"""Querysets named for their use. Scoping always goes through smartcity.policy."""
from django.db.models import Count

from smartcity.querysets import RegionOwnedQuerySet


class MasterplanQuerySet(RegionOwnedQuerySet):
    def with_programme_count(self):
        return self.annotate(programme_count=Count("programmes"))


class OpdQuerySet(RegionOwnedQuerySet):
    pass


class ProgrammeQuerySet(RegionOwnedQuerySet):
    def for_table(self):
        """A programme with everything its page and the exports show, in one query."""
        return self.select_related(
            "region", "region__parent", "opd", "masterplan", "current_update", "current_update__author")

    def for_list(self):
        """What the programme table's rows and the API list show, in one query: fewer joins than
        for_table() (they are planned and read 50 rows at a time on the busiest pages)."""
        return self.select_related("region", "opd", "current_update")

    def running_in(self, year):
        return self.filter(start_year__lte=year, end_year__gte=year)


class ProgrammeUpdateQuerySet(RegionOwnedQuerySet):
    region_field = "programme__region"

    def latest_first(self):
        return self.order_by("-year", "-created_at", "-id")


class IndicatorQuerySet(RegionOwnedQuerySet):
    region_field = "programme__region"


class IndicatorValueQuerySet(RegionOwnedQuerySet):
    region_field = "indicator__programme__region"
