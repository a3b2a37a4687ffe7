"""Template filters of the dashboards: a signed change, a share, and the link-keeping query."""
from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def signed(value):
    """0.25 → "+0,25", -0.1 → "−0,10" (a real minus sign), None → "—"."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    text = number_format(abs(value).quantize(Decimal("0.01")), 2, use_l10n=True)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


@register.filter
def share(value):
    """45.5 → "45,5%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return number_format(Decimal(value).quantize(Decimal("0.1")), 1, use_l10n=True) + "%"


@register.filter
def trend_class(value):
    if value is None:
        return "text-secondary"
    return "text-success" if value > 0 else "text-danger" if value < 0 else "text-secondary"


@register.filter
def status_count(figures, status):
    return figures.by_status.get(status or "", 0)


@register.filter
def rupiah_short(value):
    """A large sum in words: 458356000000 → "Rp 458,4 miliar" (Indonesian); smaller sums in full."""
    from django.utils.translation import gettext as _

    from smartcity.templatetags.portal import rupiah

    if value in (None, ""):
        return "—"
    value = Decimal(value)
    for size, word in ((10 ** 12, _("trillion")), (10 ** 9, _("billion")), (10 ** 6, _("million"))):
        if abs(value) >= size:
            amount = number_format((value / size).quantize(Decimal("0.1")), 1, use_l10n=True)
            return f"Rp\u00a0{amount}\u00a0{word}"
    return rupiah(value)


@register.filter
def sees_whole_province(user, province):
    """Whether `user` may open `province`'s dashboard (smartcity.policy decides)."""
    from smartcity import policy

    return policy.sees_whole_province(user, province)
