from django.conf import settings
from django.urls import reverse

from regions.models import Role

from . import policy


def portal(request):
    user = request.user
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "nav": navigation(user),
    }


def navigation(user):
    """What the header offers this user: only what their roles can use. Read from the roles the policy
    already holds for the request (no query of its own)."""
    names = policy.role_names(user)
    national = policy.can(user, policy.VIEW_NATIONAL)
    home = policy.home_region(user)
    regional = {(role, code) for role, code in policy.roles(user) if role in (policy.REGION_STAFF,
                                                                              policy.PROVINCE_OFFICER)}
    only_regional = bool(regional) and names <= {policy.REGION_STAFF, policy.PROVINCE_OFFICER}
    # Kemendagri codes: a province is the first segment of its kabupaten/kota's code (34.02 → 34).
    provinces = {code.split(".")[0] for _, code in regional}
    single_region = home if only_regional and regional == {(policy.REGION_STAFF, home)} else None
    return {
        "national": national,
        "admin_site": policy.can(user, policy.USE_ADMIN_SITE),
        "home_region": home,
        "role_labels": [label for value, label in Role.choices if value in names],
        "has_role": bool(names),
        # A region list, a region filter or a province filter only ever showing one region / province.
        "single_region": single_region,
        "single_province": provinces.pop() if only_regional and len(provinces) == 1 else None,
        "regions": bool(names) and single_region is None,
        "assessor_only": names == {policy.ASSESSOR},
        "dashboard_url": dashboard_url(national, regional, home),
        "search": bool(names),
        "help_url": help_url(user),
    }


def dashboard_url(national, regional, home):
    """The widest dashboard the user may open: national, their province's, or their region's."""
    if national:
        return reverse("dashboards:national")
    officer = sorted(code for role, code in regional if role == policy.PROVINCE_OFFICER)
    if officer:
        return reverse("dashboards:province", args=[officer[0]])
    if home:
        return reverse("dashboards:region", args=[home])
    return None


def help_url(user):
    """The Panduan page of the user's main role, else the list of them."""
    from wayfinding.help import page_for

    page = page_for(user)
    return reverse("wayfinding:help_role", args=[page.slug]) if page else reverse("wayfinding:help")
