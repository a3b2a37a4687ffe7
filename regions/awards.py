"""Awards in one year, for the dashboards: public facts, so no scoping beyond the dashboard's own province."""
from dataclasses import dataclass

from .models import Award

SHOWN = 10


@dataclass(frozen=True)
class AwardsOfYear:
    year: int | None
    awards: list
    total: int


def awards_of_year(year=None, province=None, limit=SHOWN):
    """The awards of `year` (the latest year with any when None), of one province's regions when given:
    at most `limit` of them, newest first, in at most three queries."""
    awards = Award.objects.select_related("region")
    if province is not None:
        awards = awards.in_province(province.code)
    if year is None:
        year = awards.order_by("-year").values_list("year", flat=True).first()
        if year is None:
            return AwardsOfYear(None, [], 0)
    of_year = awards.filter(year=year)
    shown = list(of_year.order_by("-date", "region__name", "title")[:limit])
    total = len(shown) if len(shown) < limit else of_year.count()
    return AwardsOfYear(year, shown, total)
