"""A reporting window for this year, open since ten days and due in twenty, on top of `world`; Bantul and
Sleman with programmes, some required this year and some not (see `Monitoring`)."""
import datetime as dt
from dataclasses import dataclass

import pytest

from tests import clock

REPORTS = "/api/v1/yearly-reports/"
COMPLETENESS = "/api/v1/completeness/"


def url(report, sub=""):
    return f"{REPORTS}{report.pk}/" + (f"{sub}/" if sub else "")


@dataclass
class Monitoring:
    year: int
    window: object
    programmes: dict

    def report(self, code):
        from monitoring.models import YearlyReport

        return YearlyReport.objects.select_related("window", "region").get(region_id=code, window=self.window)


def make_window(year, opens, due):
    from monitoring.models import ReportingWindow

    return ReportingWindow.objects.create(year=year, opens=opens, due=due)


def make_programme(masterplan, code, start, end, **fields):
    from programmes.models import Programme

    values = {"name": f"Program {code}", "dimension": "governance", "term": "short", "start_year": start,
              "end_year": end, "funding_source": "apbd_kabkota"} | fields
    programme = Programme(masterplan=masterplan, code=code, **values)
    programme.save()
    return programme


def post(user, programme, year, status="running", progress=50):
    from programmes.services import post_update

    data = {"year": year, "status": status, "progress": 100 if status == "completed" else progress}
    return post_update(user, programme, data)


def complete(monitoring, world, code="34.02"):
    """Post this year's update of every programme the region must report on."""
    user = world.users["bantul" if code == "34.02" else "sleman"]
    prefix = "BTL" if code == "34.02" else "SLM"
    for key, programme in monitoring.programmes.items():
        if key.startswith(prefix) and key.endswith("required"):
            post(user, programme, monitoring.year)


def move(report, status, **fields):
    """Put a report straight into a status (arranging, not acting)."""
    from monitoring.models import YearlyReport

    YearlyReport.objects.filter(pk=report.pk).update(status=status, **fields)
    report.refresh_from_db()
    return report


# The hand counts of these tests are over the seven enrolled kabupaten/kota and provinces of DIY, Jawa
# Tengah and Jawa Timur (34, 34.01, 34.02, 34.04, 34.71, 33.18, 35.22); the world's other intakes are
# left out here.
SEVEN = {"34", "34.01", "34.02", "34.04", "34.71", "33.18", "35.22"}


@pytest.fixture(autouse=True)
def _seven_enrolled(request):
    if "world" in request.fixturenames:
        from regions.models import Enrolment

        request.getfixturevalue("world")
        Enrolment.objects.exclude(region_id__in=SEVEN).delete()


@pytest.fixture
def monitoring(world):
    from monitoring.services import open_reporting
    from programmes.models import Masterplan

    year = clock.today().year
    today = clock.today()
    window = make_window(year, today - dt.timedelta(days=10), today + dt.timedelta(days=20))
    bantul_mp = Masterplan.objects.create(region_id="34.02", title="Masterplan Bantul", period_start=year - 6,
                                          period_end=year + 4)
    sleman_mp = Masterplan.objects.create(region_id="34.04", title="Masterplan Sleman", period_start=year - 6,
                                          period_end=year + 4)
    programmes = {
        "BTL-A-required": make_programme(bantul_mp, "BTL-A", year - 1, year + 1, name="Satu Data Bantul"),
        "BTL-B-required": make_programme(bantul_mp, "BTL-B", year, year, name="Pasar Digital Bantul"),
        # Completed last year: no longer reported on.
        "BTL-C-done": make_programme(bantul_mp, "BTL-C", year - 3, year + 2, name="Bantul Smart Kiosk"),
        # Starts next year.
        "BTL-D-later": make_programme(bantul_mp, "BTL-D", year + 1, year + 2, name="Bantul Sehat Online"),
        # Ended last year.
        "BTL-E-ended": make_programme(bantul_mp, "BTL-E", year - 3, year - 1, name="Bantul Wifi Desa"),
        "SLM-A-required": make_programme(sleman_mp, "SLM-A", year - 2, year + 2, name="Sleman Smart Kiosk"),
    }
    post(world.users["bantul"], programmes["BTL-C-done"], year - 1, status="completed")
    post(world.users["bantul"], programmes["BTL-A-required"], year - 1)
    open_reporting(year)
    return Monitoring(year=year, window=window, programmes=programmes)
