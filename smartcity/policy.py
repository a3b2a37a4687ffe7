"""The one policy: who may see and do what.

Scoping is data (regions.RoleAssignment). Every UI view, API viewset, admin page,
export and task asks this module; nothing else decides access.

- admin (or superuser): everything.
- ministry: sees everything, changes no regional record.
- province_officer of P: sees P and its kabupaten/kota, changes P's own records.
- region_staff of R: sees and changes R's records.
- VERIFY (yearly reports): province_officer of P for P's kabupaten/kota; admin for all; nobody else.
- assessor: sees the regions they are assigned to in an evaluation; changes none of their records.
- anonymous: no regional record.
- RECORD_INTERVIEW (an evaluation's paparan/wawancara record): its lead assessor and the admin; everyone who
  sees the evaluation reads it (the region read-only); never public.

An object outside a user's view scope is answered with 404, an action refused on
a visible object with 403.
"""
from dataclasses import dataclass

from django.db.models import Q

VIEW = "view"
CHANGE = "change"
# Verify or return a yearly report: a province officer for the kabupaten/kota of the province, not for the
# province's own report (no one verifies their own), nor does VERIFY widen CHANGE to the kabupaten/kota.
VERIFY = "verify"

ADMIN = "admin"
MINISTRY = "ministry"
PROVINCE_OFFICER = "province_officer"
REGION_STAFF = "region_staff"
ASSESSOR = "assessor"

# Actions that are not about one region's records.
USE_ADMIN_SITE = "use_admin_site"      # open Django admin (read-only for the ministry)
MANAGE_REFERENCE = "manage_reference"  # users, role assignments, regions, instruments
VIEW_NATIONAL = "view_national"        # national lists and dashboards

# Actions on one evaluation, decided by who the user is to it rather than by region: the object answers
# `led_by(user)` (evaluations.Evaluation does), so this module imports no app.
RECORD_INTERVIEW = "record_interview"     # enter or change the paparan/wawancara record

_NATIONAL_ACTIONS = {
    USE_ADMIN_SITE: {ADMIN, MINISTRY},
    MANAGE_REFERENCE: {ADMIN},
    VIEW_NATIONAL: {ADMIN, MINISTRY},
}


@dataclass(frozen=True)
class Scope:
    """Regions a user may act on: all, or listed regions plus every child of listed provinces."""

    everything: bool = False
    regions: frozenset = frozenset()
    provinces: frozenset = frozenset()

    def q(self, field):
        """A Q over a model whose region is reached through `field` (None: the model is Region)."""
        if self.everything:
            return Q()
        code, parent = (f"{field}__code", f"{field}__parent") if field else ("code", "parent")
        q = Q(**{f"{code}__in": sorted(self.regions)})
        if self.provinces:
            q |= Q(**{f"{parent}__in": sorted(self.provinces)})
        return q

    def contains(self, region):
        if self.everything:
            return True
        if region is None:
            return False
        return region.code in self.regions or (region.parent_id is not None and region.parent_id in self.provinces)

    @property
    def nothing(self):
        return not (self.everything or self.regions or self.provinces)


def roles(user):
    """The user's (role, region_code) pairs, read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_policy_roles", None)
    if cached is None:
        from regions.models import RoleAssignment

        # No ordering: the model's (by region) would join the regions table on every request.
        cached = frozenset(RoleAssignment.objects.filter(user=user).order_by().values_list("role", "region_id"))
        if user.is_superuser:
            cached |= {(ADMIN, None)}
        user._policy_roles = cached
    return cached


def role_names(user):
    return {role for role, _ in roles(user)}


def has_role(user, *names):
    return bool(role_names(user) & set(names))


def assessor_regions(user):
    """Regions the user is assigned to assess; the evaluations app provides them once it exists."""
    from django.apps import apps

    if not apps.is_installed("evaluations"):
        return frozenset()
    from evaluations.querysets import assigned_region_codes

    return frozenset(assigned_region_codes(user))


def scope(user, action):
    cache = getattr(user, "_policy_scopes", None)
    if cache is None:
        cache = {}
        if getattr(user, "is_authenticated", False):
            user._policy_scopes = cache
    if action in cache:
        return cache[action]
    names = role_names(user)
    if ADMIN in names or (MINISTRY in names and action == VIEW):
        result = Scope(everything=True)
    else:
        regions, provinces = set(), set()
        for role, region in roles(user):
            if role == REGION_STAFF and action != VERIFY:
                regions.add(region)
            elif role == PROVINCE_OFFICER:
                if action != VERIFY:
                    regions.add(region)
                if action in (VIEW, VERIFY):
                    provinces.add(region)
        if ASSESSOR in names and action == VIEW:
            regions |= assessor_regions(user)
        result = Scope(regions=frozenset(regions), provinces=frozenset(provinces))
    cache[action] = result
    return result


def restrict(queryset, user, action, field="region"):
    """The part of `queryset` the user may `action`; `field` leads from the model to its Region."""
    s = scope(user, action)
    if s.everything:
        return queryset
    if s.nothing:
        return queryset.none()
    return queryset.filter(s.q(field))


def can(user, action, obj=None):
    """May the user do `action` — on `obj` (anything with a `.region`) or, for national actions, at all?"""
    if action in _NATIONAL_ACTIONS:
        return has_role(user, *_NATIONAL_ACTIONS[action])
    if action == RECORD_INTERVIEW:
        # The lead assessor of this evaluation, or the national secretariat; not the region, not the ministry.
        return ADMIN in role_names(user) or (obj is not None and ASSESSOR in role_names(user) and obj.led_by(user))
    if obj is None:
        # "May this user create/change anything at all?" — e.g. to show an edit button.
        return not scope(user, action).nothing
    return scope(user, action).contains(obj.region)


def home_region(user):
    """The region a regional user works for (the first assignment), or None."""
    for role, region in sorted(roles(user), key=lambda r: (r[0] != REGION_STAFF, r[1] or "")):
        if role in (REGION_STAFF, PROVINCE_OFFICER):
            return region
    return None


def sees_whole_province(user, province):
    """Whether the user sees the province and every one of its kabupaten/kota (admin, ministry, the
    province's officers): what a province-wide view, such as its dashboard, asks."""
    s = scope(user, VIEW)
    return s.everything or (province is not None and province.code in s.provinces)


# --- what is public -------------------------------------------------------------------------------------
# An evaluation's results are public once its cycle is published (the ministry's letter) and as long as the
# evaluation stays final with its published figures: a reopening takes it off everything public until the
# cycle is published again. Public pages, exports and open data ask these, never the statuses themselves.

PUBLISHED_CYCLE = "published"


def public_evaluations_q(prefix=""):
    """A Q selecting the public evaluations; `prefix` leads from the model to the evaluation ("evaluation__")."""
    return Q(**{f"{prefix}status": "final", f"{prefix}published_at__isnull": False,
                f"{prefix}cycle__status": PUBLISHED_CYCLE})


def public_evaluations(queryset, prefix=""):
    return queryset.filter(public_evaluations_q(prefix))


def is_public(evaluation):
    """Whether an evaluation's results (index, improvement, ranks, letter) may be shown as published."""
    return (evaluation.status == "final" and evaluation.published_at is not None
            and evaluation.cycle.status == PUBLISHED_CYCLE)


def public_masterplan_document_q(prefix=""):
    """A Q selecting the masterplans whose document the public may download: the region marked it public,
    there is a document, and the masterplan itself is public (final or legalised, never a draft)."""
    return (Q(**{f"{prefix}document_public": True}) & ~Q(**{f"{prefix}document": ""})
            & ~Q(**{f"{prefix}status": "draft"}))


def published_evaluations(queryset):
    """The evaluations the public may see (public pages, open data): the public ones, as above."""
    return public_evaluations(queryset)
