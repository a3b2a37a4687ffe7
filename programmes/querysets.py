"""Querysets named for their use. Scoping always goes through smartcity.policy."""
from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from smartcity.querysets import RegionOwnedQuerySet

# The programme's copies of its current update (Programme.current_*), by the update's field.
CURRENT_COPIES = {"status": "current_status", "year": "current_year", "budget_realised": "current_budget_realised",
                  "constraint_category": "current_constraint_category"}


class MasterplanQuerySet(RegionOwnedQuerySet):
    def with_programme_count(self):
        return self.annotate(programme_count=Count("programmes"))


class OpdQuerySet(RegionOwnedQuerySet):
    pass


class ProgrammeQuerySet(RegionOwnedQuerySet):
    def for_table(self):
        """A programme with everything its page and the exports show, in one query."""
        return self.select_related(
            "region", "region__parent", "opd", "masterplan", "current_update", "current_update__author"
        ).with_current_pagu()

    def for_list(self):
        """What the programme table's rows and the API list show, in one query: fewer joins than
        for_table() (they are planned and read 50 rows at a time on the busiest pages)."""
        return self.select_related("region", "opd", "current_update").with_current_pagu()

    def with_current_pagu(self):
        """`current_pagu`: the pagu (revised where set) of the current update's year, None without one."""
        from .budget import ceiling, with_year_budget

        return with_year_budget(self).annotate(current_pagu=ceiling("year_budget__"))

    def running_in(self, year):
        return self.filter(start_year__lte=year, end_year__gte=year)

    def status_in_year(self, year, *fields):
        """The programmes that had started by `year`, each with its status as it stood then: `status_then`
        is the status of its latest update of a year ≤ `year` (the one posted last within a year), ""
        when it had none by then (an ended programme keeps its last status). Each of `fields` of that same
        update comes as `<field>_then` (e.g. "progress" → `progress_then`; None without an update).

        The one home of this rule (implementation facts, report annex, national report). Where the
        programme's current update is of `year` or before (most programmes, for a closed year) it is that
        update, so its copies on the programme are read (Programme.current_*, no join); only the others
        look up their latest update of the year (a correlated subquery the database runs only for them)."""
        from .models import ProgrammeUpdate

        latest = ProgrammeUpdate.objects.filter(programme=OuterRef("pk"), year__lte=year).order_by(
            "-year", "-created_at", "-id")
        current_then = Q(current_year__lte=year)

        def then(name):
            looked_up = Subquery(latest.values(name)[:1])
            if name in CURRENT_COPIES:
                return Case(When(current_then, then=F(CURRENT_COPIES[name])), default=looked_up)
            return looked_up

        return self.filter(start_year__lte=year).annotate(
            status_then=Coalesce(then("status"), Value(""), output_field=CharField()),
            **{f"{name}_then": then(name) for name in fields})


class ProgrammeBudgetQuerySet(RegionOwnedQuerySet):
    region_field = "programme__region"


class ProgrammeUpdateQuerySet(RegionOwnedQuerySet):
    region_field = "programme__region"

    def latest_first(self):
        return self.order_by("-year", "-created_at", "-id")


class IndicatorQuerySet(RegionOwnedQuerySet):
    region_field = "programme__region"


class IndicatorValueQuerySet(RegionOwnedQuerySet):
    region_field = "indicator__programme__region"
