"""The portal's URLs plus one view that fails, to see which error page a failure shows."""
from django.core.exceptions import SuspiciousOperation
from django.urls import path

from smartcity.urls import handler404  # noqa: F401 (the same 404 handler)
from smartcity.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


def suspicious(request):
    raise SuspiciousOperation("a request the portal refuses")


urlpatterns = [path("broken/", broken), path("suspicious/", suspicious), *portal_urlpatterns]
