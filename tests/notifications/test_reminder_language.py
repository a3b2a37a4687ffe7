"""A reminder's message and its dates are in the recipient's language (the user's preference), whatever
language the job's process has active: a Celery worker runs with the default language, a hand run with the
shell's. Mails go through a real SMTP server (aiosmtpd, tests/notifications/conftest.py)."""
import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import formats, translation

from evaluations.models import Cycle
from notifications.models import Notification, ReminderSettings
from tests import clock
from tests.evaluations.builders import make_cycle, make_evaluation, make_instrument

pytestmark = pytest.mark.dates


def on(day, hour=7):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.JAKARTA)


def date_in(language, day, format="DATE_FORMAT"):
    with translation.override(language):
        return formats.date_format(day, format)


def message(user, kind):
    return Notification.objects.get(user=user, kind=kind).message


@pytest.mark.parametrize("job_language", ["id", "en"])
def test_a_reminder_dates_and_words_are_in_each_recipients_language_whatever_the_job_runs_in(
        monitoring, world, smtp, time_machine, job_language):
    ReminderSettings.objects.create(offsets="14,7,1")
    users = world.users
    users["bantul"].language = "en"
    users["bantul"].save()
    users["diy"].language = "id"
    users["diy"].save()
    due = monitoring.window.due
    time_machine.move_to(on(due - dt.timedelta(days=7)))

    with translation.override(job_language):
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    english, indonesian = message(users["bantul"], "due_soon"), message(users["diy"], "due_soon")
    # Bantul's own wall clock (WIB): "1 November 2026, 23:59" in English, "1 November 2026, 23.59" in Indonesian.
    local = monitoring.window.due_at.astimezone(clock.JAKARTA).replace(tzinfo=None)
    on_en, on_id = date_in("en", local, "DATETIME_FORMAT"), date_in("id", local, "DATETIME_FORMAT")
    assert on_en != on_id
    assert "is due in 7 days" in english and on_en in english, english
    assert "jatuh tempo dalam 7 hari" in indonesian and on_id in indonesian, indonesian
    # The mails say the same, each in its reader's language.
    smtp.wait(2)
    assert on_en in smtp.to("bantul@test.smartcity.go.id")[0].get_content()
    assert on_id in smtp.to("diy@test.smartcity.go.id")[0].get_content()


def test_a_reminder_the_day_before_says_one_day_in_english_and_hari_in_indonesian(monitoring, world, time_machine):
    ReminderSettings.objects.create(offsets="14,7,1")
    world.users["bantul"].language = "en"
    world.users["bantul"].save()
    time_machine.move_to(on(monitoring.window.due - dt.timedelta(days=1)))

    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert "is due in 1 day, by" in message(world.users["bantul"], "due_soon")
    assert "jatuh tempo dalam 1 hari" in message(world.users["diy"], "due_soon")


@pytest.mark.parametrize("job_language", ["id", "en"])
def test_a_self_assessment_reminder_dates_are_in_each_recipients_language(world, time_machine, job_language):
    ReminderSettings.objects.create(offsets="14,7,1")
    users = world.users
    users["bantul"].language = "en"
    users["bantul"].save()
    cycle = make_cycle(make_instrument(3), Cycle.Status.SELF_ASSESSMENT)
    make_evaluation(cycle, "34.02")
    end = cycle.self_assessment_end
    time_machine.move_to(on(end - dt.timedelta(days=3)))

    with translation.override(job_language):
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    english = message(users["bantul"], "window_opened")
    assert f"is open until {date_in('en', end)}." in english, english
