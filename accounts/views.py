from django.shortcuts import render
from django.urls import reverse

from publik import views as public_views
from smartcity import policy

from . import todo


def home(request):
    """An anonymous visitor gets the public national page (publik.views.national); a signed-in user their
    to-do list, by role."""
    user = request.user
    if not user.is_authenticated:
        response = public_views.national(request)
        # The same URL is a signed-in user's to-do list: no browser or proxy may keep the public copy for it.
        response["Cache-Control"] = "private, no-cache"
        return response
    roles = policy.role_names(user)
    own_regions = sorted(code for role, code in policy.roles(user)
                         if role in (policy.REGION_STAFF, policy.PROVINCE_OFFICER) and code)
    provinces = sorted(code for role, code in policy.roles(user) if role == policy.PROVINCE_OFFICER and code)
    is_assessor = policy.ASSESSOR in roles
    national = policy.can(user, policy.VIEW_NATIONAL)
    context = {
        "is_assessor": is_assessor,
        "national": national,
        "home_region": policy.home_region(user),
        "tasks": todo.region_tasks(own_regions) if own_regions else [],
        "has_region": bool(own_regions),
        "province": todo.province_overview(user, provinces[0]) if provinces else None,
        "assignments": todo.assessor_tasks(user) if is_assessor else [],
        "overview": todo.national_overview(user) if national else None,
        "api_docs": reverse("swagger-ui"),
    }
    context["has_role"] = bool(roles)
    return render(request, "home_user.html", context)
