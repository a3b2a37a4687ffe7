"""The daily job over two pinned days, mails through a real SMTP server (aiosmtpd) started by the test:
reminders only to regions that have not submitted, one digest per user per day, none repeated, none mailed to
a user who turned that kind off (the notification still appears in the portal)."""
import datetime as dt

from django.core.management import call_command

from monitoring import transitions
from notifications.models import Digest, Notification, Reminder, ReminderSettings
from tests import clock
from tests.monitoring.conftest import complete


def on(day, hour=7):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.JAKARTA)


def kinds(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def run_job():
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_two_days_of_reminders_reach_only_those_who_have_not_submitted_once_each(
        monitoring, world, smtp, time_machine):
    ReminderSettings.objects.create(offsets="14,7,1")
    users = world.users
    users["bantul"].language = "en"
    users["bantul"].save()
    users["sleman"].email_muted = ["window_opened"]
    users["sleman"].save()
    complete(monitoring, world, "34.04")
    transitions.submit_report(users["sleman"], monitoring.report("34.04"), 1)
    due = monitoring.window.due

    # Day one: seven days before the due date, the job runs twice (beat and a hand run, or a task redelivered).
    time_machine.move_to(on(due - dt.timedelta(days=7)))
    run_job()
    run_job()
    assert kinds(users["bantul"]) == ["due_soon", "window_opened"]
    assert kinds(users["sleman"]) == ["window_opened"]  # submitted: no reminder of the due date
    assert kinds(users["diy"]) == ["due_soon", "window_opened"]  # the province's own report
    assert kinds(users["kementerian"]) == []
    smtp.wait(2)
    assert len(smtp.to("bantul@test.smartcity.go.id")) == 1
    assert len(smtp.to("diy@test.smartcity.go.id")) == 1
    assert smtp.to("sleman@test.smartcity.go.id") == []  # sleman mails no window_opened
    mail = smtp.to("bantul@test.smartcity.go.id")[0]
    assert mail["Subject"] == "Monev Smart City: 2 new notifications"  # in Bantul's language, English
    body = mail.get_content()
    assert "is due in 7 days" in body and f"/yearly-reports/{monitoring.report('34.02').pk}/" in body
    indonesian = smtp.to("diy@test.smartcity.go.id")[0]
    assert indonesian["Subject"] == "Monev Smart City: 2 notifikasi baru"
    assert "jatuh tempo dalam 7 hari" in indonesian.get_content()

    # A day later nothing new is due: no reminder is repeated, no mail.
    time_machine.move_to(on(due - dt.timedelta(days=6)))
    run_job()
    assert kinds(users["bantul"]) == ["due_soon", "window_opened"]

    # Day two: the day after the due date; Bantul is overdue, DIY's officer gets one summary of the province.
    time_machine.move_to(on(due + dt.timedelta(days=1)))
    run_job()
    run_job()
    assert kinds(users["bantul"]) == ["due_soon", "overdue", "window_opened"]
    assert kinds(users["sleman"]) == ["window_opened"]
    summary = Notification.objects.get(user=users["diy"], kind="overdue_summary")
    assert "Kabupaten Bantul" in summary.message and "Kabupaten Sleman" not in summary.message
    smtp.wait(4)
    bantul_mails = smtp.to("bantul@test.smartcity.go.id")
    assert len(bantul_mails) == 2
    assert "overdue" in bantul_mails[1].get_content() and "due in 7" not in bantul_mails[1].get_content()
    assert len(smtp.to("diy@test.smartcity.go.id")) == 2
    assert smtp.to("sleman@test.smartcity.go.id") == []
    assert Digest.objects.filter(user=users["bantul"]).count() == 2
    assert Reminder.objects.filter(user=users["bantul"], kind="due_soon").count() == 1


def test_the_days_before_the_due_date_are_validated_in_the_administration(world):
    from django.core.exceptions import ValidationError

    row = ReminderSettings(offsets="7, 14,1")
    row.full_clean()
    assert row.offsets == "14,7,1"
    for bad in ("", "0", "abc", "7,400"):
        try:
            ReminderSettings(offsets=bad).full_clean()
        except ValidationError as error:
            assert "offsets" in error.message_dict
        else:
            raise AssertionError(bad)
