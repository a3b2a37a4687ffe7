from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse

from programmes.readiness import READINESS_NEEDED, province_readiness
from regions.models import Region
from regions.participants import intake_summary, smart_provinces
from smartcity import policy


def home(request):
    """Each role lands where its work is; the public sees the movement's published figures."""
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
    if policy.can(user, policy.VIEW_NATIONAL):
        return redirect("dashboards:national")
    region = policy.home_region(user)
    if region:
        return redirect("regions:region_detail", code=region)
    from evaluations.models import Assignment

    is_assessor = policy.has_role(user, policy.ASSESSOR)
    return render(request, "home_user.html", {
        "is_assessor": is_assessor,
        "assignments": Assignment.objects.of_assessor(user).exclude(evaluation__cycle__status="draft")
        .select_related("evaluation__region__parent").order_by("-evaluation__cycle__year", "evaluation__region_id")
        if is_assessor else Assignment.objects.none(),
        "api_docs": reverse("swagger-ui"),
    })
