"""A region's implementation facts for an evaluation year, drawn from its programmes, so that
monitoring feeds evaluation: quick wins by status, stalled programmes with their constraints, and
the budget realised against the pagu of the year.

A programme's status "in year Y" is Programme.objects.status_in_year(Y) (its latest update with year ≤ Y,
the status as it stood then); a programme with no update by then counts as "no update yet". The budget realised in Y is the sum of
the realised budget (year-to-date) of each programme's latest update of year Y that has a pagu for Y; the
budget planned is the sum of the programmes' pagu for Y (revised where set); realisation is
programmes.budget.realisation of the two. Three queries whatever the
number of programmes; the counting is the database's.
"""
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from programmes.budget import ceiling, realisation
from programmes.models import ConstraintCategory, Programme, ProgrammeBudget, Term, UpdateStatus

NO_UPDATE = ""  # status_then of a programme without an update by then
NO_UPDATE_LABEL = _("No update yet")
DELIVERED = (UpdateStatus.RUNNING, UpdateStatus.COMPLETED)


@dataclass(frozen=True)
class StalledProgramme:
    pk: int
    code: str
    name: str
    dimension_label: str
    term_label: str
    opd: str
    year: int
    constraint_category: str
    constraint_label: str
    constraint: str
    next_steps: str


@dataclass(frozen=True)
class ImplementationFacts:
    year: int
    programme_count: int
    quick_win_count: int
    quick_wins: list = field(default_factory=list)     # [(status, label, count)], NO_UPDATE last
    status_counts: list = field(default_factory=list)  # the same for every programme
    stalled: list = field(default_factory=list)        # [StalledProgramme]
    constraints: list = field(default_factory=list)    # [(category, label, count)] of the stalled ones
    budget_planned: Decimal = Decimal(0)
    budget_realised: Decimal = Decimal(0)

    @property
    def realisation(self):
        """The budget realised as a percentage of the year's pagu, or None without a pagu."""
        return realisation(self.budget_realised, self.budget_planned)

    @property
    def quick_wins_delivered(self):
        return sum(n for status, _label, n in self.quick_wins if status in DELIVERED)


def _breakdown(counts):
    return [(value, label, counts.get(value, 0)) for value, label in UpdateStatus.choices] + [
        (NO_UPDATE, NO_UPDATE_LABEL, counts.get(NO_UPDATE, 0))]


def implementation_facts(region, year):
    """The ImplementationFacts of `region` in `year`; the caller has checked that the user may see it."""
    programmes = Programme.objects.filter(region=region)
    # 1. Programmes by term and status as they stood in that year.
    by_term = programmes.status_in_year(year).order_by().values("term", "status_then").annotate(n=Count("pk"))
    overall, quick = Counter(), Counter()
    for row in by_term:
        overall[row["status_then"]] += row["n"]
        if row["term"] == Term.QUICK_WIN:
            quick[row["status_then"]] += row["n"]
    # 2. Budget: the year's pagu, and what was realised against it (the budget rows carry the realised copy).
    budget = ProgrammeBudget.objects.filter(programme__region=region, year=year).aggregate(
        planned=Sum(ceiling()), realised=Sum("realised"))
    # 3. The stalled ones, with the constraint their latest update gave.
    stalled = [
        StalledProgramme(
            pk=p.pk, code=p.code, name=p.name, dimension_label=p.get_dimension_display(),
            term_label=p.get_term_display(), opd=p.opd.acronym if p.opd else "", year=p.year_then,
            constraint_category=p.constraint_category_then or "",
            constraint_label=ConstraintCategory(p.constraint_category_then).label
            if p.constraint_category_then in ConstraintCategory.values else "", constraint=p.constraint_then or "",
            next_steps=p.next_steps_then or "")
        for p in programmes.status_in_year(year, "year", "constraint_category", "constraint", "next_steps")
        .filter(status_then=UpdateStatus.STALLED).select_related("opd").order_by("code", "pk")
    ]
    categories = Counter(s.constraint_category for s in stalled)
    return ImplementationFacts(
        year=year,
        programme_count=sum(overall.values()),
        quick_win_count=sum(quick.values()),
        quick_wins=_breakdown(quick),
        status_counts=_breakdown(overall),
        stalled=stalled,
        constraints=[(v, label, categories[v]) for v, label in ConstraintCategory.choices if categories.get(v)],
        budget_planned=budget["planned"] or Decimal(0),
        budget_realised=budget["realised"] or Decimal(0),
    )
