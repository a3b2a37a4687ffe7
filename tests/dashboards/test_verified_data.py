"""Verified data on the dashboards (issue 17): `?data=verified` reads each programme's status as its
region's verified yearly report saw it; by default all data shows, with the unverified share marked. The
page, its exports and the API agree with a hand count for both choices, in a constant number of queries.

On top of the hand-built data set (tests/dashboards/conftest.py): a reporting window for 2024 with Bantul's
report verified after its 2023 updates and before B2's 2024 update (stalled), which came after the
verification; every other region's report is a draft. Programmes planned to run in 2024: B1, B2 (Bantul),
S2 (Sleman), J2 (Bojonegoro).
  all data:      B1 running, B2 stalled, S2 planned, J2 stalled; 2 of 4 verified → 50,0% not yet verified
  verified only: B1 running, B2 running (its 2023 update; the 2024 one came after the verification);
                 S2 and J2 left out (their regions' reports are not verified)
"""
import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import clock
from tests.dashboards.test_queries import add_more_data

NATIONAL = "/dashboard/"
API = "/api/v1/dashboard/"
STATUSES = ("planned", "in_development", "running", "stalled", "completed", "cancelled")


@pytest.fixture
def verified(world, data):
    from monitoring.models import ReportingWindow, YearlyReport
    from monitoring.services import open_reporting
    from programmes.models import ProgrammeUpdate

    ReportingWindow.objects.create(year=2024, opens=dt.date(2025, 1, 2), due=dt.date(2025, 1, 31))
    open_reporting(2024)
    verified_at = clock.now() - dt.timedelta(days=30)
    ProgrammeUpdate.objects.filter(programme__region_id="34.02").update(created_at=verified_at - dt.timedelta(days=1))
    ProgrammeUpdate.objects.filter(programme=data.programmes["B2"], year=2024).update(
        created_at=verified_at + dt.timedelta(hours=1))
    report = YearlyReport.objects.get(region_id="34.02", window__year=2024)
    # Saved as a transition saves it (an audit row), not arranged behind the ORM's back.
    report.status, report.submitted_at, report.verified_at = YearlyReport.Status.VERIFIED, verified_at, verified_at
    report.save()
    return report


HAND = {
    "": {"total": 4, "running": 1, "stalled": 2, "planned": 1, "verified": 2, "unverified": 2,
         "unverified_share": "50.0", "quick_wins_active": 1},
    "verified": {"total": 2, "running": 2, "stalled": 0, "planned": 0, "verified": 2, "unverified": 2,
                 "unverified_share": "50.0", "quick_wins_active": 1},
}


def figures_of(figures):
    counts = {s: figures.by_status.get(s, 0) for s in ("running", "stalled", "planned")}
    return {"total": figures.total, **counts, "verified": figures.verified, "unverified": figures.unverified,
            "unverified_share": f"{figures.unverified_share:.1f}", "quick_wins_active": figures.quick_wins_active}


@pytest.mark.parametrize("choice", ["", "verified"])
def test_page_export_and_api_agree_with_the_hand_count_for_both_choices(client_as, api_as, verified, choice):
    query = f"?year=2024&data={choice}" if choice else "?year=2024"
    hand = HAND[choice]

    page = client_as("kementerian").get(NATIONAL + query)
    assert page.status_code == 200
    assert figures_of(page.context["data"].programmes) == hand

    body = api_as("kementerian").get(API + query).json()
    p = body["programmes"]
    assert {"total": p["total"], **{s: p["by_status"][s] for s in ("running", "stalled", "planned")},
            "verified": p["verified"], "unverified": p["unverified"], "unverified_share": p["unverified_share"],
            "quick_wins_active": p["quick_wins_active"]} == hand
    assert (body["status_year"], body["verified_only"], body["filters"]["data"]) == (2024, bool(choice),
                                                                                     choice or None)

    export = client_as("kementerian").get(NATIONAL + query + "&export=dimensions&format=csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert sum(int(r["Program"]) for r in rows) == hand["total"]
    assert sum(int(r["Berjalan"]) for r in rows) == hand["running"]
    assert sum(int(r["Terhambat"]) for r in rows) == hand["stalled"]


def test_verified_data_leaves_out_unverified_regions_per_province_and_their_stalled_programmes(world, verified):
    from dashboards import queries

    d = queries.dashboard(world.users["kementerian"], queries.Filters(year=2024, data="verified"))
    groups = {g.code: g.programmes for g in d.groups}
    assert (groups["34"].total, groups["34"].unverified) == (2, 1)      # B1, B2 shown; S2 left out
    assert (groups["35"].total, groups["35"].unverified) == (0, 1)      # J2 left out
    assert d.constraints == ()                                          # B2 was running when verified

    all_data = queries.dashboard(world.users["kementerian"], queries.Filters(year=2024))
    assert [(c.category, c.count) for c in all_data.constraints] == [("budget", 2)]


def test_without_a_year_the_share_is_of_the_latest_reporting_year_and_verified_data_reads_it(world, verified):
    from dashboards import queries

    d = queries.dashboard(world.users["kementerian"], queries.Filters())
    # All nine programmes by their current status; Bantul's four are of a verified region.
    assert (d.basis.year, d.programmes.total, d.programmes.verified, d.programmes.unverified) == (2024, 9, 4, 5)
    v = queries.dashboard(world.users["kementerian"], queries.Filters(data="verified"))
    assert (v.programmes.total, v.programmes.by_status["running"]) == (2, 2)


def test_the_page_marks_the_unverified_share_and_offers_the_other_choice(client_as, verified):
    html = client_as("kementerian").get(NATIONAL + "?year=2024").content.decode()
    note = html[html.index('data-testid="verification-note"'):]
    note = note[:note.index("</div>")]
    assert "50,0% status program untuk 2024 belum diverifikasi" in note
    assert 'href="?year=2024&amp;data=verified"' in note

    html = client_as("kementerian").get(NATIONAL + "?year=2024&data=verified").content.decode()
    note = html[html.index('data-testid="verification-note"'):]
    assert "Hanya data terverifikasi." in note and 'href="?year=2024"' in note
    # The choice survives in the form and in every export link.
    assert '<option value="verified" selected>' in html
    assert "?year=2024&amp;data=verified&amp;export=groups" in html


def test_a_verification_shows_at_once_despite_the_cache(client_as, verified):
    from monitoring.models import YearlyReport

    client = client_as("kementerian")
    first = client.get(NATIONAL + "?year=2024&data=verified").context["data"]
    assert first.programmes.total == 2
    sleman = YearlyReport.objects.get(region_id="34.04", window__year=2024)
    sleman.status, sleman.verified_at = YearlyReport.Status.VERIFIED, clock.now()
    sleman.save()
    html = client.get(NATIONAL + "?year=2024&data=verified").content.decode()
    assert 'data-testid="figure-programmes"><div class="figure-value">3<' in html


def page_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [NATIONAL + "?data=verified", NATIONAL + "?year=2024&data=verified",
                                 "/dashboard/provinces/34/?data=verified", "/dashboard/regions/34.02/?data=verified",
                                 API + "?data=verified"])
def test_verified_data_runs_a_constant_number_of_queries(client_as, api_as, world, data, verified, url):
    from monitoring.models import YearlyReport

    client = api_as("kementerian") if url.startswith(API) else client_as("kementerian")
    before = page_queries(client, url)
    add_more_data(world, data)
    YearlyReport.objects.filter(region_id="34.01", window__year=2024).update(
        status=YearlyReport.Status.VERIFIED, verified_at=clock.now())
    assert page_queries(client, url) == before <= 31  # the year's awards are one more (regions.awards)
