"""The dashboards' cache: what a dashboard shows, kept per user, dashboard and filters until any
write changes the data it is counted from.

Every key carries the *data version*: the newest row of each table the dashboards count, read
from the database in one statement of index lookups. A new status update (append-only), and any
save, bulk save or deletion of a region, enrolment, masterplan, programme, cycle or evaluation
(each writes a row to its audit-trail table), and every move of a yearly report or its window moves it, and so does a migration; the next request
then counts again, in every process and whatever the cache backend, so that a write shows at
once. The key carries the user and what the policy lets them see, so that no one is ever served
figures counted for someone else. DASHBOARD_CACHE_SECONDS bounds how long an entry lives (0 turns
the cache off). The cache is an aid: when it fails (Redis down), the figures are counted as if it
were empty and the page serves.
"""
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

from smartcity import policy

log = logging.getLogger(__name__)


def _version_sources():
    """(table, column) whose maximum moves with every write the dashboards' figures depend on."""
    from evaluations.models import Cycle, Evaluation
    from monitoring.models import ReportingWindow, YearlyReport
    from programmes.models import Masterplan, Programme, ProgrammeBudget, ProgrammeUpdate
    from regions.models import Award, Enrolment, Region

    sources = [(ProgrammeUpdate._meta.db_table, "id"), ("django_migrations", "id")]
    # Yearly reports and their windows: a verification changes the verified data and the unverified share;
    # an award shows in the year's list of awards.
    for model in (Region, Enrolment, Masterplan, Programme, ProgrammeBudget, Cycle, Evaluation, ReportingWindow,
                  YearlyReport, Award):
        sources.append((model.history.model._meta.db_table, "history_id"))
    return sources


def data_version():
    """The data version: one statement, a maximum by index per table."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT MAX({quote(column)}) FROM {quote(table)})" for table, column in _version_sources())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return cursor.fetchone()


def key(user, name, filters):
    """The cache key of one dashboard (`name`, e.g. "national" or a region code) for one user and
    filters, at the current data version, in the active language."""
    seen = policy.scope(user, policy.VIEW)
    parts = (name, user.pk, sorted(map(str, policy.roles(user))), seen.everything, sorted(seen.regions),
             sorted(seen.provinces), sorted(filters.params().items()), get_language(), data_version())
    return "dashboard:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def dashboard(user, filters):
    """queries.dashboard(user, filters), shared through the cache by the pages and the API (the same
    figures: a page and its API read right after one another count once)."""
    from . import queries

    return cached(user, "figures", filters, lambda: queries.dashboard(user, filters))


def cached(user, name, filters, build):
    """`build()`'s value for this user, dashboard and filters, from the cache while the data version
    holds; built (and kept) otherwise."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return build()
    entry = key(user, name, filters)
    try:
        value = cache.get(entry)
    except Exception:  # the cache is an aid: a broken one must not break the page
        log.warning("dashboard cache unavailable; counting without it", exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(entry, value, seconds)
        except Exception:
            log.warning("dashboard cache unavailable; not keeping the figures", exc_info=True)
    return value
