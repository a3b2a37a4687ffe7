from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse

from programmes.readiness import READINESS_NEEDED, province_readiness
from regions.models import Region
from regions.participants import intake_summary, smart_provinces
from smartcity import policy

from . import todo


def home(request):
    """The public sees the movement's published figures; a signed-in user sees their to-do list, by role."""
    user = request.user
    if not user.is_authenticated:
        kinds = dict(Region.objects.values_list("kind").annotate(n=Count("code")))
        enrolled = Region.objects.exclude(kind=Region.Kind.PROVINCE).filter(enrolments__status="active")
        return render(request, "home_public.html", {
            "intakes": intake_summary(),
            "enrolled_total": enrolled.values("code").distinct().count(),
            "kinds": kinds,
            "smart_provinces": smart_provinces(),
            "readiness": province_readiness(),
            "readiness_needed": int(READINESS_NEEDED * 100),
        })
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
