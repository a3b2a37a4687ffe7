"""The programme table as CSV and XLSX: scoped by the policy, filtered like the table, read back cell by
cell, formula injection escaped, and a fixed number of queries."""
import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from programmes.models import Masterplan, Opd, Programme, ProgrammeUpdate
from programmes.services import post_update
from regions.models import Region, RoleAssignment
from tests import clock

HEADER = ["Region code", "Region", "Masterplan", "Code", "Name", "Dimension", "Sub-dimension", "Term", "OPD",
          "Start year", "End year", "Planned budget (Rp)", "Funding source", "Status", "Progress (%)",
          "Realised budget (Rp)", "Last update", "RPJMD/Renstra programme"]


class Diy:
    """Bantul and Sleman with a masterplan each; Bantul's programmes carry tricky names and a status."""

    def __init__(self):
        province = Region.objects.create(code="34", name="Daerah Istimewa Yogyakarta", kind="province")
        self.bantul = Region.objects.create(code="34.02", name="Kabupaten Bantul", kind="regency", parent=province)
        self.sleman = Region.objects.create(code="34.04", name="Kabupaten Sleman", kind="regency", parent=province)
        self.users = {
            "bantul": self.user("bantul", "region_staff", self.bantul),
            "sleman": self.user("sleman", "region_staff", self.sleman),
            "diy": self.user("diy", "province_officer", province),
            "kementerian": self.user("kementerian", "ministry", None),
            "outsider": User.objects.create_user(username="outsider", password="smartcity-demo"),
        }
        self.kominfo = Opd.objects.create(region=self.bantul, name="Dinas Kominfo", acronym="KOMINFO")
        self.masterplan = Masterplan.objects.create(region=self.bantul, title="Masterplan Smart City Bantul",
                                                    period_start=2019, period_end=2028)
        self.sleman_masterplan = Masterplan.objects.create(region=self.sleman, title="Masterplan Smart Sleman",
                                                           period_start=2018, period_end=2027)

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

    def client(self, persona):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if persona:
            client.force_login(self.users[persona])
        return client


@pytest.fixture
def diy(db):
    data = Diy()
    data.jss = data.programme(data.masterplan, "BTL-01", name="Jogja Smart Service", dimension="society",
                              sub_dimension="community", term="quick_win", opd=data.kominfo,
                              budget_planned=Decimal("1250000.50"), funding_source="apbn", start_year=2021,
                              end_year=2021)
    data.programme(data.masterplan, "BTL-02", name="Bantul Tourism Portal", dimension="branding", term="medium")
    data.programme(data.sleman_masterplan, "SLM-01", name="Sleman Smart Regency", start_year=2018)
    post_update(data.users["bantul"], data.jss, {"year": 2021, "status": "stalled", "progress": 40,
                                                 "budget_realised": Decimal("500000"),
                                                 "constraint_category": "budget", "constraint": "Refocusing"})
    return data


def export(client, fmt, **query):
    return client.get(reverse("programmes:programme_export", args=[fmt]), query)


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


# --- what is in it ------------------------------------------------------------------------------------------

def test_the_csv_export_holds_the_users_programmes_with_their_current_status(diy):
    response = export(diy.client("bantul"), "csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = clock.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="programmes-{today}.csv"'
    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert rows[1:] == [
        ["34.02", "Kabupaten Bantul", "Masterplan Smart City Bantul", "BTL-01", "Jogja Smart Service",
         "Smart Society", "Community", "Quick win", "KOMINFO", "2021", "2021", "1250000.50",
         "APBN (state budget)", "Stalled", "40", "500000", today, ""],
        ["34.02", "Kabupaten Bantul", "Masterplan Smart City Bantul", "BTL-02", "Bantul Tourism Portal",
         "Smart Branding", "", "Medium term", "", "2020", "2022", "150000000", "APBD kabupaten/kota", "", "", "",
         "", ""],
    ]


def test_the_xlsx_export_keeps_budgets_as_numbers_and_dates_as_dates(diy):
    response = export(diy.client("bantul"), "xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet, rows = xlsx_rows(response)
    assert rows[0] == HEADER
    first = rows[1]
    assert first[:11] == ["34.02", "Kabupaten Bantul", "Masterplan Smart City Bantul", "BTL-01", "Jogja Smart Service",
                          "Smart Society", "Community", "Quick win", "KOMINFO", 2021, 2021]
    assert first[11] == pytest.approx(1250000.5)
    assert first[12:16] == ["APBN (state budget)", "Stalled", 40, 500000]
    assert first[16].date() == clock.today()
    assert sheet["L2"].number_format == "#,##0"
    assert sheet["P2"].number_format == "#,##0"
    assert isinstance(sheet["L3"].value, int)
    assert len(rows) == 3


def test_region_staff_never_export_another_regions_programmes(diy):
    for fmt in ("csv", "xlsx"):
        bantul = export(diy.client("bantul"), fmt)
        rows = csv_rows(bantul) if fmt == "csv" else xlsx_rows(bantul)[1]
        assert {row[0] for row in rows[1:]} == {"34.02"}
        # Asking for Sleman by filter gives nothing rather than Sleman's rows.
        asked = export(diy.client("bantul"), fmt, region="34.04")
        rows = csv_rows(asked) if fmt == "csv" else xlsx_rows(asked)[1]
        assert rows[1:] == []


@pytest.mark.parametrize(("persona", "codes"), [
    ("sleman", ["SLM-01"]),
    ("diy", ["BTL-01", "BTL-02", "SLM-01"]),
    ("kementerian", ["BTL-01", "BTL-02", "SLM-01"]),
    ("outsider", []),
])
def test_each_user_exports_exactly_what_they_may_see(diy, persona, codes):
    rows = csv_rows(export(diy.client(persona), "csv"))

    assert [row[3] for row in rows[1:]] == codes


def test_the_public_is_sent_to_sign_in(diy):
    response = export(diy.client(None), "csv")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- the table's filters --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "codes"), [
    ({"dimension": "branding"}, ["BTL-02"]),
    ({"term": "quick_win"}, ["BTL-01"]),
    ({"status": "stalled"}, ["BTL-01"]),
    ({"search": "tourism"}, ["BTL-02"]),
    ({"year": "2019"}, ["SLM-01"]),
    ({"region": "34.04"}, ["SLM-01"]),
    ({"province": "34", "dimension": "governance"}, ["SLM-01"]),
    ({"ordering": "-code"}, ["SLM-01", "BTL-02", "BTL-01"]),
    ({"page": "3"}, ["BTL-01", "BTL-02", "SLM-01"]),
])
def test_the_export_takes_the_programme_tables_filters(diy, query, codes):
    for fmt in ("csv", "xlsx"):
        response = export(diy.client("kementerian"), fmt, **query)
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)[1]
        assert [row[3] for row in rows[1:]] == codes, fmt


def test_an_invalid_filter_is_answered_400_with_the_reason_as_text(diy):
    response = export(diy.client("kementerian"), "csv", dimension="smart", year="soon")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "dimension: Select a valid choice. smart is not one of the available choices." in text
    assert "year: Enter a whole number." in text


def test_an_unknown_format_is_not_found(diy):
    assert export(diy.client("kementerian"), "pdf").status_code == 404


# --- formula injection ----------------------------------------------------------------------------------------

HOSTILE = ['=HYPERLINK("http://evil.example","klik")', "+628123", "-1+1", "@SUM(A1)", "\tTab", "\rCR"]


def test_text_a_spreadsheet_would_run_is_escaped_in_csv_and_stored_as_text_in_xlsx(diy):
    for n, name in enumerate(HOSTILE):
        diy.programme(diy.masterplan, f"X-{n}", name=name)
    diy.programme(diy.masterplan, "-9", name="Aman")

    csv_names = {row[3]: row[4] for row in csv_rows(export(diy.client("bantul"), "csv", search="X-"))[1:]}
    assert [csv_names[f"X-{n}"] for n in range(len(HOSTILE))] == ["'" + name for name in HOSTILE]
    codes = [row[3] for row in csv_rows(export(diy.client("bantul"), "csv", search="Aman"))[1:]]
    assert codes == ["'-9"]

    sheet, rows = xlsx_rows(export(diy.client("bantul"), "xlsx", search="X-"))
    # Text, marked as typed with a leading apostrophe; XML itself reads a carriage return back as a line feed.
    for row in sheet.iter_rows(min_row=2):
        assert row[4].data_type == "s"
        assert row[4].quotePrefix
    # XML may normalise CR to LF (it does with openpyxl's pure-Python writer, not with lxml).
    assert {row[4].replace("\r", "\n") for row in rows[1:]} == {name.replace("\r", "\n") for name in HOSTILE}


# --- cost ---------------------------------------------------------------------------------------------------------

def export_queries(diy, fmt, count):
    Programme.objects.filter(masterplan=diy.masterplan, code__startswith="Q-").delete()
    for n in range(count):
        programme = diy.programme(diy.masterplan, f"Q-{n:02d}", opd=diy.kominfo)
        if n % 3 == 0:
            post_update(diy.users["bantul"], programme, {"year": 2020 + n % 5, "status": "running", "progress": n})
    client = diy.client("bantul")
    with CaptureQueriesContext(connection) as queries:
        response = export(client, fmt, search="Q-")
        content = b"".join(response.streaming_content) if fmt == "csv" else response.content
    assert content
    return len(queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_runs_the_same_number_of_queries_for_5_and_40_programmes(diy, fmt):
    assert export_queries(diy, fmt, 5) == export_queries(diy, fmt, 40)


def test_the_last_update_date_is_the_date_in_jakarta(diy):
    late = dt.datetime(2024, 3, 1, 20, 30, tzinfo=dt.UTC)  # 2 March 03:30 WIB
    ProgrammeUpdate.objects.filter(programme=diy.jss).update(created_at=late)

    rows = csv_rows(export(diy.client("bantul"), "csv", term="quick_win"))

    assert rows[1][16] == "2024-03-02"


# --- in the user's language, Excel first --------------------------------------------------------------------

def indonesian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    return client


def test_file_names_are_indonesian_in_the_indonesian_ui_and_english_in_the_english_one(diy):
    today = clock.today().isoformat()
    template_url = reverse("programmes:import_template", args=[diy.masterplan.pk])

    assert export(indonesian(diy.client("bantul")), "xlsx")["Content-Disposition"] == (
        f'attachment; filename="program-{today}.xlsx"')
    assert export(diy.client("bantul"), "xlsx")["Content-Disposition"] == (
        f'attachment; filename="programmes-{today}.xlsx"')
    assert indonesian(diy.client("bantul")).get(template_url)["Content-Disposition"] == (
        'attachment; filename="program-kabupaten-bantul-masterplan-2019-2028.xlsx"')
    assert diy.client("bantul").get(template_url)["Content-Disposition"] == (
        'attachment; filename="programmes-kabupaten-bantul-masterplan-2019-2028.xlsx"')


def test_the_indonesian_xlsx_export_has_indonesian_headers_and_labels(diy):
    sheet, rows = xlsx_rows(export(indonesian(diy.client("bantul")), "xlsx", masterplan=diy.masterplan.pk))

    assert sheet.title == "Program"
    assert rows[0][0] == "Kode daerah"
    assert rows[1][7] == "Quick win" and rows[2][7] == "Jangka menengah"


@pytest.mark.parametrize("url", ["/programmes/", "masterplan"])
def test_pages_offer_excel_first_and_name_the_csv_as_the_machine_format(diy, url):
    client = diy.client("bantul")
    if url == "masterplan":
        url = diy.masterplan.get_absolute_url()

    page = client.get(url).content.decode()

    xlsx, csv_link = page.find('data-testid="export-xlsx"'), page.find('data-testid="export-csv"')
    assert 0 < xlsx < csv_link
    assert "Download Excel" in page
    assert "CSV for machines (comma-separated, decimal point)" in page
    if "masterplans" in url:
        assert f"export.xlsx?masterplan={diy.masterplan.pk}" in page
