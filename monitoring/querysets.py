"""Reads of the yearly monitoring report, named for their use. Scoping goes through smartcity.policy.

Required programmes of a region for year Y: its programmes running in Y (start year ≤ Y ≤ end year) whose
status as it stood before Y (the latest update of an earlier year) is not completed or cancelled. A
required programme with no update of year Y is *missing*; a report is submitted only when none is.
"""
from django.db import connection
from django.db.models import OuterRef, Subquery

from smartcity import policy
from smartcity.querysets import RegionOwnedQuerySet

# Statuses after which a programme is no longer reported on in later years.
FINISHED = ("completed", "cancelled")


class YearlyReportQuerySet(RegionOwnedQuerySet):
    def for_list(self):
        """What the list, the API and the pages show of a report, in one query."""
        return self.select_related("window", "region", "region__parent")

    def in_year(self, year):
        return self.filter(window__year=year)

    def verifiable_by(self, user):
        return policy.restrict(self, user, policy.VERIFY)


def missing_programmes(reports):
    """{report id: [(programme id, code, name), …]} of the required programmes without an update for the
    report's year, for any number of reports in one query (ordered by code)."""
    from programmes.models import Programme, ProgrammeUpdate

    from .models import ReportingWindow, YearlyReport

    ids = [r.pk for r in reports]
    result = {pk: [] for pk in ids}
    if not ids:
        return result
    tables = {"report": YearlyReport._meta.db_table, "window": ReportingWindow._meta.db_table,
              "programme": Programme._meta.db_table, "update": ProgrammeUpdate._meta.db_table}
    sql = """
        SELECT r.id, p.id, p.code, p.name
        FROM {report} r
        JOIN {window} w ON w.id = r.window_id
        JOIN {programme} p ON p.region_id = r.region_id AND p.start_year <= w.year AND p.end_year >= w.year
        WHERE r.id IN ({ids})
          AND NOT EXISTS (SELECT 1 FROM {update} u WHERE u.programme_id = p.id AND u.year = w.year)
          AND COALESCE((SELECT u.status FROM {update} u WHERE u.programme_id = p.id AND u.year < w.year
                        ORDER BY u.year DESC, u.created_at DESC, u.id DESC LIMIT 1), '') NOT IN ({finished})
        ORDER BY r.id, p.code, p.id
    """.format(**tables, ids=", ".join(["%s"] * len(ids)), finished=", ".join(["%s"] * len(FINISHED)))
    # Plain SQL that PostgreSQL and the embedded SQLite default both run (no ANY/ALL over an array).
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *FINISHED])
        for report_id, programme_id, code, name in cursor.fetchall():
            result[report_id].append((programme_id, code, name))
    return result


def with_verified_status(programmes, year, *fields):
    """Programmes annotated with `verified_status`: their status in `year` as the region's verified report
    for the year saw it — the latest update of year ≤ `year` posted at or before the report's verification
    ("" when the region's report for the year is not verified, or no update came before it). Each of
    `fields` of that same update comes as `verified_<field>` (e.g. "id" → `verified_id`).

    How it composes with `Programme.objects.status_in_year(year)` (programmes/querysets.py): that is the
    latest update of year ≤ `year`; the verified variant is the same subquery with one more condition, the
    update's `created_at` at or before the verified report's `verified_at` (looked up by the report's key). Merged, it becomes
    `status_in_year(year, verified_only=True)`: add the `verified` filter below to that subquery.
    """
    from programmes.models import ProgrammeUpdate

    from .models import YearlyReport

    # The verification instant of the region's report for the year (one row at most: unique per region and
    # year), looked up by key per programme; comparing the updates with it avoids joining every update to all
    # of the region's reports (ten times slower at national scale).
    verified_at = (YearlyReport.objects.filter(region=OuterRef(OuterRef("region")), window__year=year,
                                               status=YearlyReport.Status.VERIFIED).values("verified_at")[:1])
    latest = (ProgrammeUpdate.objects.filter(programme=OuterRef("pk"), year__lte=year,
                                             created_at__lte=Subquery(verified_at))
              .order_by("-year", "-created_at", "-id"))
    return programmes.annotate(verified_status=Subquery(latest.values("status")[:1]),
                               **{f"verified_{name}": Subquery(latest.values(name)[:1]) for name in fields})
