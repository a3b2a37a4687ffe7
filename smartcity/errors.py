"""Error answers: JSON under /api/, the portal's page elsewhere."""
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found as html_page_not_found


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return html_page_not_found(request, exception, template_name="404.html")
