"""Pagu per budget year in the Excel template and import (three columns per year of the masterplan period), and
the template in the user's language: drop-downs of labels, a label or a code read back, errors naming labels."""
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from programmes.models import Programme, ProgrammeBudget
from programmes.services import post_update
from tests.programmes.test_import import (
    Diy,
    confirm,
    edit_template,
    problems,
    row,
    snapshot,
    template_url,
    upload,
    workbook_bytes,
)


def budgets(masterplan):
    return list(ProgrammeBudget.objects.filter(programme__masterplan=masterplan).order_by("programme__code", "year")
                .values_list("programme__code", "year", "pagu", "pagu_revised", "source"))


def everything(masterplan):
    return snapshot(masterplan) | {"budgets": budgets(masterplan), "budget_history": ProgrammeBudget.history.count()}


def cell(sheet, header, number):
    """The cell of a programme row under the column headed `header`."""
    for c in sheet[1]:
        if c.value == header:
            return sheet.cell(row=number, column=c.column)
    raise AssertionError(f"no column {header!r}")


def set_cells(values):
    """An edit for edit_template(): {(header, row): value}."""
    def edit(sheet):
        for (header, number), value in values.items():
            cell(sheet, header, number).value = value
    return edit


@pytest.fixture
def diy(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Diy()


@pytest.fixture
def pagu(diy):
    """BTL-01 … BTL-03 (2020–2022); BTL-02 has pagu for 2020 (revised) and 2021, and Rp 80 juta realised in 2021."""
    diy.bantul_programmes(3)
    programme = Programme.objects.get(masterplan=diy.masterplan, code="BTL-02")
    ProgrammeBudget.objects.create(programme=programme, year=2020, pagu=Decimal("100000000"),
                                   pagu_revised=Decimal("120000000"), source="apbn")
    ProgrammeBudget.objects.create(programme=programme, year=2021, pagu=Decimal("90000000"), source="dak")
    post_update(diy.users["bantul"], programme, {"year": 2021, "status": "running", "progress": 50,
                                                 "budget_realised": Decimal("80000000")})
    return programme


def test_the_template_carries_each_years_pagu_and_the_planned_budget_as_their_sum(diy, pagu):
    sheet = load_workbook(io.BytesIO(diy.client("bantul").get(template_url(diy.masterplan)).content))["Program"]

    assert cell(sheet, "Kode", 3).value == "BTL-02"
    assert (cell(sheet, "Pagu 2020 (Rp)", 3).value, cell(sheet, "Pagu Perubahan 2020 (Rp)", 3).value,
            cell(sheet, "Sumber Dana 2020", 3).value) == (100000000, 120000000, "APBN (state budget)")
    assert (cell(sheet, "Pagu 2021 (Rp)", 3).value, cell(sheet, "Pagu Perubahan 2021 (Rp)", 3).value,
            cell(sheet, "Sumber Dana 2021", 3).value) == (90000000, None, "DAK (special allocation fund)")
    assert cell(sheet, "Pagu 2022 (Rp)", 3).value is None
    assert cell(sheet, "Anggaran Rencana (Rp)", 3).value == 210000000  # 120 (revised) + 90 million
    assert cell(sheet, "Pagu 2020 (Rp)", 3).number_format == "#,##0"
    def validation_of(header):
        letter = cell(sheet, header, 1).column_letter
        return next(v for v in sheet.data_validations.dataValidation
                    if f"{letter}2:{letter}2001" in str(v.sqref).split())

    assert validation_of("Sumber Dana 2020").formula1 == "Daftar!$G$2:$G$10"  # the funding sources' labels
    assert (validation_of("Pagu 2028 (Rp)").type, validation_of("Pagu 2028 (Rp)").formula1) == ("decimal", "0")
    assert validation_of("Konfirmasi Realisasi > Pagu").formula1 == '"Ya,Tidak"'


def test_the_exported_template_re_imports_as_nothing_to_do(diy, pagu):
    client = diy.client("bantul")
    before = everything(diy.masterplan)

    preview = upload(client, diy.masterplan, client.get(template_url(diy.masterplan)).content)

    assert problems(preview) == []
    plan = preview.context["plan"]
    assert (len(plan.to_create), len(plan.to_update), len(plan.unchanged)) == (0, 0, 3)
    assert confirm(client, diy.masterplan, preview).status_code == 302
    assert everything(diy.masterplan) == before


def test_pagu_per_year_are_created_changed_and_removed_and_the_planned_budget_becomes_their_sum(diy, pagu):
    client = diy.client("bantul")
    template = client.get(template_url(diy.masterplan)).content
    content = edit_template(template, set_cells({
        ("Pagu Perubahan 2020 (Rp)", 3): None,  # BTL-02: the revision withdrawn …
        ("Pagu 2021 (Rp)", 3): None, ("Sumber Dana 2021", 3): None,  # … 2021 emptied: removed
        ("Pagu 2022 (Rp)", 3): "Rp 75.000.000", ("Sumber Dana 2022", 3): "hibah",
        ("Anggaran Rencana (Rp)", 3): None,  # empty: it becomes the sum
        ("Pagu 2021 (Rp)", 2): 40000000, ("Anggaran Rencana (Rp)", 2): None,  # BTL-01: a first pagu, its
        # source the programme's
    }))

    preview = upload(client, diy.masterplan, content)

    assert problems(preview) == []
    plan = preview.context["plan"]
    assert [r.programme.code for r in plan.to_update] == ["BTL-01", "BTL-02"]
    page = preview.content.decode()
    assert "Pagu 2022 (Rp)" in page and "75,000,000" in page
    assert budgets(diy.masterplan) == [
        ("BTL-02", 2020, Decimal("100000000.00"), Decimal("120000000.00"), "apbn"),
        ("BTL-02", 2021, Decimal("90000000.00"), None, "dak")]  # the preview wrote nothing

    assert confirm(client, diy.masterplan, preview).status_code == 302

    assert budgets(diy.masterplan) == [
        ("BTL-01", 2021, Decimal("40000000.00"), None, "apbd_kabkota"),
        ("BTL-02", 2020, Decimal("100000000.00"), None, "apbn"),
        ("BTL-02", 2022, Decimal("75000000.00"), None, "hibah")]
    programmes = {p.code: p for p in Programme.objects.filter(masterplan=diy.masterplan)}
    assert programmes["BTL-02"].budget_planned == Decimal("175000000")
    assert programmes["BTL-01"].budget_planned == Decimal("40000000")
    removed = ProgrammeBudget.history.filter(year=2021, history_type="-").get()
    assert removed.history_user == diy.users["bantul"]
    # The export of the result re-imports unchanged.
    again = upload(client, diy.masterplan, client.get(template_url(diy.masterplan)).content)
    assert len(again.context["plan"].unchanged) == 3


@pytest.mark.parametrize(("edits", "expected"), [
    # The planned budget typed against the sum of the row's pagu.
    ({("Anggaran Rencana (Rp)", 3): 1}, "Row 3, column Anggaran Rencana (Rp): the planned budget is the sum"),
    # 2021's pagu below the Rp 80 juta already realised, without the confirmation.
    ({("Pagu 2021 (Rp)", 3): 60000000, ("Anggaran Rencana (Rp)", 3): None},
     "Row 3, column Pagu 2021 (Rp): Rp 80,000,000 is more than the pagu of 2021 (Rp 60,000,000)"),
    # A revised pagu or a source without the pagu itself.
    ({("Pagu Perubahan 2022 (Rp)", 2): 5000000}, "Row 2, column Pagu 2022 (Rp): type the pagu of 2022"),
    # A year outside the programme's years (2020–2022).
    ({("Pagu 2025 (Rp)", 2): 5000000}, "Row 2, column Pagu 2025 (Rp): 2025 is outside the programme's years"),
    ({("Pagu 2021 (Rp)", 2): "banyak"}, "Row 2, column Pagu 2021 (Rp): type an amount in Rupiah"),
    ({("Pagu 2021 (Rp)", 2): 10 ** 16}, "Row 2, column Pagu 2021 (Rp)"),
    ({("Pagu 2021 (Rp)", 2): 1, ("Sumber Dana 2021", 2): "apbd"},
     "Row 2, column Sumber Dana 2021: “apbd” is not one of the allowed values: APBD kabupaten/kota;"),
    ({("Konfirmasi Realisasi > Pagu", 2): "mungkin"}, "Row 2, column Konfirmasi Realisasi > Pagu: type “Ya”"),
])
def test_a_bad_pagu_is_a_row_numbered_error_and_nothing_is_written(diy, pagu, edits, expected):
    client = diy.client("bantul")
    content = edit_template(client.get(template_url(diy.masterplan)).content, set_cells(edits))
    before = everything(diy.masterplan)

    preview = upload(client, diy.masterplan, content)

    assert any(p.startswith(expected) for p in problems(preview)), problems(preview)
    assert preview.context["token"] is None
    assert everything(diy.masterplan) == before


def test_a_pagu_below_the_realised_amount_is_imported_with_the_confirmation(diy, pagu):
    client = diy.client("bantul")
    content = edit_template(client.get(template_url(diy.masterplan)).content, set_cells({
        ("Pagu 2021 (Rp)", 3): 60000000, ("Anggaran Rencana (Rp)", 3): None, ("Konfirmasi Realisasi > Pagu", 3): "ya"}))

    preview = upload(client, diy.masterplan, content)
    assert problems(preview) == []
    confirm(client, diy.masterplan, preview)

    stored = ProgrammeBudget.objects.get(programme=pagu, year=2021)
    assert (stored.pagu, stored.realised, stored.realisation) == (Decimal("60000000"), Decimal("80000000"),
                                                                  Decimal("133.3"))


def test_a_new_year_below_what_was_realised_that_year_needs_the_confirmation_too(diy, pagu):
    # 2022 has no pagu yet but a realised amount reported.
    post_update(diy.users["bantul"], pagu, {"year": 2022, "status": "running", "progress": 60,
                                            "budget_realised": Decimal("30000000")})
    client = diy.client("bantul")
    content = edit_template(client.get(template_url(diy.masterplan)).content, set_cells({
        ("Pagu 2022 (Rp)", 3): 20000000, ("Anggaran Rencana (Rp)", 3): None}))

    preview = upload(client, diy.masterplan, content)

    assert any(p.startswith("Row 3, column Pagu 2022 (Rp): Rp 30,000,000 is more than the pagu of 2022")
               for p in problems(preview)), problems(preview)


def test_an_old_file_without_pagu_columns_leaves_the_pagu_alone(diy, pagu):
    client = diy.client("bantul")
    before = budgets(diy.masterplan)
    content = workbook_bytes([row(code="BTL-02", name="Nama baru", start=2020, end=2022, budget=210000000)])

    preview = upload(client, diy.masterplan, content)
    assert problems(preview) == []
    confirm(client, diy.masterplan, preview)

    assert Programme.objects.get(pk=pagu.pk).name == "Nama baru"
    assert budgets(diy.masterplan) == before


def preview_queries(diy, count):
    Programme.objects.filter(masterplan=diy.masterplan).delete()
    diy.bantul_programmes(count)
    for programme in Programme.objects.filter(masterplan=diy.masterplan):
        ProgrammeBudget.objects.create(programme=programme, year=2021, pagu=Decimal("1000000"), source="apbn")
    client = diy.client("bantul")
    content = edit_template(client.get(template_url(diy.masterplan)).content,
                            set_cells({("Pagu 2022 (Rp)", 2): 5, ("Anggaran Rencana (Rp)", 2): None}))
    client.get(template_url(diy.masterplan))  # the session exists before counting
    with CaptureQueriesContext(connection) as queries:
        response = upload(client, diy.masterplan, content)
    assert problems(response) == []
    assert len(response.context["plan"].unchanged) == count - 1
    return len(queries)


def test_the_preview_with_pagu_runs_the_same_number_of_queries_for_5_and_30_programmes(diy):
    assert preview_queries(diy, 5) == preview_queries(diy, 30)


# --- the template in the user's language --------------------------------------------------------------------

def indonesian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    return client


def test_the_indonesian_template_offers_indonesian_labels_and_reads_them_back(diy, pagu):
    client = indonesian(diy.client("bantul"))
    before = everything(diy.masterplan)

    workbook = load_workbook(io.BytesIO(client.get(template_url(diy.masterplan)).content))

    lists = workbook["Daftar"]
    assert [lists.cell(row=r, column=5).value for r in range(2, 6)] == [
        "Quick win", "Jangka pendek", "Jangka menengah", "Jangka panjang"]
    assert lists.cell(row=2, column=3).value == "Pelayanan publik (Smart Governance)"
    sheet = workbook["Program"]
    assert (cell(sheet, "Jangka Waktu", 2).value, cell(sheet, "Sub-dimensi", 2).value,
            cell(sheet, "Sumber Dana 2020", 3).value) == ("Jangka pendek", "Pelayanan publik (Smart Governance)",
                                                          "APBN")
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = upload(client, diy.masterplan, buffer.getvalue())
    assert problems(preview) == []
    assert len(preview.context["plan"].unchanged) == 3
    confirm(client, diy.masterplan, preview)
    assert everything(diy.masterplan) == before


@pytest.mark.parametrize(("typed", "expected"), [
    (("ekonomi", "", "Jangka Panjang", "APBD kabupaten/kota"), ("economy", "", "long", "apbd_kabkota")),
    (("  smart   ECONOMY ", "kesejahteraan  RAKYAT", "long term", "Dana Desa (village fund)"),
     ("economy", "welfare", "long", "dana_desa")),
    (("Lingkungan", "pengelolaan energi (smart environment)", "quick win", "KPBU"), ("environment", "energy", "quick_win", "kpbu")),
    (("economy", "welfare", "long", "apbn"), ("economy", "welfare", "long", "apbn")),
])
def test_a_label_in_either_language_or_the_code_is_accepted_whatever_its_case_and_spaces(diy, typed, expected):
    client = indonesian(diy.client("bantul"))
    dimension, sub_dimension, term, funding = typed
    content = workbook_bytes([row(dimension=dimension, sub_dimension=sub_dimension, term=term, funding=funding)])

    preview = upload(client, diy.masterplan, content)
    assert problems(preview) == []
    confirm(client, diy.masterplan, preview)

    programme = Programme.objects.get(masterplan=diy.masterplan)
    assert (programme.dimension, programme.sub_dimension, programme.term, programme.funding_source) == expected


def test_an_unknown_value_is_refused_with_the_labels_of_the_users_language(diy):
    client = indonesian(diy.client("bantul"))

    preview = upload(client, diy.masterplan, workbook_bytes([row(term="sebentar")]))

    message = next(p for p in problems(preview) if "Jangka Waktu" in p)
    assert "Quick win; Jangka pendek; Jangka menengah; Jangka panjang" in message
    assert "quick_win" not in message and "short" not in message
