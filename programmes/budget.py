"""Realisation: what was realised in a budget year against that year's pagu. The one rule, used by the
pages, the dashboards, the PDF reports, the assessors' facts and the API.

The realised amount of a yearly update is year-to-date within its budget year; the pagu is the year's
ceiling in the DPA, the revised one (APBD perubahan) where set. Summed over programmes (a region's year,
a dashboard's group) it is, as Bappeda reads it, the realised total over the pagu total of the same year:
a programme with a pagu and no realised amount reported counts as nothing realised yet, and a realised
amount without a pagu for its year counts on neither side. Without a pagu there is no realisation
(shown "—").
"""
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, FilteredRelation, Q, Sum
from django.db.models.functions import Coalesce

ONE_DECIMAL = Decimal("0.1")


def realisation(realised, pagu):
    """Realised as a percentage of the pagu, to one decimal; None without a pagu or a realised amount."""
    if realised is None or not pagu:
        return None
    return (Decimal(realised) * 100 / Decimal(pagu)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def ceiling(prefix=""):
    """The pagu that counts, as an expression over a ProgrammeBudget (or a relation to one)."""
    return Coalesce(F(f"{prefix}pagu_revised"), F(f"{prefix}pagu"))


def with_year_budget(programmes, year=None):
    """Programmes joined (LEFT, at most one row each) to their budget of `year`, or of their current
    update's year when `year` is None, as the relation `year_budget`."""
    condition = Q(budgets__year=year) if year else Q(budgets__year=F("current_year"))
    return programmes.annotate(year_budget=FilteredRelation("budgets", condition=condition))


def year_budget_aggregates():
    """Sums for realisation over programmes joined by with_year_budget(): `pagu_sum`, `realised_sum`."""
    return {"pagu_sum": Sum(ceiling("year_budget__")), "realised_sum": Sum("year_budget__realised")}


def over_pagu_error(realised, pagu, year):
    """The message for a realised amount above the year's pagu (revised where set), or None when within it.

    Realised above the pagu happens (a late APBD perubahan, a carry-over), but it is more often a typo: every
    path that records a realised amount or a pagu asks for an explicit confirmation before storing it."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    if realised is None or pagu is None or Decimal(realised) <= Decimal(pagu):
        return None

    def rupiah(amount):
        return number_format(Decimal(amount).quantize(Decimal(1)), 0, use_l10n=True, force_grouping=True)

    return _("Rp %(realised)s is more than the pagu of %(year)s (Rp %(pagu)s). Check the amount, or confirm "
             "that the realisation is above the pagu.") % {
        "realised": rupiah(realised), "year": year, "pagu": rupiah(pagu)}
