"""Verb-named operations on programmes: atomic, policy-checked, no request."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from monitoring.services import ensure_updates_open
from smartcity import policy
from smartcity.models import StaleVersion

from . import budget as budget_rules
from .models import Programme, ProgrammeBudget, ProgrammeUpdate

UPDATE_FIELDS = ["year", "status", "progress", "budget_realised", "constraint_category", "constraint",
                 "next_steps", "evidence_url"]


@transaction.atomic
def post_update(user, programme, data):
    """Append a yearly status update and make it current if it is the latest. Raises ValidationError
    (field errors) or PermissionDenied; writes nothing then.

    The realised amount is year-to-date within the update's budget year; above that year's pagu (revised
    where set) it needs `confirm_over_pagu` true, else it is a field error."""
    if not policy.can(user, policy.CHANGE, programme):
        raise PermissionDenied(_("You may not report on this programme."))
    # Lock the programme so that two updates posted at once both land and the current one is right.
    programme = Programme.objects.select_for_update().select_related("masterplan", "region").get(pk=programme.pk)
    update = ProgrammeUpdate(programme=programme, author=user, **{k: data.get(k) for k in UPDATE_FIELDS if k in data})
    for text_field in ("constraint_category", "constraint", "next_steps", "evidence_url"):
        if getattr(update, text_field) is None:
            setattr(update, text_field, "")
    update.full_clean(exclude=["author", "programme"])
    # A submitted or verified yearly report closes the region's updates of its year (every path comes here).
    ensure_updates_open(programme.region_id, update.year)
    year_budget = ProgrammeBudget.objects.filter(programme=programme, year=update.year).first()
    over = budget_rules.over_pagu_error(update.budget_realised, year_budget.ceiling if year_budget else None,
                                        update.year)
    if over and not data.get("confirm_over_pagu"):
        raise ValidationError({"budget_realised": over})
    update.save()
    if year_budget is not None:
        # The newest update of its year: its realised amount is the year's (a copy, no audit row).
        ProgrammeBudget.objects.filter(pk=year_budget.pk).update(realised=update.budget_realised)
    refresh_current_update(programme)
    return update


@transaction.atomic
def save_budget(user, budget, expected_version=None, confirm_over_pagu=False):
    """Record or change a programme's pagu of one budget year. Raises PermissionDenied, ValidationError (field
    errors: the model's rules, and a pagu below what was realised that year without `confirm_over_pagu`) or
    StaleVersion; writes nothing then. The planned budget follows as the sum (ProgrammeBudget.save)."""
    programme = Programme.objects.select_for_update().get(pk=budget.programme_id)
    if not policy.can(user, policy.CHANGE, programme):
        raise PermissionDenied(_("You may not change this programme's budget."))
    budget.programme = programme
    budget.full_clean(exclude=["programme", "realised", "version"])
    stored = ProgrammeBudget.objects.filter(pk=budget.pk).first() if budget.pk else None
    over = budget.over_pagu_error(stored.ceiling if stored else None)
    if over and not confirm_over_pagu:
        raise ValidationError({"pagu_revised" if budget.pagu_revised is not None else "pagu": over})
    budget._history_user = user
    budget.save_versioned(expected_version)
    return budget


@transaction.atomic
def remove_budget(user, budget, expected_version):
    """Remove a budget year's pagu; the planned budget becomes the sum of the remaining years (a programme
    without any keeps its total). Raises PermissionDenied or StaleVersion."""
    programme = Programme.objects.select_for_update().get(pk=budget.programme_id)
    if not policy.can(user, policy.CHANGE, programme):
        raise PermissionDenied(_("You may not change this programme's budget."))
    current = ProgrammeBudget.objects.select_for_update().filter(pk=budget.pk).values_list("version", flat=True)
    if not current or expected_version is None or int(expected_version) != current[0]:
        raise StaleVersion(current[0] if current else None)
    budget._history_user = user
    budget.delete()
    refresh_budget_planned(programme.pk)


def realised_in_year(programme_id, year):
    """The realised amount of the programme's latest update of `year` (None without one)."""
    return (ProgrammeUpdate.objects.filter(programme_id=programme_id, year=year)
            .order_by("-created_at", "-id").values_list("budget_realised", flat=True).first())


def refresh_budget_planned(programme_id):
    """budget_planned is the sum of the pagu (revised where set) of the programme's budget years; a
    programme without any keeps the total it had (derived: no audit row)."""
    total = ProgrammeBudget.objects.filter(programme_id=programme_id).aggregate(
        total=Sum(budget_rules.ceiling()))["total"]
    if total is not None:
        Programme.objects.filter(pk=programme_id).update(budget_planned=total)


def refresh_current_update(programme):
    """The current status is the latest update: highest year, then the newest posted. Its year, status,
    realised budget and constraint category are copied onto the programme with the pointer (derived
    fields, excluded from the audit trail: update() without history is right here)."""
    latest = programme.updates.order_by("-year", "-created_at", "-id").first()
    current = current_fields(latest)
    if any(getattr(programme, name) != value for name, value in current.items()):
        Programme.objects.filter(pk=programme.pk).update(**current)
        for name, value in current.items():
            setattr(programme, name, value)


def current_fields(update):
    """The programme's copies of its current update (None: no update yet), as field values."""
    if update is None:
        return {"current_update_id": None, "current_year": None, "current_status": "", "current_budget_realised": None,
                "current_constraint_category": ""}
    return {"current_update_id": update.pk, "current_year": update.year, "current_status": update.status,
            "current_budget_realised": update.budget_realised,
            "current_constraint_category": update.constraint_category}
