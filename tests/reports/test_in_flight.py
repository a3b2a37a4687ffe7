"""A request for a report that is being built joins that build without reading the report's data
(reports.services.request_report): under a flood of requests the database only answers one lookup."""
import pytest

from reports import services
from reports.models import Report
from tests import clock

pytestmark = pytest.mark.django_db


def test_a_request_joins_the_build_in_flight_without_reading_the_data(results, world, monkeypatch):
    monkeypatch.setattr(services, "enqueue", lambda *args: None)
    first, reused = services.request_report(world.users["kementerian"], "national", year=2024)
    assert (first.status, reused) == ("queued", False)

    def gather(*args, **kwargs):
        raise AssertionError("the data was read although a build is in flight")

    monkeypatch.setattr(services, "gather", gather)
    again, reused = services.request_report(world.users["admin"], "national", year=2024)

    assert (again.pk, reused) == (first.pk, True)
    assert set(again.requesters.values_list("username", flat=True)) == {"kementerian", "admin"}


def test_a_stale_build_is_not_joined_but_replaced(results, world, monkeypatch):
    from datetime import timedelta


    monkeypatch.setattr(services, "enqueue", lambda *args: None)
    first, _ = services.request_report(world.users["kementerian"], "national", year=2024)
    Report.objects.filter(pk=first.pk).update(updated_at=clock.now() - services.STALE_AFTER - timedelta(minutes=1))

    again, reused = services.request_report(world.users["kementerian"], "national", year=2024)

    assert again.pk != first.pk and not reused
    assert Report.objects.get(pk=first.pk).status == "failed"


def test_an_explicit_rebuild_reads_the_data_even_with_a_build_in_flight(results, world, monkeypatch):
    monkeypatch.setattr(services, "enqueue", lambda *args: None)
    first, _ = services.request_report(world.users["kementerian"], "national", year=2024)
    read = []
    real = services.gather
    monkeypatch.setattr(services, "gather", lambda *a, **k: read.append(a) or real(*a, **k))

    again, reused = services.request_report(world.users["kementerian"], "national", year=2024, rebuild=True)

    assert read and again.pk == first.pk and reused  # it still joins the one in flight
