"""Template filters for Indonesian figures: Rupiah, decimals and percentages through Django's l10n."""
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def rupiah(value):
    """1250000 → "Rp 1.250.000" (Indonesian) / "Rp 1,250,000" (English); None → "—"."""
    if value in (None, ""):
        return "—"
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return "—"
    return "Rp\u00a0" + number_format(value.quantize(Decimal(1)), 0, use_l10n=True, force_grouping=True)


@register.filter
def decimal2(value):
    """3.4567 → "3,46" in Indonesian."""
    if value in (None, ""):
        return "—"
    return number_format(Decimal(value).quantize(Decimal("0.01")), 2, use_l10n=True, force_grouping=True)


@register.filter
def percent(value):
    if value in (None, ""):
        return "—"
    return number_format(value, 0, use_l10n=True) + "%"


@register.filter
def realisation(value):
    """A realisation (programmes.budget.realisation) as it is shown everywhere: 18.9 → "18,9%"; None → "—"."""
    if value in (None, ""):
        return "—"
    return number_format(Decimal(value).quantize(Decimal("0.1")), 1, use_l10n=True, force_grouping=True) + "%"


@register.filter
def may_view(region, user):
    """Whether the user may open the region's page: a breadcrumb to a page that answers 404 is a dead end
    (region staff do not see their province's page)."""
    from smartcity import policy

    return policy.scope(user, policy.VIEW).contains(region)
