"""The home page is a to-do list per role: the region's due items in its own time zone with the days left and
overdue ones marked in red and in words; the province officer's table and verification queue; the assessor's
progress; national completeness by province. A constant number of queries whatever the number of regions."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import YearlyReport
from regions.models import Enrolment, Region, RoleAssignment
from tests import clock
from tests.monitoring.conftest import complete, move

S = YearlyReport.Status


def home(client):
    return client.get("/").content.decode()


def test_region_staff_see_their_yearly_report_due_with_days_left_and_a_link(client_as, monitoring):
    html = home(client_as("bantul"))
    todo = html.split('data-testid="todo"')[1].split("</section>")[0]
    report = monitoring.report("34.02")
    assert f'href="/yearly-reports/{report.pk}/"' in todo
    assert "WIB" in todo and ("23:59" in todo or "23.59" in todo)
    assert "20 hari lagi" in todo
    assert 'data-testid="overdue"' not in todo
    assert "Kabupaten Sleman" not in todo


def test_a_returned_report_shows_why_and_an_overdue_one_is_red_and_says_so(client_as, monitoring, time_machine):
    move(monitoring.report("34.02"), S.RETURNED, comment="Lengkapi bukti BTL-A.")
    time_machine.move_to(clock.now() + dt.timedelta(days=21))
    html = home(client_as("bantul"))
    todo = html.split('data-testid="todo"')[1].split("</section>")[0]
    assert "Lengkapi bukti BTL-A." in todo
    assert 'data-testid="overdue">Melewati batas waktu<' in todo  # in words, not colour alone
    assert "border-danger" in todo


def test_the_due_time_is_in_the_regions_own_zone(client_as, monitoring, world):
    province = Region.objects.create(code="73", name="Sulawesi Selatan", kind="province")
    city = Region.objects.create(code="73.71", name="Kota Makassar", kind="city", parent=province)
    Enrolment.objects.create(region=city, cohort_year=2017)
    RoleAssignment.objects.create(user=world.users["outsider"], role="region_staff", region=city)
    todo = home(client_as("outsider")).split('data-testid="todo"')[1].split("</section>")[0]
    assert "WITA" in todo and ("00:59" in todo or "00.59" in todo)


def test_the_province_officer_sees_the_verification_queue_and_the_kabupaten_kota_table(client_as, monitoring,
                                                                                        world):
    from monitoring import transitions

    complete(monitoring, world)
    transitions.submit_report(world.users["bantul"], monitoring.report("34.02"), 1)
    html = home(client_as("diy"))
    queue = html.split('data-testid="verify"')[1].split("</section>")[0]
    assert "Kabupaten Bantul" in queue and "Kabupaten Sleman" not in queue
    table = html.split('data-testid="province-table"')[1].split("</table>")[0]
    assert "Kabupaten Kulon Progo" in table and "Kabupaten Pati" not in table


def test_the_ministry_sees_completeness_by_province_linking_down(client_as, monitoring):
    html = home(client_as("kementerian"))
    national = html.split('data-testid="national"')[1].split("</section>")[0]
    assert f"/completeness/?year={monitoring.year}&amp;province=34" in national
    assert "Daerah Istimewa Yogyakarta" in national


def test_the_assessor_sees_progress_of_each_assigned_evaluation(client_as, world):
    from tests.evaluations.conftest import make_cycle, make_evaluation, make_instrument

    cycle = make_cycle(make_instrument(3))
    make_evaluation(cycle, "34.02", assessors=[world.users["penilai"]], lead=world.users["penilai"])
    html = home(client_as("penilai"))
    item = html.split('data-testid="assignment"')[1].split("</li>")[0]
    assert "Kabupaten Bantul" in item and "0 dari 3 kriteria dinilai" in item


def test_the_assessors_list_leaves_out_closed_and_published_cycles(client_as, world):
    from evaluations.models import Cycle
    from tests.evaluations.conftest import make_cycle, make_evaluation, make_instrument

    instrument = make_instrument(3)
    for year, status in ((2021, Cycle.Status.PUBLISHED), (2022, Cycle.Status.CLOSED), (2023, Cycle.Status.DRAFT),
                         (2024, Cycle.Status.ASSESSMENT)):
        cycle = make_cycle(instrument, year=year)
        Cycle.objects.filter(pk=cycle.pk).update(status=status)
        make_evaluation(cycle, "34.02", assessors=[world.users["penilai"]], lead=world.users["penilai"])
    html = home(client_as("penilai"))
    items = html.split('data-testid="assignment"')[1:]
    assert len(items) == 1 and "2024" in items[0].split("</li>")[0]


def queries_of(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["bantul", "diy", "kementerian", "admin", "penilai"])
def test_the_home_page_costs_the_same_queries_with_many_more_regions(client_as, monitoring, persona):
    client = client_as(persona)
    client.get("/")  # reports opened, session warm
    before = queries_of(client)
    province = Region.objects.get(code="34")
    for n in range(20):
        region = Region.objects.create(code=f"34.{80 + n}", name=f"Kota Uji {n}", kind="city", parent=province)
        Enrolment.objects.create(region=region, cohort_year=2018)
        other = Region.objects.create(code=f"{11 + n % 9}", name=f"Provinsi {n}", kind="province") \
            if not Region.objects.filter(code=f"{11 + n % 9}").exists() else Region.objects.get(code=f"{11 + n % 9}")
        city = Region.objects.create(code=f"{other.code}.{71 + n}", name=f"Kota Lain {n}", kind="city", parent=other)
        Enrolment.objects.create(region=city, cohort_year=2018)
    client.get("/")
    assert queries_of(client) == before
