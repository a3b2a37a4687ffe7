"""Small pieces of programme pages as tags rather than included templates: they repeat on every row
of the programme table (an {% include %} costs a template render and a context push each, which at
50 rows was most of the table's rendering time)."""
from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()
_LABELS = {}

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


@register.simple_tag
def programme_row(p, show_region=False, oob=False, flash=False):
    """One row of the programme table (`p` from Programme.objects.for_list(), with can_post), for the
    table and for the row an htmx update re-renders out of band. Built here rather than in a template:
    it is the portal's most repeated piece of markup (50 rows a page, the deadline day's busiest page),
    and the template cost about 1 ms of CPU a row where this costs about 0.5 ms."""
    from smartcity.templatetags.portal import rupiah

    labels = _labels()
    update = p.current_update
    code = p.code
    term_label = labels["term"].get(p.term, p.term)
    term = term_badge(p.term, term_label) if p.term == "quick_win" else None
    muted_dash = format_html('<span class="text-secondary">{}</span>', "—")
    cells = [
        format_html('<td class="font-monospace small d-none d-md-table-cell">{}</td>', code),
        # On a phone the name's cell also carries the code and, in a list of several regions, the region: their
        # own columns are hidden there, so that the status and the action stay in view.
        format_html('<td class="col-name"><div class="d-md-none font-monospace small text-secondary">{}{}</div>'
                    '<a href="{}">{}</a>{}</td>', code, format_html(" {}", term) if term else "",
                    p.get_absolute_url(), p.name,
                    format_html('<div class="d-md-none small text-secondary">{}</div>', p.region.name)
                    if show_region else ""),
    ]
    if show_region:
        cells.append(format_html('<td class="d-none d-md-table-cell"><a class="link-secondary" href="{}">{}</a></td>',
                                 p.region.get_absolute_url(), p.region.name))
    cells += [
        format_html('<td class="small d-none d-md-table-cell">{}</td>', labels["dimension"].get(p.dimension, p.dimension)),
        format_html('<td class="small d-none d-md-table-cell">{}</td>', term or term_label),
        format_html('<td class="d-none d-md-table-cell">{}</td>',
                    format_html('<abbr title="{}">{}</abbr>', p.opd.name, p.opd.acronym) if p.opd else muted_dash),
        format_html('<td class="text-md-nowrap">{}{}</td>',
                    status_badge(update.status if update else "",
                                 labels["status"].get(update.status, update.status) if update else ""),
                    format_html('<div class="small text-secondary">{}<span class="d-md-none"> · {}%</span></div>',
                                labels["report"] % {"year": update.year}, int(update.progress))
                    if update else ""),
        format_html('<td class="d-none d-md-table-cell">{}</td>', progress_bar(update)),
        format_html('<td class="text-end text-nowrap col-budget d-none d-md-table-cell">{}'
                    '<div class="small text-secondary">{}</div></td>', rupiah(p.budget_planned),
                    rupiah(update.budget_realised) if update and update.budget_realised is not None else "—"),
        format_html('<td class="small col-date d-none d-md-table-cell">{}</td>',
                    date_format(localtime(update.created_at), "DATE_FORMAT") if update else muted_dash),
    ]
    if p.can_post:
        post_url = reverse("programmes:update_create", args=[p.pk])
        action = format_html(
            '<a class="btn btn-sm btn-outline-primary text-md-nowrap" href="{}" hx-get="{}?fragment=row" '
            'hx-target="#update-modal-body" data-bs-toggle="modal" data-bs-target="#update-modal">{}'
            '<span class="visually-hidden"> {}</span></a>', post_url, post_url, labels["post"], code)
    else:
        action = ""
    cells.append(format_html('<td class="text-end">{}</td>', action))
    return format_html('<tr id="programme-{}"{}{}>\n  {}\n</tr>', p.pk, mark_safe(' class="row-updated"') if flash else "",
                       mark_safe(' hx-swap-oob="true"') if oob else "", mark_safe("\n  ".join(cells)))


def _labels():
    """The row's choice labels and words in the active language, translated once per process and
    language (get_FOO_display() translates, and rebuilds the choices, on every call)."""
    language = get_language()
    labels = _LABELS.get(language)
    if labels is None:
        from programmes.models import Term, UpdateStatus
        from smartcity.dimensions import Dimension

        labels = _LABELS[language] = {
            "dimension": {value: str(label) for value, label in Dimension.choices},
            "term": {value: str(label) for value, label in Term.choices},
            "status": {value: str(label) for value, label in UpdateStatus.choices},
            "report": _("report %(year)s"), "post": _("Post update")}
    return labels


@register.simple_tag
def realisation_of(programme):
    """The programme's realisation in its current update's year ("—" without a pagu for that year): needs
    `current_pagu` (ProgrammeQuerySet.with_current_pagu)."""
    from smartcity.templatetags.portal import realisation as shown

    return shown(programme.current_realisation)
