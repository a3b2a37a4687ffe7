"""The header's search: regions, programmes, OPDs and masterplans by name or code, only what the user may see.

One query per kind, whatever the data holds: each kind's policy-scoped queryset (`visible_to`) filtered by a
case-insensitive match and cut at `limit` rows, plus one row more to tell "there are more". Matches that start
with the words typed come first, then by name. A kind the results page cuts short links to the list that holds
all of them (the region list and the programme table filter by the same words).
"""
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from programmes.models import Masterplan, Opd, Programme
from regions.models import Region

MIN_LENGTH = 2
MAX_LENGTH = 100


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    detail: str
    url: str


@dataclass
class Group:
    kind: str
    title: str
    hits: list = field(default_factory=list)
    more: bool = False
    more_url: str = ""


def tidy(raw):
    """The words as typed, fit to show and to look for: control characters dropped (PostgreSQL refuses a NUL in
    a string), spaces collapsed, length bounded."""
    printable = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in (raw or "")[:MAX_LENGTH * 4])
    return " ".join(printable.split())[:MAX_LENGTH]


def clean_query(raw):
    """The words to look for, or "" when they are too short to be worth a query."""
    q = tidy(raw)
    return q if len(q) >= MIN_LENGTH else ""


def _ranked(queryset, starts):
    """Order by "starts with what was typed" first, then the queryset's own ordering fields."""
    first = Case(When(starts, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.annotate(search_rank=first)


def _regions(user, q, limit):
    rows = (_ranked(Region.objects.visible_to(user), Q(name__istartswith=q) | Q(code__startswith=q))
            .filter(Q(name__icontains=q) | Q(code__startswith=q))
            .select_related("parent").order_by("search_rank", "code")[:limit + 1])
    return [Hit("region", r.name, f"{r.code} · {r.parent.name if r.parent_id else r.get_kind_display()}",
                r.get_absolute_url()) for r in rows]


def _programmes(user, q, limit):
    rows = (_ranked(Programme.objects.visible_to(user), Q(name__istartswith=q) | Q(code__istartswith=q))
            .filter(Q(name__icontains=q) | Q(code__icontains=q))
            .select_related("region").only("pk", "code", "name", "region__name", "region__code")
            .order_by("search_rank", "name", "pk")[:limit + 1])
    return [Hit("programme", p.name, f"{p.code} · {p.region.name}", p.get_absolute_url()) for p in rows]


def _opds(user, q, limit):
    rows = (_ranked(Opd.objects.visible_to(user), Q(name__istartswith=q) | Q(acronym__istartswith=q))
            .filter(Q(name__icontains=q) | Q(acronym__icontains=q))
            .select_related("region").only("pk", "name", "acronym", "region__name", "region__code")
            .order_by("search_rank", "acronym", "region_id", "pk")[:limit + 1])
    # An OPD has no page of its own: its programmes in the table are what one looks it up for.
    table = reverse("programmes:programme_list")
    return [Hit("opd", o.name, f"{o.acronym} · {o.region.name}",
                f"{table}?{urlencode({'region': o.region_id, 'opd': o.pk})}") for o in rows]


def _masterplans(user, q, limit):
    rows = (_ranked(Masterplan.objects.visible_to(user), Q(title__istartswith=q) | Q(region__name__istartswith=q))
            .filter(Q(title__icontains=q) | Q(region__name__icontains=q) | Q(region__code__startswith=q))
            .select_related("region")
            .only("pk", "title", "period_start", "period_end", "region__name", "region__code")
            .order_by("search_rank", "region_id", "-period_start", "pk")[:limit + 1])
    return [Hit("masterplan", m.title, f"{m.period_start}–{m.period_end} · {m.region.name}", m.get_absolute_url())
            for m in rows]


# kind: (title, finder, the list that holds every match or None)
KINDS = {
    "region": (_("Regions"), _regions, "regions:region_list"),
    "programme": (_("Programmes"), _programmes, "programmes:programme_list"),
    "opd": (_("OPDs"), _opds, None),
    "masterplan": (_("Masterplans"), _masterplans, None),
}


def search(user, raw, limit=10):
    """The groups of hits for the words `raw`, each kind cut at `limit`; [] for words too short to look for."""
    q = clean_query(raw)
    if not q:
        return []
    groups = []
    for kind, (title, finder, list_url) in KINDS.items():
        hits = finder(user, q, limit)
        group = Group(kind=kind, title=title, hits=hits[:limit], more=len(hits) > limit)
        if group.more and list_url:
            group.more_url = f"{reverse(list_url)}?{urlencode({'search': q})}"
        groups.append(group)
    return groups
