"""Programmes in from Excel: the template, the checked preview that writes nothing, the all-or-nothing
confirmation, hostile files, and who may do it."""
import io
import zipfile
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import User
from programmes import imports
from programmes.models import Masterplan, Opd, Programme
from programmes.views.transfer import UPLOAD_DIR, XLSX_TYPE
from regions.models import Region, RoleAssignment

HEADERS = [c.header for c in imports.COLUMNS]


# --- arrange ---------------------------------------------------------------------------------------------

class Diy:
    """DIY with Bantul and Sleman, one masterplan and a few OPDs each, and their staff."""

    def __init__(self):
        province = Region.objects.create(code="34", name="Daerah Istimewa Yogyakarta", kind="province")
        self.bantul = Region.objects.create(code="34.02", name="Kabupaten Bantul", kind="regency", parent=province)
        self.sleman = Region.objects.create(code="34.04", name="Kabupaten Sleman", kind="regency", parent=province)
        self.users = {
            "bantul": self.user("bantul", "region_staff", self.bantul),
            "sleman": self.user("sleman", "region_staff", self.sleman),
            "kementerian": self.user("kementerian", "ministry", None),
        }
        self.opds = {
            "KOMINFO": Opd.objects.create(region=self.bantul, name="Dinas Komunikasi dan Informatika", acronym="KOMINFO"),
            "BAPPEDA": Opd.objects.create(region=self.bantul, name="Badan Perencanaan Pembangunan Daerah",
                                          acronym="BAPPEDA"),
            "DINKES-SLEMAN": Opd.objects.create(region=self.sleman, name="Dinas Kesehatan", acronym="DINKES"),
        }
        self.masterplan = Masterplan.objects.create(region=self.bantul, title="Masterplan Smart City Bantul",
                                                    period_start=2019, period_end=2028)
        self.sleman_masterplan = Masterplan.objects.create(region=self.sleman, title="Masterplan Smart Sleman",
                                                           period_start=2018, period_end=2027)
        self.programme(self.sleman_masterplan, "SLM-01", name="Sleman Smart Regency", opd=self.opds["DINKES-SLEMAN"])

    @staticmethod
    def user(username, role, region):
        user = User.objects.create_user(username=username, password="smartcity-demo")
        RoleAssignment.objects.create(user=user, role=role, region=region)
        return user

    def programme(self, masterplan, code, **fields):
        values = {"name": f"Programme {code}", "dimension": "governance", "term": "short", "start_year": 2020,
                  "end_year": 2022, "budget_planned": Decimal("150000000"), "funding_source": "apbd_kabkota"} | fields
        programme = Programme(masterplan=masterplan, code=code, **values)
        programme.save()
        return programme

    def bantul_programmes(self, count):
        for n in range(1, count + 1):
            self.programme(self.masterplan, f"BTL-{n:02d}", name=f"Layanan {n}", description=f"Uraian {n}\nbaris dua",
                           sub_dimension="public_services", opd=self.opds["KOMINFO"] if n % 2 else None,
                           public_url=f"https://bantulkab.go.id/layanan/{n}")

    def client(self, persona):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if persona:
            client.force_login(self.users[persona])
        return client


@pytest.fixture
def diy(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Diy()


def import_url(masterplan):
    return reverse("programmes:programme_import", args=[masterplan.pk])


def template_url(masterplan):
    return reverse("programmes:import_template", args=[masterplan.pk])


def workbook_bytes(rows, headers=HEADERS, sheet="Program"):
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(headers)
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(code="NEW-01", name="Aplikasi Baru", description="", dimension="governance", sub_dimension="",
        term="short", opd="KOMINFO", start=2020, end=2021, budget=1000000, funding="apbd_kabkota", url=""):
    return [code, name, description, dimension, sub_dimension, term, opd, start, end, budget, funding, url]


def upload(client, masterplan, content, name="program.xlsx"):
    return client.post(import_url(masterplan), {"file": SimpleUploadedFile(name, content)})


def confirm(client, masterplan, preview):
    return client.post(import_url(masterplan), {"token": preview.context["token"],
                                                "digest": preview.context["plan"].digest})


def snapshot(masterplan):
    """What an import may write: the masterplan's programmes and the audit trail."""
    return {
        "programmes": list(Programme.objects.filter(masterplan=masterplan).order_by("code").values()),
        "history": Programme.history.count(),
    }


def problems(response):
    return response.context["problems"]


def edit_template(content, edit):
    workbook = load_workbook(io.BytesIO(content))
    edit(workbook["Program"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the template ---------------------------------------------------------------------------------------

def test_the_template_is_the_indonesian_form_filled_with_the_masterplans_programmes(diy):
    diy.bantul_programmes(3)

    response = diy.client("bantul").get(template_url(diy.masterplan))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Petunjuk", "Program", "Daftar"]
    assert workbook["Daftar"].sheet_state == "hidden"
    sheet = workbook["Program"]
    headers = [c.value for c in sheet[1]]
    assert headers[:14] == [
        "Kode", "Nama Program", "Deskripsi", "Dimensi", "Sub-dimensi", "Jangka Waktu", "OPD (singkatan)",
        "Tahun Mulai", "Tahun Selesai", "Anggaran Rencana (Rp)", "Sumber Dana", "URL Publik", "Program RPJMD/Renstra",
        "Konfirmasi Realisasi > Pagu"]
    # Three columns per budget year of the masterplan period 2019–2028.
    assert headers[14:17] == ["Pagu 2019 (Rp)", "Pagu Perubahan 2019 (Rp)", "Sumber Dana 2019"]
    assert headers[-1] == "Sumber Dana 2028" and len(headers) == 14 + 3 * 10
    # The English UI (the client's language cookie): choices as their English labels.
    assert [c.value for c in sheet[2]][:13] == [
        "BTL-01", "Layanan 1", "Uraian 1\nbaris dua", "Smart Governance", "Public services (Smart Governance)",
        "Short term", "KOMINFO", 2020, 2022, 150000000, "APBD kabupaten/kota", "https://bantulkab.go.id/layanan/1", None]
    assert sheet["J2"].number_format == "#,##0"
    assert sheet.max_row == 4


def test_the_template_offers_drop_downs_and_years_within_the_masterplan_period(diy):
    workbook = load_workbook(io.BytesIO(diy.client("bantul").get(template_url(diy.masterplan)).content))

    validations = {str(v.sqref): v for v in workbook["Program"].data_validations.dataValidation}
    assert validations["D2:D2001"].formula1 == "Daftar!$A$2:$A$7"  # Dimensi
    assert validations["F2:F2001"].formula1 == "Daftar!$E$2:$E$5"  # Jangka Waktu
    assert validations["K2:K2001"].formula1 == "Daftar!$G$2:$G$10"  # Sumber Dana
    assert validations["G2:G2001"].formula1 == "Daftar!$I$2:$I$3"  # OPD of Bantul only
    assert (validations["H2:H2001"].type, validations["H2:H2001"].formula1,
            validations["H2:H2001"].formula2) == ("whole", "2019", "2028")
    lists = workbook["Daftar"]
    assert [lists.cell(row=r, column=1).value for r in range(2, 8)] == [
        "Smart Governance", "Smart Branding", "Smart Economy", "Smart Living", "Smart Society", "Smart Environment"]
    assert [lists.cell(row=r, column=2).value for r in range(2, 8)] == [
        "governance", "branding", "economy", "living", "society", "environment"]
    assert [lists.cell(row=r, column=9).value for r in range(2, 4)] == ["BAPPEDA", "KOMINFO"]
    instructions = "\n".join(str(c.value) for r in workbook["Petunjuk"].iter_rows() for c in r if c.value)
    assert "Periode masterplan: 2019–2028" in instructions
    assert "governance" in instructions and "Smart Governance" in instructions
    assert "quick_win" in instructions and "Quick win" in instructions


# --- the round trip ------------------------------------------------------------------------------------------

def test_an_unchanged_template_imports_as_nothing_to_do_and_changes_nothing(diy):
    diy.bantul_programmes(3)
    client = diy.client("bantul")
    before = snapshot(diy.masterplan)
    template = client.get(template_url(diy.masterplan)).content

    preview = upload(client, diy.masterplan, template)

    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert (len(plan.to_create), len(plan.to_update), len(plan.unchanged)) == (0, 0, 3)
    assert problems(preview) == []
    assert "importing it would change nothing" in preview.content.decode()
    assert snapshot(diy.masterplan) == before

    done = confirm(client, diy.masterplan, preview)

    assert done.status_code == 302
    assert snapshot(diy.masterplan) == before


def test_an_edited_cell_and_a_new_row_are_imported_exactly_and_recorded_in_the_history(diy):
    diy.bantul_programmes(3)
    client = diy.client("bantul")
    before = snapshot(diy.masterplan)
    history_before = Programme.history.count()

    def edit(sheet):
        sheet["B3"] = "Layanan Perizinan Online"  # BTL-02's name
        sheet["J3"] = 275000000
        sheet.append(row(code="BTL-04", name="Jogja Smart Service", dimension="society", sub_dimension="community",
                         term="quick_win", opd="bappeda", start=2021, end=2021, budget=50000000, funding="apbn"))

    content = edit_template(client.get(template_url(diy.masterplan)).content, edit)
    preview = upload(client, diy.masterplan, content)

    plan = preview.context["plan"]
    assert problems(preview) == []
    assert [(r.row, r.programme.code) for r in plan.to_create] == [(5, "BTL-04")]
    assert [(r.row, r.programme.code) for r in plan.to_update] == [(3, "BTL-02")]
    assert len(plan.unchanged) == 2
    page = preview.content.decode()
    assert "Import 2 programmes" in page
    assert "Layanan Perizinan Online" in page
    assert snapshot(diy.masterplan) == before

    done = confirm(client, diy.masterplan, preview)

    assert done.status_code == 302
    assert done["Location"] == diy.masterplan.get_absolute_url()
    changed = Programme.objects.get(masterplan=diy.masterplan, code="BTL-02")
    assert (changed.name, changed.budget_planned, changed.version) == (
        "Layanan Perizinan Online", Decimal("275000000.00"), 2)
    created = Programme.objects.get(masterplan=diy.masterplan, code="BTL-04")
    assert (created.name, created.dimension, created.sub_dimension, created.term, created.opd, created.start_year,
            created.end_year, created.budget_planned, created.funding_source, created.region_id) == (
        "Jogja Smart Service", "society", "community", "quick_win", diy.opds["BAPPEDA"], 2021, 2021,
        Decimal("50000000.00"), "apbn", "34.02")
    untouched = {p["code"]: p for p in before["programmes"]}
    for code in ("BTL-01", "BTL-03"):
        assert Programme.objects.filter(code=code, masterplan=diy.masterplan).values().get() == untouched[code]
    assert Programme.history.count() == history_before + 2
    latest = changed.history.latest()
    assert (latest.history_type, latest.name, latest.history_user) == ("~", "Layanan Perizinan Online",
                                                                       diy.users["bantul"])
    assert latest.prev_record.name == "Layanan 2"
    assert created.history.get().history_user == diy.users["bantul"]
    assert list((settings.MEDIA_ROOT / UPLOAD_DIR).iterdir()) == []


def test_importing_the_same_file_twice_changes_nothing_the_second_time(diy):
    client = diy.client("bantul")
    content = workbook_bytes([row(code="NEW-01"), row(code="NEW-02", opd="", budget=None)])
    confirm(client, diy.masterplan, upload(client, diy.masterplan, content))
    after_first = snapshot(diy.masterplan)
    assert [p["code"] for p in after_first["programmes"]] == ["NEW-01", "NEW-02"]

    preview = upload(client, diy.masterplan, content)
    confirm(client, diy.masterplan, preview)

    assert len(preview.context["plan"].unchanged) == 2
    assert snapshot(diy.masterplan) == after_first


def test_labels_and_indonesian_amounts_are_read_as_their_values(diy):
    client = diy.client("bantul")
    content = workbook_bytes([row(dimension="Smart Economy", sub_dimension="WELFARE", term="Long term",
                                  budget="Rp 1.250.000,50", funding="APBN")])

    preview = upload(client, diy.masterplan, content)
    confirm(client, diy.masterplan, preview)

    programme = Programme.objects.get(masterplan=diy.masterplan)
    assert (programme.dimension, programme.sub_dimension, programme.term, programme.budget_planned,
            programme.funding_source) == ("economy", "welfare", "long", Decimal("1250000.50"), "apbn")


# --- problems: each named by row and column, and nothing written ----------------------------------------------

def formula_file():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Program"
    sheet.append(HEADERS)
    sheet.append(row())
    sheet["B2"] = '=HYPERLINK("http://evil.example","klik")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def number_cell_as(content, number, text):
    """The workbook with a number cell's stored text replaced, as another tool may write it (`<v>1e309</v>`)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    members = {info.filename: source.read(info.filename) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert f"<v>{number}</v>".encode() in members[sheet]
    members[sheet] = members[sheet].replace(f"<v>{number}</v>".encode(), f"<v>{text}</v>".encode())
    return zip_of(members)


def zip_of(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BROKEN = {
    "a PDF": (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "This is not an Excel workbook (.xlsx)."),
    "an old .xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "This is not an Excel workbook (.xlsx)."),
    "a zip that is not a workbook": (zip_of({"readme.txt": b"hello"}),
                                     "The file is damaged: it cannot be opened as an Excel workbook (.xlsx)."),
    "a truncated workbook": (workbook_bytes([row()])[:2000],
                             "The file is damaged: it cannot be opened as an Excel workbook (.xlsx)."),
    "a wrong sheet": (workbook_bytes([row()], sheet="Sheet1"),
                      "The workbook has no sheet named “Program” (it has: “Sheet1”)."),
    "a missing column": (workbook_bytes([row()[:3] + row()[4:]], headers=HEADERS[:3] + HEADERS[4:]),
                         "Row 1 lacks the required column “Dimensi”."),
    "two missing columns": (workbook_bytes([row()[2:]], headers=HEADERS[2:]),
                            "Row 1 lacks the required columns “Kode”, “Nama Program”."),
    "a formula": (formula_file(), "Row 2, column Nama Program: formulas are not allowed, type the value."),
    "text starting with =": (workbook_bytes([row(description="=1+1")]),
                             "Row 2, column Deskripsi: formulas are not allowed, type the value."),
    # The value is judged as it would be stored (trimmed): white space before "=" does not hide a formula.
    **{f"text starting with {label} then =": (workbook_bytes([row(name=f"{blank}=1+2")]),
                                             "Row 2, column Nama Program: formulas are not allowed, type the value.")
       for label, blank in (("a tab", "\t"), ("a space", " "), ("a line break", "\n"),
                            ("a no-break space", "\u00a0"))},
    "a duplicate code": (workbook_bytes([row(code="A-1"), row(code="B-2"), row(code="A-1")]),
                         "Row 4, column Kode: the code “A-1” appears twice in the file, in rows 2 and 4."),
    "a start year before the period": (workbook_bytes([row(start=2015)]),
                                       "Row 2, column Tahun Mulai: 2015 is outside the masterplan period 2019–2028."),
    "an end year after the period": (workbook_bytes([row(end=2031)]),
                                     "Row 2, column Tahun Selesai: 2031 is outside the masterplan period 2019–2028."),
    "an end before the start": (workbook_bytes([row(start=2024, end=2022)]),
                                "Row 2, column Tahun Selesai: The end year cannot come before the start year."),
    "a year that is not a number": (workbook_bytes([row(start="dua ribu")]),
                                    "Row 2, column Tahun Mulai: type a year as a whole number, e.g. 2024."),
    "an OPD of another region": (workbook_bytes([row(opd="DINKES")]),
                                 "Row 2, column OPD (singkatan): no OPD of Kabupaten Bantul has the acronym “DINKES”."),
    "a negative budget": (workbook_bytes([row(budget=-5000)]),
                          "Row 2, column Anggaran Rencana (Rp): Ensure this value is greater than or equal to 0."),
    # Past the bound of any programme's budget (Rp 1.000 triliun), as a number or as text, even past a float.
    **{f"a budget of {label}": (workbook_bytes([row(budget=value)]),
                                "Row 2, column Anggaran Rencana (Rp): Ensure this value is less than or equal to "
                                "1000000000000000.")
       for label, value in (("1e26", 1e26), ("1e26 as text", "1e26"), ("1e309 as text", "1e309"),
                            ("Rp 10^16 as text", "Rp 10.000.000.000.000.000"))},
    "a number cell past what a float holds": (number_cell_as(workbook_bytes([row(budget=12345)]), "12345", "1e309"),
                                              "Row 2, column Anggaran Rencana (Rp): type an amount in Rupiah as a "
                                              "number"),
    "a budget in words": (workbook_bytes([row(budget="lima juta")]),
                          "Row 2, column Anggaran Rencana (Rp): type an amount in Rupiah as a number, e.g. 1250000."),
    "an unknown dimension": (workbook_bytes([row(dimension="smart")]),
                             "Row 2, column Dimensi: “smart” is not one of the allowed values: Smart Governance; "
                             "Smart Branding; Smart Economy; Smart Living; Smart Society; Smart Environment."),
    "a sub-dimension of another dimension": (
        workbook_bytes([row(dimension="governance", sub_dimension="tourism")]),
        "Row 2, column Sub-dimensi: This sub-dimension belongs to another dimension."),
    "an empty name": (workbook_bytes([row(name=None)]), "Row 2, column Nama Program: This field cannot be blank."),
    "a bad URL": (workbook_bytes([row(url="bantulkab dot go dot id")]),
                  "Row 2, column URL Publik: Enter a valid URL."),
    "a code too long": (workbook_bytes([row(code="X" * 31)]),
                        "Row 2, column Kode: Ensure this value has at most 30 characters (it has 31)."),
    "no rows": (workbook_bytes([]), "The sheet “Program” has no programme rows below the header."),
    "2,001 rows": (workbook_bytes([row(code=f"P-{n}") for n in range(2001)]),
                   "The file has more than 2,000 programme rows."),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_broken_file_is_refused_with_its_row_and_column_and_nothing_is_written(diy, case):
    content, expected = BROKEN[case]
    diy.bantul_programmes(2)
    client = diy.client("bantul")
    before = snapshot(diy.masterplan)

    response = upload(client, diy.masterplan, content, name="program.xlsx")

    assert response.status_code == 200
    assert any(p.startswith(expected) for p in problems(response)), problems(response)
    assert response.context["token"] is None
    assert 'name="token"' not in response.content.decode()
    assert snapshot(diy.masterplan) == before
    assert not (settings.MEDIA_ROOT / UPLOAD_DIR).exists() or not list((settings.MEDIA_ROOT / UPLOAD_DIR).iterdir())


def test_every_problem_of_the_file_is_listed_not_only_the_first(diy):
    content = workbook_bytes([row(code="A", start=2015), row(code="B", dimension="smart", opd="DINKES"), row(code="A")])

    response = upload(diy.client("bantul"), diy.masterplan, content)

    assert problems(response) == [
        "Row 2, column Tahun Mulai: 2015 is outside the masterplan period 2019–2028.",
        "Row 3, column Dimensi: “smart” is not one of the allowed values: Smart Governance; Smart Branding; "
        "Smart Economy; Smart Living; Smart Society; Smart Environment.",
        "Row 3, column OPD (singkatan): no OPD of Kabupaten Bantul has the acronym “DINKES”. Use an acronym from the "
        "list in the sheet “Petunjuk”, or add the OPD to the region first.",
        "Row 4, column Kode: the code “A” appears twice in the file, in rows 2 and 4.",
    ]
    assert "The file cannot be imported: 4 problems" in response.content.decode()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(diy):
    bomb = zip_of({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (60 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    before = snapshot(diy.masterplan)

    response = upload(diy.client("bantul"), diy.masterplan, bomb)

    assert problems(response) == [
        "The workbook unpacks to an unusually large size and is refused. Copy the programme rows into the template "
        "and upload that."]
    assert snapshot(diy.masterplan) == before


def test_a_highly_compressed_file_is_refused_even_below_the_size_limit(diy):
    packed = zip_of({"[Content_Types].xml": b"<Types/>", "xl/sharedStrings.xml": b"A" * (10 * 1024 * 1024)})

    response = upload(diy.client("bantul"), diy.masterplan, packed)

    assert problems(response)[0].startswith("The workbook unpacks to an unusually large size")


def test_a_file_over_5_mb_is_refused_by_the_form(diy):
    big = b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024)
    before = snapshot(diy.masterplan)

    response = upload(diy.client("bantul"), diy.masterplan, big)

    assert response.status_code == 400
    assert "The file is larger than 5 MB." in response.content.decode()
    assert snapshot(diy.masterplan) == before


def test_posting_without_a_file_asks_for_one(diy):
    response = diy.client("bantul").post(import_url(diy.masterplan), {})

    assert response.status_code == 400
    assert response.context["form"].errors["file"]


# --- the confirmation ---------------------------------------------------------------------------------------

def test_a_confirmation_with_an_unknown_token_writes_nothing(diy):
    client = diy.client("bantul")
    before = snapshot(diy.masterplan)

    response = client.post(import_url(diy.masterplan), {"token": "forged", "digest": "x"}, follow=True)

    assert "This check has expired" in response.content.decode()
    assert snapshot(diy.masterplan) == before


def test_another_user_cannot_confirm_a_checked_file(diy):
    bantul = diy.client("bantul")
    preview = upload(bantul, diy.masterplan, workbook_bytes([row()]))
    intruder = diy.client("sleman")
    RoleAssignment.objects.create(user=diy.users["sleman"], role="region_staff", region=diy.bantul)

    response = confirm(intruder, diy.masterplan, preview)

    assert response.status_code == 302
    assert not Programme.objects.filter(masterplan=diy.masterplan).exists()


def test_a_change_between_the_preview_and_the_confirmation_is_shown_again_before_anything_is_written(diy):
    diy.bantul_programmes(1)
    client = diy.client("bantul")
    preview = upload(client, diy.masterplan, workbook_bytes([row(code="BTL-01", name="Nama Baru"), row(code="NEW")]))
    # Someone else adds NEW through the form meanwhile.
    diy.programme(diy.masterplan, "NEW", name="Dibuat orang lain")
    before = snapshot(diy.masterplan)

    response = confirm(client, diy.masterplan, preview)

    assert response.status_code == 200
    assert response.context["moved"] is True
    assert [r.programme.code for r in response.context["plan"].to_update] == ["BTL-01", "NEW"]
    assert snapshot(diy.masterplan) == before

    done = confirm(client, diy.masterplan, response)

    assert done.status_code == 302
    assert Programme.objects.get(masterplan=diy.masterplan, code="NEW").name == "Aplikasi Baru"


def test_the_import_service_revalidates_and_refuses_a_file_that_became_invalid(diy):
    content = workbook_bytes([row(opd="KOMINFO")])
    plan = imports.plan_import(diy.masterplan, content)
    assert plan.ok
    diy.opds["KOMINFO"].delete()

    with pytest.raises(imports.ImportRejected) as refused:
        imports.import_programmes(diy.users["bantul"], diy.masterplan, content, expected_digest=plan.digest)

    assert "no OPD of Kabupaten Bantul" in str(refused.value.plan.problems[0])
    assert not Programme.objects.filter(masterplan=diy.masterplan).exists()


# --- who may --------------------------------------------------------------------------------------------------

def test_region_staff_cannot_download_another_regions_template(diy):
    response = diy.client("bantul").get(template_url(diy.sleman_masterplan))

    assert response.status_code == 404


def test_region_staff_cannot_import_into_another_regions_masterplan(diy):
    client = diy.client("bantul")
    before = snapshot(diy.sleman_masterplan)

    assert client.get(import_url(diy.sleman_masterplan)).status_code == 404
    response = upload(client, diy.sleman_masterplan, workbook_bytes([row(opd="DINKES")]))

    assert response.status_code == 404
    assert snapshot(diy.sleman_masterplan) == before


def test_the_ministry_sees_the_masterplan_but_may_not_import_into_it(diy):
    client = diy.client("kementerian")

    assert client.get(template_url(diy.masterplan)).status_code == 403
    assert client.get(import_url(diy.masterplan)).status_code == 403
    assert upload(client, diy.masterplan, workbook_bytes([row()])).status_code == 403
    assert not Programme.objects.filter(masterplan=diy.masterplan).exists()


def test_the_service_itself_refuses_a_user_who_may_not_change_the_masterplan(diy):
    with pytest.raises(imports.PermissionDenied):
        imports.import_programmes(diy.users["bantul"], diy.sleman_masterplan, workbook_bytes([row(opd="")]))


def test_the_public_is_sent_to_sign_in(diy):
    client = diy.client(None)

    for url in (template_url(diy.masterplan), import_url(diy.masterplan)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_upload_page_links_the_template(diy):
    response = diy.client("bantul").get(import_url(diy.masterplan))

    assert response.status_code == 200
    assert template_url(diy.masterplan) in response.content.decode()


# --- cost -------------------------------------------------------------------------------------------------------

def preview_queries(diy, count):
    Programme.objects.filter(masterplan=diy.masterplan).delete()
    diy.bantul_programmes(count)
    client = diy.client("bantul")
    content = edit_template(client.get(template_url(diy.masterplan)).content,
                            lambda sheet: sheet.append(row(code="ZZ-NEW")))
    client.get(import_url(diy.masterplan))  # the session exists before counting
    with CaptureQueriesContext(connection) as queries:
        response = upload(client, diy.masterplan, content)
    assert len(response.context["plan"].unchanged) == count
    return len(queries)


def test_the_preview_runs_the_same_number_of_queries_for_5_and_40_programmes(diy):
    assert preview_queries(diy, 5) == preview_queries(diy, 40)


def test_a_planned_budget_changed_in_the_file_of_a_programme_with_pagu_per_year_is_a_cell_error(diy):
    from programmes.models import ProgrammeBudget

    diy.bantul_programmes(3)
    programme = Programme.objects.get(masterplan=diy.masterplan, code="BTL-02")
    ProgrammeBudget.objects.create(programme=programme, year=2020, pagu=Decimal("100000000"), source="apbn")
    client = diy.client("bantul")
    template = client.get(template_url(diy.masterplan)).content
    before = snapshot(diy.masterplan)

    unchanged = upload(client, diy.masterplan, template)
    assert problems(unchanged) == []  # the sum exported as it is imports as nothing to do
    changed = upload(client, diy.masterplan, edit_template(template, lambda sheet: sheet.__setitem__("J3", 275000000)))

    assert any("J3" in p or "Anggaran Rencana" in p for p in problems(changed)), problems(changed)
    assert any("pagu" in p for p in problems(changed))
    assert snapshot(diy.masterplan) == before
