"""Error answers: JSON under /api/, the portal's page elsewhere, with DEBUG on as with it off (unless a
developer asks for Django's technical pages with DEBUG_TECHNICAL_PAGES)."""
from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import get_resolver
from django.utils.translation import gettext as _
from django.views.debug import ExceptionReporter
from django.views.defaults import page_not_found as html_page_not_found


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return html_page_not_found(request, exception, template_name="404.html")


class PortalExceptionReporter(ExceptionReporter):
    """Django shows a reporter's traceback page instead of the 400/500 page only with DEBUG on
    (technical_500_response): there it gives the portal's own page, the one production shows, unless
    DEBUG_TECHNICAL_PAGES is set. The traceback is still logged (`django.request`) either way, and with
    DEBUG off (logs, e-mails) this reporter is Django's."""

    CLIENT_ERRORS = (BadRequest, SuspiciousOperation, MultiPartParserError)

    def portal_page(self):
        if self.request is None or not settings.DEBUG or settings.DEBUG_TECHNICAL_PAGES:
            return None
        resolver = get_resolver(getattr(self.request, "urlconf", None))
        if isinstance(self.exc_value, self.CLIENT_ERRORS):
            return resolver.resolve_error_handler(400)(self.request, self.exc_value)
        return resolver.resolve_error_handler(500)(self.request)

    def get_traceback_html(self):
        page = self.portal_page()
        return super().get_traceback_html() if page is None else page.content.decode(page.charset)

    def get_traceback_text(self):
        page = self.portal_page()
        if page is None:
            return super().get_traceback_text()
        if page.status_code == 400:
            return "Permintaan tidak valid. · Bad request.\n"
        return "Terjadi kesalahan pada server. · Server error.\n"
