"""The demo's region context: the seeds' awards with their real days, Bantul's RPJMD 2021–2026 (seed 003), the
invented profiles; a second run changes nothing."""
import datetime as dt

from regions import demo
from regions.models import Award, Enrolment, RegionProfile, Rpjmd


def test_the_demo_carries_the_seeds_awards_and_a_second_run_changes_nothing(world):
    demo.ensure_context()
    counts = (Award.objects.count(), Rpjmd.objects.count(), RegionProfile.objects.count())
    demo.ensure_context()

    assert (Award.objects.count(), Rpjmd.objects.count(), RegionProfile.objects.count()) == counts
    awards = {(a.region_id, a.year): a for a in Award.objects.all()}
    assert awards["35.22", 2017].date == dt.date(2017, 11, 15)  # seed 002: the award night
    assert awards["33.18", 2019].date == dt.date(2019, 3, 27)  # seed 004: Top IT & Telco 2019
    assert awards["33.18", 2019].category == "Top Innovative E-Government for Supporting to Small Medium Enterprises"
    assert {awards["34.03", y].dimension for y in (2021, 2023)} == {"branding"}  # FACTS.md: Smart Branding
    assert Rpjmd.objects.filter(region_id="34.02", period_start=2021, period_end=2026).exists()  # seed 003
    assert Enrolment.objects.get(region_id="34.01", cohort_year=2018).bimtek_1_venue.startswith("Aula Ardikarta")
    for profile in RegionProfile.objects.all():
        profile.full_clean()  # the invented figures keep the model's bounds
