"""The secretariat sets the yearly reporting windows on a portal page (no longer only in the admin)."""
import datetime as dt

from django.urls import reverse

from monitoring.models import ReportingWindow, YearlyReport
from tests import clock

URL = reverse("monitoring:reporting_windows")


def test_the_secretariat_sets_a_window_and_the_years_reports_open(client_as, world):
    t = clock.today()
    response = client_as("admin").post(URL, {"year": str(t.year - 1), "opens": (t - dt.timedelta(days=3)).isoformat(),
                                            "due": (t + dt.timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    window = ReportingWindow.objects.get(year=t.year - 1)
    assert window.history.first().history_user == world.users["admin"]
    assert YearlyReport.objects.filter(window=window).exists()  # the expected regions' drafts exist at once


def test_the_secretariat_moves_a_window_and_a_stale_or_bad_one_is_a_form_error(client_as, world):
    t = clock.today()
    window = ReportingWindow.objects.create(year=t.year, opens=t, due=t + dt.timedelta(days=10))
    client = client_as("admin")
    assert str(t.year) in client.get(URL + f"?edit={window.pk}").content.decode()
    new_due = t + dt.timedelta(days=20)
    response = client.post(URL, {"window": window.pk, "opens": t.isoformat(), "due": new_due.isoformat(),
                                 "version": window.version})
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.due == new_due and window.year == t.year
    response = client.post(URL, {"window": window.pk, "opens": t.isoformat(),
                                 "due": (t - dt.timedelta(days=1)).isoformat(), "version": window.version})
    assert response.status_code == 400
    response = client.post(URL, {"window": window.pk, "opens": t.isoformat(), "due": t.isoformat(), "version": 0})
    assert response.status_code == 400
    window.refresh_from_db()
    assert window.due == new_due


def test_a_second_window_for_the_same_year_is_refused(client_as, world):
    t = clock.today()
    ReportingWindow.objects.create(year=t.year, opens=t, due=t)
    response = client_as("admin").post(URL, {"year": str(t.year), "opens": t.isoformat(), "due": t.isoformat()})
    assert response.status_code == 400
    assert ReportingWindow.objects.count() == 1


def test_only_the_secretariat_sets_windows(client_as, world):
    t = clock.today()
    for persona in ("kementerian", "diy", "bantul", "penilai"):
        assert client_as(persona).get(URL).status_code == 403
        assert client_as(persona).post(URL, {"year": str(t.year), "opens": t.isoformat(),
                                             "due": t.isoformat()}).status_code == 403
    assert not ReportingWindow.objects.exists()
