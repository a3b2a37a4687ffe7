"""Whose request is this: the one answer every throttle and the sign-in lockout count by.

The socket's address is the client's, unless the operator says how many reverse proxies in front of the
portal append to X-Forwarded-For (`TRUSTED_PROXY_COUNT`). Only those last entries are the proxies' own
writing; anything before them came from the client and proves nothing, so it is never read.
"""
import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address as the nearest trusted proxy saw it, or the socket's address without one.

    With n trusted proxies the client is the n-th entry from the right of X-Forwarded-For (the entry the
    outermost trusted proxy wrote); a missing header, or an entry that is not an address, falls back to the
    socket's address. Used by the DRF throttles (smartcity.api) and django-axes (AXES_CLIENT_IP_CALLABLE).
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    entries = [entry.strip() for entry in forwarded.split(",")]
    candidate = entries[-min(proxies, len(entries))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
