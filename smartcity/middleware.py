"""Language choice (Bahasa Indonesia unless the user picked English with the switch), the
Permissions-Policy header, which Django's SecurityMiddleware does not set, the write transactions of the
embedded default (SQLite), and the portal's own error pages with DEBUG on."""
from contextlib import ExitStack

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections, transaction
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, get_resolver, resolve
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Pages follow the language switch (its cookie), never the browser's Accept-Language: a
    civil servant's laptop set to English still gets the Indonesian portal first. API clients
    may ask for a language with Accept-Language."""

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PermissionsPolicyMiddleware:
    """The portal uses no camera, microphone, location, payment or USB: say so to the browser, so
    that injected content could not ask for them either (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class WriteRequestTransactionMiddleware:
    """On SQLite, each writing request (POST, PUT, PATCH, DELETE) is one transaction; reads run without one.

    PostgreSQL runs every request in a transaction (ATOMIC_REQUESTS). On SQLite a transaction takes the
    database's one write lock when it begins (settings: transaction_mode IMMEDIATE), so a read in one would
    queue behind every writer: there ATOMIC_REQUESTS is off and this middleware gives the writes theirs.
    Like ATOMIC_REQUESTS with DRF, the transaction is rolled back when the view raises (process_exception)
    or DRF answered an exception (`response.exception`); views marked `non_atomic_requests` run without
    one. Not used at all where every database has ATOMIC_REQUESTS.
    """

    WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, get_response):
        self.get_response = get_response
        self.aliases = [alias for alias in connections
                        if not connections.settings[alias].get("ATOMIC_REQUESTS")
                        and connections.settings[alias]["ENGINE"].endswith("sqlite3")]
        if not self.aliases:
            raise MiddlewareNotUsed

    def __call__(self, request):
        if request.method not in self.WRITES:
            return self.get_response(request)
        try:
            view = resolve(request.path_info, getattr(request, "urlconf", None)).func
        except Resolver404:
            return self.get_response(request)
        aliases = [a for a in self.aliases if a not in getattr(view, "_non_atomic_requests", set())]
        with ExitStack() as stack:
            for alias in aliases:
                stack.enter_context(transaction.atomic(using=alias))
            response = self.get_response(request)
            if getattr(request, "_write_transaction_failed", False) or getattr(response, "exception", False):
                for alias in aliases:
                    transaction.set_rollback(True, using=alias)
        return response

    def process_exception(self, request, exception):
        request._write_transaction_failed = True


class PortalErrorPagesMiddleware:
    """With DEBUG on, a missing page (a link outside the user's scope, an unknown address) shows the portal's
    own 404 page, as in production, unless DEBUG_TECHNICAL_PAGES asks for Django's technical one. Errors go
    the same way through smartcity.errors.PortalExceptionReporter."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def active():
        return settings.DEBUG and not settings.DEBUG_TECHNICAL_PAGES

    @staticmethod
    def portal_404(request, exception):
        handler = get_resolver(getattr(request, "urlconf", None)).resolve_error_handler(404)
        return handler(request, exception)

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None and self.active():
            # No URL pattern matched: Django answered with its technical 404 (the list of patterns).
            return self.portal_404(request, Http404())
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and self.active():
            return self.portal_404(request, exception)
        return None
