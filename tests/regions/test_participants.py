"""The movement's participants as reference data: the data file and the loader (the public figures: tests/public/test_home.py)."""
import csv
from collections import Counter

import pytest
from django.core.management import call_command

from regions import demo as regions_demo
from regions.models import Enrolment, Region
from regions.participants import DATA, load_participants, participant_rows
from regions.services import kemendagri_regions, load_regions

ROWS = list(csv.DictReader(open(DATA / "participants.csv", encoding="utf-8")))
INTAKES = {int(r["year"]): r for r in csv.DictReader(open(DATA / "intakes.csv", encoding="utf-8"))}


def kabkota(rows):
    return [r for r in rows if "." in r["code"]]


def names(year):
    return {r["name"] for r in ROWS if r["year"] == str(year)}


# --- the data file ---------------------------------------------------------------------------------------


def test_the_data_file_holds_the_complete_lists_of_2017_2018_2019_and_2024_each_with_a_source():
    per_year = Counter(int(r["year"]) for r in kabkota(ROWS))

    # 2017: the 25 signers of 22 May 2017, and Lombok Timur, awarded with them in November.
    assert (per_year[2017], per_year[2018], per_year[2019], per_year[2024]) == (26, 50, 25, 10)
    assert {"Kabupaten Purwakarta", "Kota Singkawang", "Kabupaten Lombok Timur"} <= names(2017)
    assert "Kota Surabaya" not in names(2017) and "Kota Surabaya" in names(2018)
    assert {"Kota Yogyakarta", "Kabupaten Bantul", "Kabupaten Kulon Progo", "Kabupaten Pati"} <= names(2018)
    assert {"Kabupaten Gunungkidul", "Kota Kediri", "Kota Depok", "Kota Batu"} <= names(2019)
    assert all(r["source"] for r in ROWS)
    assert len({(r["year"], r["code"]) for r in ROWS}) == len(ROWS)
    # The partial lists are partial, and say so in intakes.csv.
    assert {y for y, r in INTAKES.items() if r["complete"] == "no"} == {2021, 2022, 2023}
    assert all(per_year[y] < int(INTAKES[y]["size"]) for y in (2021, 2022, 2023))


def test_the_data_file_names_every_region_by_its_kemendagri_code_and_name():
    kemendagri = {code: name for code, name, *_ in kemendagri_regions()}

    assert {(r["code"], r["name"]) for r in ROWS} <= set(kemendagri.items())


# --- the loader --------------------------------------------------------------------------------------------


@pytest.fixture
def loaded(db):
    load_regions()
    return load_participants()


def enrolment_state():
    return (list(Enrolment.objects.order_by("pk").values()), Enrolment.history.count())


def test_loading_creates_every_participant_and_running_the_setup_twice_changes_nothing(loaded):
    assert (loaded.total, loaded.created) == (len(ROWS), len(ROWS))
    before = enrolment_state()

    for command in ("load_regions", "load_participants"):
        call_command(command, stdout=open("/dev/null", "w"))

    assert enrolment_state() == before
    depok = list(Enrolment.objects.filter(region_id="32.76").values_list("cohort_year", "status"))
    assert depok == [(2018, "cancelled"), (2019, "active")]
    assert Region.objects.with_cohort().get(code="32.76").cohort == 2019


def test_a_users_edit_survives_a_rerun_and_an_unedited_row_follows_the_data_file(loaded):
    bantul = Enrolment.objects.get(region_id="34.02", cohort_year=2018)
    bantul.notes = "Catatan operator daerah."
    bantul.save_versioned(bantul.version)
    moved = Enrolment.objects.get(region_id="34.71", cohort_year=2018)
    moved.cohort_year = 2019  # a user's (wrong) correction is still the user's
    moved.save_versioned(moved.version)
    Enrolment.objects.get(region_id="35.78", cohort_year=2018).delete()
    rows = participant_rows()
    for row in rows:
        if row["code"] in ("34.02", "34.04"):
            row["mou_place"] = "Jakarta"  # the data file corrected since the first load

    result = load_participants(rows)

    assert Enrolment.objects.get(region_id="34.02", cohort_year=2018).notes == "Catatan operator daerah."
    assert Enrolment.objects.get(region_id="34.02", cohort_year=2018).mou_place != "Jakarta"
    assert list(Enrolment.objects.filter(region_id="34.71").values_list("cohort_year", flat=True)) == [2019]
    assert not Enrolment.objects.filter(region_id="35.78").exists()
    sleman = Enrolment.objects.get(region_id="34.04", cohort_year=2017)
    assert sleman.mou_place == "Jakarta" and sleman.history.first().history_type == "~"
    assert (result.created, result.kept) == (0, 3)


def test_a_region_entered_by_hand_is_left_as_it_is(db):
    load_regions([("34", "Daerah Istimewa Yogyakarta", "province", None),
                  ("34.02", "Kabupaten Bantul", "regency", "34")])
    Enrolment.objects.create(region_id="34.02", cohort_year=2018, mou_number="55/MoU. KP/KHM/2018")
    rows = [r for r in participant_rows() if r["code"] in ("34.02",)]

    result = load_participants(rows)

    bantul = Enrolment.objects.get(region_id="34.02")
    assert (result.kept, bantul.mou_number, bantul.mou_date, bantul.loaded) == (1, "55/MoU. KP/KHM/2018", None, None)


def test_loading_before_the_regions_writes_nothing_and_says_why(db):
    with pytest.raises(RuntimeError, match="load_regions"):
        load_participants()

    assert not Enrolment.objects.exists()


# --- the demo's regions -------------------------------------------------------------------------------------


def test_the_demo_regions_are_in_their_intakes_and_a_second_setup_changes_nothing(loaded):
    regions_demo.build()
    after_first = enrolment_state()
    load_participants()
    regions_demo.build()
    assert enrolment_state() == after_first
    cohorts = dict(Region.objects.with_cohort().filter(code__in=[
        "34.04", "35.22", "34.02", "34.01", "33.18", "34.71", "35.78", "34.03", "35.71", "32.76"])
        .values_list("name", "cohort"))

    assert cohorts == {
        "Kabupaten Sleman": 2017, "Kabupaten Bojonegoro": 2017,
        "Kabupaten Bantul": 2018, "Kabupaten Kulon Progo": 2018, "Kabupaten Pati": 2018, "Kota Yogyakarta": 2018,
        "Kota Surabaya": 2018,
        "Kabupaten Gunungkidul": 2019, "Kota Kediri": 2019, "Kota Depok": 2019,
    }
    kulon_progo = Enrolment.objects.get(region_id="34.01", cohort_year=2018)
    assert (kulon_progo.mou_number, kulon_progo.bimtek_1_date.isoformat()) == ("54/MoU. KP/KHM/208", "2018-07-04")
    bojonegoro = Enrolment.objects.get(region_id="35.22", cohort_year=2017)
    assert bojonegoro.council_decree_number == "188/157/KEP/412.013/2017"
    assert bojonegoro.bimtek_1_date.isoformat() == "2017-07-17"
    diy = Enrolment.objects.get(region_id="34")
    assert (diy.cohort_year, diy.mou_date.isoformat()) == (2023, "2023-02-28")
    # Nothing dated before Komdigi existed (21 October 2024) carries its name.
    assert not Enrolment.objects.filter(mou_number__icontains="komdigi").exists()
    # The demo adds milestones, not loader values: a rerun of the loader still owns its rows.
    assert load_participants().kept == 0
