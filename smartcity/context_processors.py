from django.conf import settings

from regions.models import Role

from . import policy


def portal(request):
    user = request.user
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "nav": {
            "national": policy.can(user, policy.VIEW_NATIONAL),
            "admin_site": policy.can(user, policy.USE_ADMIN_SITE),
            "home_region": policy.home_region(user),
            "role_labels": [label for value, label in Role.choices if value in policy.role_names(user)],
        },
    }
