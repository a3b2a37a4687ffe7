"""What bench/load.sh asks of the bench database around a locust run.

    python bench/load_support.py setup     # print shell exports: staff accounts, features in main, update count
    python bench/load_support.py check BEFORE RESULT.json   # posted updates vs 201 answers; then clean up

The check compares the number of ProgrammeUpdate rows added during the run with the number of 201
answers locust counted, then deletes the load's own updates (recognised by their evidence link)
and restores each touched programme's current update, so the bench data set stays as built
(LOAD_KEEP=1 keeps them).
"""
import json
import os
import shlex
import sys

import common

EVIDENCE_PREFIX = "https://bench.smartcity.go.id/bukti/"  # what bench/locustfile.py posts


def exists(path):
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
        return True
    except Resolver404:
        return False


def signed_in(user):
    """A session as the login form leaves it: the deadline-day user signed in earlier (sessions last
    two weeks), so the run measures the work, not a password hash per simulated user."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def setup():
    from django.contrib.auth import get_user_model

    from monitoring.models import YearlyReport
    from programmes.models import ProgrammeUpdate
    from regions.models import Role, RoleAssignment

    form = os.environ.get("LOAD_LOGIN") == "form"
    # The staff who can still post the year's updates: a submitted or verified yearly report closes them (the
    # bench builds the year's reports in a mix of states), and a refused post would count as an error.
    year = int(os.environ.get("LOAD_UPDATE_YEAR", "2025"))
    locked = YearlyReport.objects.filter(window__year=year, status__in=YearlyReport.LOCKED).values("region_id")
    rows = (RoleAssignment.objects.filter(role=Role.REGION_STAFF, region__programmes__isnull=False)
            .exclude(region_id__in=locked).distinct().select_related("user").order_by("region_id"))
    staff = [f"{a.user.username}:{a.region_id}:{'' if form else signed_in(a.user)}" for a in rows]
    users = get_user_model().objects.in_bulk(["kementerian", "diy", "penilai"], field_name="username")

    def sessions(username, n):
        return "" if form else ",".join(signed_in(users[username]) for _ in range(n))

    exports = {
        "LOAD_STAFF": ",".join(staff),
        "LOAD_MINISTRY_SESSIONS": sessions("kementerian", 20),
        "LOAD_PROVINCE_SESSIONS": sessions("diy", 5),
        "LOAD_ASSESSOR_SESSIONS": sessions("penilai", 5),
        "LOAD_DASHBOARD": "1" if exists("/dashboard/") and exists("/api/v1/dashboard/") else "0",
        "LOAD_REGION_DASHBOARD": "1" if exists("/dashboard/regions/34.02/") else "0",
        "LOAD_REPORTS": "1" if exists("/api/v1/reports/") else "0",
        "LOAD_UPDATES_BEFORE": str(ProgrammeUpdate.objects.count()),
    }
    for k, v in exports.items():
        print(f"export {k}={shlex.quote(v)}")


def check(before, result_path):
    from django.db import transaction

    from programmes.models import Programme, ProgrammeUpdate
    from programmes.services import refresh_current_update

    result = json.load(open(result_path))
    added = ProgrammeUpdate.objects.count() - int(before)
    ours = ProgrammeUpdate.objects.filter(evidence_url__startswith=EVIDENCE_PREFIX)
    print(f"updates: {result['updates_created']} answered 201, {added} added to the database, "
          f"{ours.count()} carry the load's evidence link")
    ok = added == result["updates_created"] == ours.count()
    print("update count check: " + ("OK, every posted update is there" if ok else "MISMATCH"))
    if os.environ.get("LOAD_KEEP") != "1":
        with transaction.atomic():
            touched = list(Programme.objects.filter(updates__in=ours).distinct())
            ours.delete()
            for programme in touched:
                refresh_current_update(programme)
        print(f"removed the load's updates again ({len(touched)} programmes' current update restored)")
    return 0 if ok else 1


if __name__ == "__main__":
    common.setup_django()
    if sys.argv[1] == "setup":
        setup()
    else:
        sys.exit(check(sys.argv[2], sys.argv[3]))
