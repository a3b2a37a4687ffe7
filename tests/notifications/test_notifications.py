"""Notifications: the workflow's events tell the people they concern, in their language; the bell counts the
unread ones without a query; the list page marks them read; the API lists and marks the user's own only."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring import transitions
from notifications.models import Notification
from tests.monitoring.conftest import complete

API = "/api/v1/notifications/"


def kinds(user):
    return [n.kind for n in Notification.objects.filter(user=user).order_by("created", "id")]


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks, monkeypatch):
    """Each transition's on-commit work runs when it returns, as it would once its transaction commits."""
    def committing(function):
        def run(*args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return function(*args, **kwargs)
        return run

    for name in ("submit_report", "return_report", "verify_report", "reopen_report"):
        monkeypatch.setattr(transitions, name, committing(getattr(transitions, name)))


def test_submitting_tells_the_province_officer_and_returning_tells_the_region_with_the_comment(
        monitoring, world, run_on_commit):
    complete(monitoring, world)
    report = monitoring.report("34.02")
    world.users["bantul"].language = "en"
    world.users["bantul"].save()

    report = transitions.submit_report(world.users["bantul"], report, 1)
    assert kinds(world.users["diy"]) == ["submitted"]
    message = Notification.objects.get(user=world.users["diy"]).message
    assert message == f"Kabupaten Bantul menyampaikan laporan tahunan {monitoring.year} untuk Anda verifikasi."
    assert kinds(world.users["sleman"]) == [] and kinds(world.users["bantul"]) == []

    report = transitions.return_report(world.users["diy"], report, 2, "Lengkapi bukti BTL-A.")
    returned = Notification.objects.get(user=world.users["bantul"])
    assert returned.kind == "returned"
    # Bantul chose English: the message is in English, the verifier's comment as written.
    assert returned.message == (f"The {monitoring.year} yearly report of Kabupaten Bantul was returned for "
                                "correction: Lengkapi bukti BTL-A.")
    assert returned.url == f"/yearly-reports/{report.pk}/"

    report = transitions.submit_report(world.users["bantul"], report, 3)
    transitions.verify_report(world.users["diy"], report, 4)
    assert kinds(world.users["bantul"]) == ["returned", "verified"]
    assert kinds(world.users["diy"]) == ["submitted", "submitted"]


def test_a_refused_transition_tells_nobody(monitoring, world, run_on_commit):
    report = monitoring.report("34.02")
    with pytest.raises(transitions.Conflict):
        transitions.submit_report(world.users["bantul"], report, 1)  # programmes missing
    assert not Notification.objects.exists()


def test_the_bell_shows_the_unread_count_on_every_page_without_a_query(monitoring, world, client_as,
                                                                        run_on_commit):
    complete(monitoring, world)
    transitions.submit_report(world.users["bantul"], monitoring.report("34.02"), 1)
    diy = client_as("diy")
    html = diy.get("/programmes/").content.decode()
    assert 'data-testid="unread-count">1<' in html
    with CaptureQueriesContext(connection) as queries:
        diy.get("/regions/")
    assert not [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]


def test_a_bell_with_more_than_99_unread_says_99_plus_so_that_the_header_keeps_one_line_on_a_phone(world, client_as):
    from accounts.models import User

    User.objects.filter(pk=world.users["diy"].pk).update(unread_notifications=250)
    assert 'data-testid="unread-count">99+<' in client_as("diy").get("/programmes/").content.decode()
    User.objects.filter(pk=world.users["diy"].pk).update(unread_notifications=99)
    assert 'data-testid="unread-count">99<' in client_as("diy").get("/programmes/").content.decode()


def test_opening_the_list_marks_its_notifications_read_and_the_bell_goes_quiet(monitoring, world, client_as,
                                                                                run_on_commit):
    complete(monitoring, world)
    transitions.submit_report(world.users["bantul"], monitoring.report("34.02"), 1)
    diy = client_as("diy")
    html = diy.get("/notifications/").content.decode()
    assert "Kabupaten Bantul menyampaikan laporan tahunan" in html
    assert Notification.objects.get(user=world.users["diy"]).read_at is not None
    assert 'data-testid="unread-count"' not in diy.get("/notifications/").content.decode()
    world.users["diy"].refresh_from_db()
    assert world.users["diy"].unread_notifications == 0


def test_the_api_lists_the_users_own_notifications_and_marks_one_read(monitoring, world, api_as, run_on_commit):
    complete(monitoring, world)
    transitions.submit_report(world.users["bantul"], monitoring.report("34.02"), 1)
    body = api_as("diy").get(API).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert set(item) == {"id", "kind", "message", "url", "created", "read"}
    assert item["kind"] == "submitted" and item["read"] is False
    assert api_as("bantul").get(API).json()["count"] == 0
    # Someone else's notification does not exist for them.
    assert api_as("bantul").post(f"{API}{item['id']}/read/").status_code == 404
    assert api_as("diy").post(f"{API}{item['id']}/read/").json()["read"] is True
    assert api_as("diy").get(API).json()["results"][0]["read"] is True
    assert api_as(None).get(API).status_code in (401, 403)


def test_the_notifications_page_needs_a_signed_in_user(client_as, world):
    response = client_as(None).get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_chooses_the_mail_language_and_which_kinds_to_mail(client_as, world):
    bantul = client_as("bantul")
    response = bantul.post("/notifications/preferences/", {"language": "en", "email_kinds": ["returned"]})
    assert response.status_code == 302
    world.users["bantul"].refresh_from_db()
    assert world.users["bantul"].language == "en"
    assert "returned" not in world.users["bantul"].email_muted and "due_soon" in world.users["bantul"].email_muted
    response = bantul.post("/notifications/preferences/", {"language": "xx", "email_kinds": ["nope"]})
    assert response.status_code == 400
    world.users["bantul"].refresh_from_db()
    assert world.users["bantul"].language == "en"
