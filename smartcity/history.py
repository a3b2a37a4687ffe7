"""The audit trail as users read it: who changed what, when, from which value to which."""
from django.utils.translation import gettext_lazy as _

HISTORY_LIMIT = 30

CHANGE_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def history_rows(obj, limit=HISTORY_LIMIT):
    """The latest changes of `obj`, newest first, each with its field-by-field differences.

    Two queries whatever the length: the records with their users, and nothing per row.
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    rows = []
    # A record created without history (a bulk import) has none: an empty trail, not an error.
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        if len(rows) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["version"])
            for change in delta.changes:
                field = model._meta.get_field(change.field)
                changes.append({
                    "field": field.verbose_name,
                    "old": _display(field, change.old),
                    "new": _display(field, change.new),
                })
        rows.append({
            "when": newer.history_date,
            "who": newer.history_user,
            "type": CHANGE_TYPES.get(newer.history_type, newer.history_type),
            "changes": changes,
        })
    return rows


def _display(field, value):
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.name.endswith("year") or field.name.startswith("period_"):
        return str(value)  # a year, not a quantity: no thousands separator
    return value
