"""The build task: thin, idempotent, retried a bounded number of times on transient faults."""
from reports import rendering
from reports.models import Report


def test_a_transient_fault_is_retried_and_a_lasting_one_fails_after_bounded_retries(results, media, monkeypatch):
    from django.db import OperationalError

    from reports.tasks import MAX_RETRIES, build_report

    real_layout = rendering.layout
    calls = []

    def flaky_layout(html):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_layout(html)

    monkeypatch.setattr(rendering, "layout", flaky_layout)
    report = Report.objects.create(kind="national", year=2024, key="national:2024:id", language="id")
    build_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert (report.status, report.attempts, len(calls)) == ("done", 2, 2)

    def down(html):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(rendering, "layout", down)
    report = Report.objects.create(kind="national", year=2023, key="national:2023:id", language="id")
    build_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("failed", MAX_RETRIES + 1)
    assert report.error.startswith(f"Laporan tidak dapat disusun setelah {MAX_RETRIES + 1} kali percobaan")


def test_a_report_already_done_is_left_alone_when_its_task_comes_again(results, media):
    from reports import services
    from reports.tasks import build_report

    report = Report.objects.create(kind="national", year=2024, key="national:2024:id", language="id")
    build_report.apply(args=[report.pk])
    report.refresh_from_db()
    done = (report.status, report.file.name, report.finished_at, report.attempts)
    assert done[0] == "done"
    build_report.apply(args=[report.pk])  # a duplicate delivery
    report.refresh_from_db()
    assert (report.status, report.file.name, report.finished_at, report.attempts) == done
    assert services.build_report(report.pk) is None
    assert len(list(media.rglob("*.pdf"))) == 1
