"""The region profile from Excel: the template read back, the preview that writes nothing, the all-or-nothing
confirmation with row-numbered problems, and who may do it."""
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from regions import profile_import
from regions.models import RegionProfile

HEADERS = [c.header for c in profile_import.COLUMNS]
IMPORT = reverse("regions:profile_import", args=["34.02"])
TEMPLATE = reverse("regions:profile_template", args=["34.02"])


def workbook(*rows, headers=HEADERS, sheet="Profil"):
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content, name="profil.xlsx"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})


def confirm(client, preview):
    context = preview.context
    return client.post(IMPORT, {"token": context["token"], "digest": context["plan"].digest})


ROW_2021 = [2021, 990120, 2380000000000, 2440000000000, 517000000000, "Sedang", 80.28, "14,04", 3.12, "BPS"]
ROW_2022 = [2022, "995.264", "2.520.000.000.000", None, 566000000000, "sangat_tinggi", "80,69", 12.99, None, ""]


def test_the_preview_writes_nothing_and_the_confirmation_imports_every_row(client_as):
    client = client_as("bantul")

    preview = upload(client, workbook(ROW_2021, ROW_2022))

    assert preview.status_code == 200
    assert preview.context["problems"] == []
    assert [r.action for r in preview.context["plan"].rows] == ["create", "create"]
    assert not RegionProfile.objects.exists()

    done = confirm(client, preview)

    assert done.status_code == 302 and done["Location"] == reverse("regions:region_detail", args=["34.02"])
    got = {p.year: p for p in RegionProfile.objects.filter(region_id="34.02")}
    assert got[2021].poverty_rate == Decimal("14.04") and got[2021].fiscal_capacity == "sedang"
    assert got[2022].population == 995264 and got[2022].apbd_murni == Decimal("2520000000000")
    assert got[2022].fiscal_capacity == "sangat_tinggi" and got[2022].spbe_index is None
    assert got[2021].history.first().history_user.username == "bantul"


def test_a_file_with_problems_names_each_by_row_and_column_and_imports_nothing(client_as):
    RegionProfile.objects.create(region_id="34.02", year=2020, population=985770)
    rows = [
        ROW_2021,
        [2022, -5, None, None, None, "kaya", 180, None, 7, None],
        [2021, 1, None, None, None, None, None, None, None, None],
        ["=2020+3", 5, None, None, None, None, None, None, None, None],
    ]

    response = upload(client_as("bantul"), workbook(*rows))

    problems = response.context["problems"]
    assert any(p.startswith("Baris 3, kolom Jumlah Penduduk") for p in problems), problems
    assert any(p.startswith("Baris 3, kolom Kapasitas Fiskal") for p in problems)
    assert any(p.startswith("Baris 3, kolom IPM") for p in problems)
    assert any(p.startswith("Baris 3, kolom Indeks SPBE") for p in problems)
    assert any(p.startswith("Baris 4, kolom Tahun") and "2 dan 4" in p for p in problems)
    assert any(p.startswith("Baris 5, kolom Tahun") for p in problems)
    assert response.context["token"] is None
    assert list(RegionProfile.objects.values_list("year", flat=True)) == [2020]


def test_a_known_year_updates_that_years_profile_and_the_preview_shows_the_change(client_as):
    stored = RegionProfile.objects.create(region_id="34.02", year=2021, population=985770, ipm=Decimal("80.01"))
    client = client_as("bantul")

    preview = upload(client, workbook(ROW_2021))

    row = preview.context["plan"].rows[0]
    assert row.action == "update"
    assert ("985.770", "990.120") in [(old, new) for _label, old, new in row.changes]
    confirm(client, preview)
    stored.refresh_from_db()
    assert stored.population == 990120 and stored.version == 2


def test_a_change_between_preview_and_confirmation_shows_the_new_plan_instead_of_importing(client_as):
    client = client_as("bantul")
    preview = upload(client, workbook(ROW_2021))
    RegionProfile.objects.create(region_id="34.02", year=2021, population=1)

    response = confirm(client, preview)

    assert response.status_code == 200 and response.context["moved"]
    assert RegionProfile.objects.get().population == 1


def test_the_template_holds_the_regions_years_and_reads_back_unchanged(client_as):
    RegionProfile.objects.create(region_id="34.02", year=2021, population=990120, apbd_murni=Decimal("2380000000000"),
                                 fiscal_capacity="sedang", ipm=Decimal("80.28"), poverty_rate=Decimal("14.04"))
    client = client_as("bantul")

    template = client.get(TEMPLATE)

    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.content))["Profil"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert [c.value for c in sheet[2]][:2] == [2021, 990120]
    preview = upload(client, template.content)
    assert [r.action for r in preview.context["plan"].rows] == ["unchanged"]


@pytest.mark.parametrize(("persona", "status"), [("diy", 403), ("kementerian", 403), ("sleman", 404),
                                                  ("outsider", 404)])
def test_only_the_regions_staff_and_the_secretariat_open_the_import(client_as, persona, status):
    client = client_as(persona)

    assert client.get(IMPORT).status_code == status
    assert client.get(TEMPLATE).status_code == status
    assert upload(client, workbook(ROW_2021)).status_code == status
    assert not RegionProfile.objects.exists()


def test_the_secretariat_imports_a_regions_profile(client_as):
    client = client_as("admin")

    confirm(client, upload(client, workbook(ROW_2021)))

    assert RegionProfile.objects.filter(region_id="34.02", year=2021).exists()


def test_a_workbook_without_the_profile_sheet_is_refused_with_a_reason(client_as):
    response = upload(client_as("bantul"), workbook(ROW_2021, sheet="Program"))

    assert response.context["problems"] and "Profil" in response.context["problems"][0]
    assert not RegionProfile.objects.exists()
