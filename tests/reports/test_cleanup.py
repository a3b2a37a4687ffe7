"""The periodic clean-up of stored files (reports.cleanup): superseded reports and files nobody owns go once
they are past FILE_RETENTION_DAYS, everything a record points to stays, and each removal is logged. Run by
the Celery beat task and by `manage.py clean_files` alike; real files in a temporary MEDIA_ROOT, and the
same through the storage API alone (Django's in-memory storage, as an S3 bucket is used). Dates come from
the pinned clock; time moves with time-machine."""
import io
import logging
import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command

from programmes.models import Masterplan
from reports.cleanup import clean_files
from reports.models import Report
from tests import clock
from tests.programmes.conftest import build_plans

pytestmark = pytest.mark.django_db(transaction=True)

DAY = timedelta(days=1)


@pytest.fixture
def in_memory(settings):
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}


def store(name, content=b"%PDF-1.4 x", at=None):
    """Save a file and give it a modification time from the pinned clock (the disk would give the real one)."""
    name = default_storage.save(name, ContentFile(content))
    if not isinstance(default_storage, FileSystemStorage):
        return name  # the in-memory storage dates its files by the (pinned) clock itself
    stamp = (at or clock.now()).timestamp()
    os.utime(default_storage.path(name), (stamp, stamp))
    return name


def exists(name):
    return default_storage.exists(name)


def report(key, finished, year=2024, **fields):
    name = store(f"reports/{key.replace(':', '-')}-{finished:%Y%m%d%H%M%S}.pdf", at=finished)
    row = Report.objects.create(kind="national", year=year, key=key, language="id", **fields)
    Report.objects.filter(pk=row.pk).update(status="done", file=name, finished_at=finished)
    return Report.objects.get(pk=row.pk)


@pytest.fixture
def stored(world, media):
    """At the pinned now: a masterplan document and three builds of reports (two of one key, one alone), files
    nobody owns in each of the portal's folders, and a file of another folder."""
    now = clock.now()
    plans = build_plans(world)
    masterplan = Masterplan.objects.get(pk=plans.masterplans["34.02"].pk)
    masterplan.document = store("masterplans/34.02/plan.pdf")
    masterplan.save()
    return {
        "document": masterplan.document.name,
        "older": report("national:2024:id", now - DAY),
        "newer": report("national:2024:id", now),
        "alone": report("national:2023:id", now - 5 * DAY, year=2023),
        "orphans": [store("evidence/2024/34.02/abc123/bukti.pdf"), store("masterplans/34.04/lama.pdf"),
                    store("reports/tanpa-pemilik.pdf")],
        "elsewhere": store("imports/unggahan.xlsx"),
    }


def test_nothing_is_removed_within_the_retention_period(stored, time_machine):
    time_machine.move_to(clock.now() + 29 * DAY)

    removed = clean_files()

    assert (removed.reports, removed.files) == ([], [])
    assert all(exists(name) for name in stored["orphans"])
    assert Report.objects.filter(pk=stored["older"].pk).exists()


def check_cleaned_after_retention(stored, time_machine, caplog):
    time_machine.move_to(clock.now() + 31 * DAY)
    young = store("evidence/2024/34.02/def456/baru.pdf")  # written just now: may belong to a save in progress
    older = stored["older"]

    with caplog.at_level(logging.INFO):
        removed = clean_files()

    assert removed.reports == [(older.pk, older.key, older.file.name)]
    assert not Report.objects.filter(pk=older.pk).exists() and not exists(older.file.name)
    assert sorted(removed.files) == sorted(stored["orphans"])
    assert not any(exists(name) for name in stored["orphans"])
    kept = [stored["document"], stored["newer"].file.name, stored["alone"].file.name, stored["elsewhere"], young]
    assert all(exists(name) for name in kept)
    assert Report.objects.filter(pk__in=[stored["newer"].pk, stored["alone"].pk]).count() == 2
    logged = caplog.text
    assert all(name in logged for name in [older.file.name, *stored["orphans"]])
    assert "1 superseded reports, 3 files nobody owns removed" in logged
    return removed


def test_past_the_retention_period_superseded_reports_and_files_nobody_owns_are_removed(
        stored, time_machine, caplog, media):
    check_cleaned_after_retention(stored, time_machine, caplog)
    assert not (media / "evidence" / "2024" / "34.02" / "abc123").exists()  # its emptied folder too


def test_the_clean_up_works_through_the_storage_api_alone(media, in_memory, stored, time_machine, caplog):
    assert not isinstance(default_storage, FileSystemStorage)  # what works here works on an S3 bucket
    check_cleaned_after_retention(stored, time_machine, caplog)
    assert not media.exists()  # nothing was ever on the disk


def test_a_report_superseded_only_recently_stays_until_the_newer_one_is_old_enough(world, media, time_machine):
    now = clock.now()
    first = report("national:2024:id", now - 40 * DAY)
    report("national:2024:id", now - 10 * DAY)

    assert clean_files().reports == []

    time_machine.move_to(now + 21 * DAY)
    assert [pk for pk, _key, _name in clean_files().reports] == [first.pk]


def test_the_command_and_the_beat_task_run_the_same_clean_up(stored, time_machine, media):
    from reports.tasks import clean_files as task

    time_machine.move_to(clock.now() + 31 * DAY)
    out = io.StringIO()
    call_command("clean_files", stdout=out)

    text = out.getvalue()
    assert f"removed superseded report {stored['older'].pk}" in text
    assert all(f"removed file nobody owns: {name}" in text for name in stored["orphans"])
    assert "1 superseded reports and 3 files nobody owns removed" in text
    assert task.apply().get() == {"reports": 0, "files": 0}  # nothing left to remove


def test_the_retention_period_is_a_setting(stored, settings, time_machine, media):
    settings.FILE_RETENTION_DAYS = 3
    time_machine.move_to(clock.now() + 4 * DAY)

    assert len(clean_files().files) == 3


def test_the_beat_schedule_runs_the_clean_up_task_every_night(settings):
    from celery.schedules import crontab

    from smartcity.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["clean-files"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert isinstance(entry["schedule"], crontab)
    assert settings.FILE_RETENTION_DAYS == 30


def test_a_built_pdf_the_report_cannot_point_to_is_deleted(world, media, monkeypatch):
    from reports import services

    row = Report.objects.create(kind="national", year=2024, key="national:2024:id", language="id")
    monkeypatch.setattr(services, "gather", lambda *a, **k: object())
    monkeypatch.setattr(services.report_data, "fingerprint", lambda data: "x")
    monkeypatch.setattr(services.rendering, "render_html", lambda *a: "<p>x</p>")
    monkeypatch.setattr(services.rendering, "layout", lambda html: html)
    monkeypatch.setattr(services.rendering, "write_pdf", lambda document: b"%PDF-1.4 x")

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Report, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.build_report(row.pk)

    assert not list((media / "reports").glob("*.pdf"))
