"""The region's context where other pages show it: its profile beside an evaluation, awards on a dashboard."""
from django import template

from ..awards import awards_of_year as _awards_of_year
from ..models import RegionProfile

register = template.Library()


@register.simple_tag
def region_profile(region, year):
    """The region's profile of `year`, else its latest before it (one query)."""
    if region is None or year is None:
        return None
    return RegionProfile.objects.for_year(region, year)


@register.simple_tag
def awards_of_year(year=None, province=None):
    return _awards_of_year(year or None, province)


@register.simple_tag
def region_awards(region):
    """The region's awards, newest first (one query): public facts."""
    return list(region.awards.order_by("-year", "-date", "title"))
