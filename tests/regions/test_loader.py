"""The Kemendagri region loader: complete, idempotent, renames in place with history, deletes nothing."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from regions.models import Enrolment, Region, RoleAssignment
from regions.services import kemendagri_regions, load_regions
from tests.conftest import make_enrolment, make_user

ROWS = [
    ("34", "Daerah Istimewa Yogyakarta", "province", None),
    ("34.01", "Kabupaten Kulon Progo", "regency", "34"),
    ("34.02", "Kabupaten Bantul", "regency", "34"),
    ("34.71", "Kota Yogyakarta", "city", "34"),
]


def _counts():
    return {
        "regions": Region.objects.count(),
        "history": Region.history.count(),
    }


@pytest.mark.django_db
def test_loader_loads_38_provinces_and_514_kabupaten_kota_and_a_rerun_changes_nothing():
    # The one test that loads the real data: every other test uses a handful of rows.
    result = load_regions()

    assert (result.total, result.created, result.updated) == (552, 552, 0)
    assert Region.objects.filter(kind=Region.Kind.PROVINCE).count() == 38
    assert Region.objects.exclude(kind=Region.Kind.PROVINCE).count() == 514
    assert Region.objects.filter(kind=Region.Kind.REGENCY).count() == 416
    assert Region.objects.filter(kind=Region.Kind.CITY).count() == 98
    assert not Region.objects.filter(kind=Region.Kind.PROVINCE, parent__isnull=False).exists()
    assert not Region.objects.exclude(kind=Region.Kind.PROVINCE).filter(parent__isnull=True).exists()
    bantul = Region.objects.get(code="34.02")
    assert (bantul.name, bantul.kind, bantul.parent_id) == ("Kabupaten Bantul", "regency", "34")
    assert Region.objects.get(code="34.71").kind == Region.Kind.CITY
    assert Region.objects.get(code="34").name == "Daerah Istimewa Yogyakarta"

    before = list(Region.objects.order_by("code").values())
    counts = _counts()
    out = StringIO()
    call_command("load_regions", stdout=out)

    assert "552 in the source, 0 created, 0 updated, 552 unchanged" in out.getvalue()
    assert list(Region.objects.order_by("code").values()) == before
    assert _counts() == counts


def test_loading_over_the_personas_regions_keeps_their_enrolments_and_roles(world):
    rows = [row for row in kemendagri_regions() if row[0].startswith("34")]

    result = load_regions(rows)

    assert result.created == len(rows) - 6 and result.updated == 0
    assert Enrolment.objects.filter(region_id="34.02").exists()
    assert RoleAssignment.objects.filter(region_id="34.02", user=world.users["bantul"]).exists()


@pytest.mark.django_db
def test_a_rerun_of_the_same_rows_changes_nothing():
    load_regions(ROWS)
    before, counts = list(Region.objects.order_by("code").values()), _counts()

    result = load_regions(ROWS)

    assert (result.created, result.updated, result.unchanged) == (0, 0, len(ROWS))
    assert list(Region.objects.order_by("code").values()) == before
    assert _counts() == counts


@pytest.mark.django_db
def test_a_renamed_region_is_updated_in_place_and_the_rename_is_in_its_history():
    load_regions(ROWS)
    make_enrolment(Region.objects.get(code="34.01"), 2018)
    renamed = [(code, "Kabupaten Kulonprogo" if code == "34.01" else name, kind, parent)
               for code, name, kind, parent in ROWS]

    result = load_regions(renamed)

    assert (result.created, result.updated) == (0, 1)
    region = Region.objects.get(code="34.01")
    assert region.name == "Kabupaten Kulonprogo"
    assert Region.objects.count() == len(ROWS)
    assert Enrolment.objects.get(region_id="34.01").region == region
    latest, previous = region.history.order_by("-history_date", "-history_id")[:2]
    assert latest.history_type == "~"
    assert (previous.name, latest.name) == ("Kabupaten Kulon Progo", "Kabupaten Kulonprogo")


@pytest.mark.django_db
def test_a_region_that_moves_to_another_province_is_updated_in_place():
    load_regions(ROWS + [("33", "Jawa Tengah", "province", None)])

    load_regions(ROWS[:3] + [("33", "Jawa Tengah", "province", None), ("34.71", "Kota Yogyakarta", "city", "33")])

    assert Region.objects.get(code="34.71").parent_id == "33"


@pytest.mark.django_db
def test_a_region_holding_data_is_never_deleted_when_the_source_drops_it():
    load_regions(ROWS)
    bantul = Region.objects.get(code="34.02")
    make_enrolment(bantul, 2018, "55/MoU. KP/KHM/2018")
    make_user("bantul", "region_staff", "34.02")

    result = load_regions([row for row in ROWS if row[0] != "34.02"])

    assert result.total == len(ROWS) - 1
    assert Region.objects.filter(code="34.02").exists()
    assert Enrolment.objects.filter(region_id="34.02").exists()
    assert RoleAssignment.objects.filter(region_id="34.02").exists()
    # Nor is a region without data: the loader never deletes.
    result = load_regions(ROWS[:1])
    assert Region.objects.count() == len(ROWS)


@pytest.mark.django_db
def test_a_failing_load_writes_nothing():
    load_regions(ROWS)
    before = _counts()
    bad = ROWS + [
        ("34.03", "Kabupaten Gunungkidul", "regency", "34"),  # valid, and loaded before the bad row
        ("34.99", "Provinsi Keliru", "province", "34"),       # a province with a parent: refused by the database
    ]

    with pytest.raises(IntegrityError):
        load_regions(bad)

    assert _counts() == before
    assert not Region.objects.filter(code__in=["34.03", "34.99"]).exists()
