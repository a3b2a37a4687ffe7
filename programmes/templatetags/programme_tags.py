"""Small pieces of programme pages as tags rather than included templates: they repeat on every row
of the programme table (an {% include %} per badge costs a template render and a context push each,
which at 50 rows was most of the table's rendering time)."""
from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

STATUS_CLASSES = {"planned": "text-bg-secondary", "in_development": "text-bg-info", "running": "text-bg-primary",
                  "stalled": "text-bg-warning", "completed": "text-bg-success", "cancelled": "text-bg-dark"}
PROGRESS_CLASSES = {"completed": " is-completed", "stalled": " is-stalled", "cancelled": " is-cancelled"}


@register.simple_tag
def status_badge(status, label=""):
    """A programme status as a coloured badge that also says it in words ("" = no update yet)."""
    return format_html('<span class="badge status-badge {}">{}</span>',
                       STATUS_CLASSES.get(status, "text-bg-light border"), label or _("No update yet"))


@register.simple_tag
def term_badge(term, label):
    """A programme's term; quick wins stand out."""
    return format_html('<span class="badge {}">{}</span>', "badge-quickwin" if term == "quick_win" else "badge-term",
                       label)


@register.simple_tag
def progress_bar(update):
    """An update's progress as a Bootstrap progress bar (an SVG fill: no inline style, for the CSP)."""
    if not update:
        return format_html('<span class="text-secondary">{}</span>', "—")
    progress = int(update.progress)
    return format_html(
        '<div class="d-flex align-items-center gap-2">'
        '<div class="progress progress-svg flex-grow-1{}" role="progressbar" aria-label="{}" aria-valuenow="{}" '
        'aria-valuemin="0" aria-valuemax="100" aria-valuetext="{}%">'
        '<svg viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        '<rect x="0" y="0" width="{}" height="1"/></svg></div>'
        '<span class="progress-value small">{}%</span></div>',
        PROGRESS_CLASSES.get(update.status, ""), _("Progress"), progress, progress, progress, progress)
