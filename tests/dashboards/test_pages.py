"""The dashboard pages as their users meet them: who may open which, the figures and charts they
show, filters carried by the URL, CSV/XLSX exports with the same filters, and constant query counts."""
import csv
import io
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.dashboards.test_queries import add_more_data

NATIONAL = "/dashboard/"
PROVINCE = "/dashboard/provinces/34/"
REGION = "/dashboard/regions/34.02/"


@pytest.mark.parametrize("persona, url, status", [
    ("kementerian", NATIONAL, 200), ("admin", NATIONAL, 200),
    ("diy", NATIONAL, 403), ("bantul", NATIONAL, 403), ("penilai", NATIONAL, 403), ("outsider", NATIONAL, 403),
    ("kementerian", PROVINCE, 200), ("admin", PROVINCE, 200), ("diy", PROVINCE, 200),
    ("diy", "/dashboard/provinces/35/", 404), ("bantul", PROVINCE, 404), ("outsider", PROVINCE, 404),
    ("kementerian", "/dashboard/provinces/34.02/", 404), ("kementerian", "/dashboard/provinces/99/", 404),
    ("bantul", REGION, 200), ("diy", REGION, 200), ("kementerian", REGION, 200),
    ("sleman", REGION, 404), ("outsider", REGION, 404), ("bantul", "/dashboard/regions/35.22/", 404),
    ("diy", "/dashboard/?province=34", 403),
    ("diy", "/dashboard/regions/34/", 200), ("kementerian", "/dashboard/regions/35/", 200),  # a province's own figures
])
def test_each_dashboard_opens_for_those_the_policy_lets_in(client_as, data, persona, url, status):
    assert client_as(persona).get(url).status_code == status


@pytest.mark.parametrize("url", [NATIONAL, PROVINCE, REGION])
def test_anonymous_visitors_are_sent_to_sign_in(client_as, data, url):
    response = client_as(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_province_staff_of_the_province_itself_may_not_open_its_dashboard(client_as, world, data):
    from regions.models import RoleAssignment

    RoleAssignment.objects.create(user=world.users["outsider"], role="region_staff", region_id="34")
    assert client_as("outsider").get(PROVINCE).status_code == 403


def test_the_national_dashboard_shows_the_hand_counted_figures(client_as, data):
    html = client_as("kementerian").get(NATIONAL).content.decode()
    assert 'data-testid="figure-enrolled"><div class="figure-value">11<' in html
    assert 'data-testid="figure-programmes"><div class="figure-value">9<' in html
    assert 'data-testid="figure-quick-wins"><div class="figure-value">75,0%<' in html
    assert 'data-testid="figure-index"><div class="figure-value">3,18<' in html
    assert "+0,18" in html
    assert "Rp\xa04,7\xa0miliar" in html  # the pagu of the budget years in words
    assert "56,4%" in html  # realised against the pagu of the same years
    assert 'href="/dashboard/provinces/34/"' in html
    assert "Kabupaten Bojonegoro" in html  # among the best regions
    assert f'href="/evaluations/{data.evaluations["34.04", 2024].pk}/"' in html
    assert "Refocusing anggaran" in html or "Dana dialihkan" in html


def test_every_chart_on_the_page_is_inline_svg_with_its_table(client_as, data):
    html = client_as("kementerian").get(NATIONAL).content.decode()
    # Five charts with a page and a phone drawing each, two maps (their legend's keys are small SVGs of their own).
    assert html.count("<figure") == 7 and html.count("chart-table") >= 7
    assert html.count('<div class="chart-narrow"><svg') == 5 and html.count('<div class="map-canvas"><svg') == 2
    assert "Peta rata-rata indeks per provinsi 2024" in html  # the index map
    assert "Program berjalan atau selesai per provinsi (%)" in html  # the programme progress map
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    for svg in html.split("<svg")[1:]:
        ElementTree.fromstring("<svg" + svg.split("</svg>", 1)[0] + "</svg>")


def test_the_province_dashboard_lists_its_regions_and_drills_down_to_them(client_as, data):
    html = client_as("diy").get(PROVINCE + "?year=2024").content.decode()
    for code in ("34.01", "34.02", "34.04", "34.71"):
        assert f'href="/dashboard/regions/{code}/?year=2024"' in html
    assert "Bojonegoro" not in html and "Pati" not in html
    assert 'name="province"' not in html  # the province is the page's own


def test_the_region_dashboard_shows_the_trend_and_the_position(client_as, data):
    html = client_as("kementerian").get(REGION).content.decode()
    assert 'data-testid="figure-index"><div class="figure-value">3,40<' in html
    assert 'data-testid="position-table"' in html and "+0,17" in html
    assert f'href="/evaluations/{data.evaluations["34.02", 2024].pk}/"' in html  # the full results
    bantul = client_as("bantul").get(REGION).content.decode()
    assert 'data-testid="position-table"' in bantul and "+0,17" not in bantul  # no province average for them
    assert 'href="/dashboard/"' not in bantul  # no way into the national dashboard


def test_the_url_carries_the_filters_into_the_form_and_the_links(client_as, data):
    html = client_as("kementerian").get(NATIONAL + "?year=2024&province=34&dimension=governance").content.decode()
    assert '<option value="2024" selected>' in html and '<option value="34" selected>' in html
    assert "?year=2024&amp;province=34&amp;dimension=governance&amp;export=groups&amp;format=csv" in html
    assert "/programmes/?province=34&amp;dimension=governance&amp;year=2024&amp;status=stalled" in html


def test_bad_filters_answer_400_with_the_fields_errors(client_as, data):
    response = client_as("kementerian").get(NATIONAL + "?year=abc&dimension=space")
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"year", "dimension"}
    assert "figure-enrolled" not in response.content.decode()


def test_a_table_exports_to_csv_with_the_pages_filters(client_as, data):
    response = client_as("kementerian").get(NATIONAL + "?province=34&export=groups&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["34", "34.01", "34.02", "34.03", "34.04", "34.71"]
    bantul = next(r for r in rows if r[0] == "34.02")
    assert bantul[1:7] == ["Kabupaten Bantul", "1", "1", "4", "1", "2"]
    assert bantul[12:15] == ["3.40", "3.00", "0.40"]


def test_a_table_exports_to_xlsx_with_numbers_as_numbers(client_as, data):
    response = client_as("kementerian").get(NATIONAL + "?export=dimensions&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Dimensi"
    governance = next(r for r in rows if r[0] == "Smart Governance")
    assert governance[1] == 3 and governance[-2] == 2_200_000_000  # pagu of B1 2023, B2 2024, J1 2019


def test_exported_text_cannot_run_as_a_formula(client_as, world, data):
    from programmes.models import Programme

    Programme.objects.filter(pk=data.programmes["J2"].pk).update(name='=HYPERLINK("http://x","klik")')
    client = client_as("kementerian")
    text = client.get(NATIONAL + "?export=constraints&format=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    sheet = load_workbook(io.BytesIO(client.get(NATIONAL + "?export=constraints&format=xlsx").content)).active
    cell = next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s"


def test_an_unknown_export_is_404_and_an_unknown_format_400(client_as, data):
    client = client_as("kementerian")
    assert client.get(NATIONAL + "?export=nothing&format=csv").status_code == 404
    assert client.get(NATIONAL + "?export=groups&format=pdf").status_code == 400


def test_region_exports_answer_only_for_the_region_the_user_may_see(client_as, data):
    assert client_as("bantul").get(REGION + "?export=trend&format=csv").status_code == 200
    assert client_as("sleman").get(REGION + "?export=trend&format=csv").status_code == 404


def page_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona, url", [
    ("kementerian", NATIONAL), ("kementerian", NATIONAL + "?province=34&year=2024"), ("diy", PROVINCE),
    ("bantul", REGION), ("kementerian", REGION), ("kementerian", NATIONAL + "?export=groups&format=xlsx"),
])
def test_each_dashboard_page_runs_a_constant_number_of_queries(client_as, world, data, persona, url):
    client = client_as(persona)
    before = page_queries(client, url)
    add_more_data(world, data)
    assert page_queries(client, url) == before <= 28  # with the verified regions and the reporting window


def test_the_national_dashboard_map_is_drawn_from_real_boundaries_and_leads_to_each_province(client_as, data):
    html = client_as("kementerian").get(NATIONAL).content.decode()

    svg = html[html.index('class="chart-svg map-svg"'):]
    svg = svg[:svg.index("</svg>")]
    assert svg.count('<path d="M0 0m') == 38
    assert '<a href="/dashboard/provinces/34/"><title>Daerah Istimewa Yogyakarta: ' in svg
    legend = html[html.index("</svg>", html.index('class="chart-svg map-svg"')):]
    assert "Kelas: ambang predikat" in legend[:legend.index("</figure>")]  # the legend, in HTML under the map


def test_the_province_dashboard_maps_its_kabupaten_kota_each_leading_to_its_dashboard(client_as, data):
    html = client_as("diy").get(PROVINCE + "?year=2024").content.decode()

    svg = html[html.index('class="chart-svg map-svg"'):]
    svg = svg[:svg.index("</svg>")]
    assert svg.count('<path d="M0 0m') == 5  # DIY's four kabupaten and Kota Yogyakarta
    assert '<a href="/dashboard/regions/34.04/">' in svg


def progress_svg(html):
    svg = html[html.index('data-testid="progress-map"'):]
    return svg[:svg.index("</svg>")]


def test_the_national_progress_map_shades_each_province_by_its_programmes_running_or_completed(client_as, data):
    svg = progress_svg(client_as("kementerian").get(NATIONAL).content.decode())

    assert svg.count('<path d="M0 0m') == 38
    # DIY: B1 running and B4 completed of six programmes; Jawa Timur: J1 of two; Jawa Tengah: P1 cancelled.
    assert '<a href="/dashboard/provinces/34/"><title>Daerah Istimewa Yogyakarta: 33,3</title>' in svg
    assert '<title>Jawa Timur: 50,0</title>' in svg and '<title>Jawa Tengah: 0,0</title>' in svg
    html = client_as("kementerian").get(NATIONAL).content.decode()
    figure = html[html.index('data-testid="progress-map"'):]
    assert "Kelas: interval sama 20 poin persentase." in figure[figure.index("</svg>"):figure.index("</figure>")]


def test_the_province_progress_map_shades_its_kabupaten_kota_with_no_programme_marked(client_as, data):
    svg = progress_svg(client_as("diy").get(PROVINCE).content.decode())

    assert svg.count('<path d="M0 0m') == 5
    assert '<a href="/dashboard/regions/34.02/"><title>Kabupaten Bantul: 50,0</title>' in svg
    assert '<title>Kabupaten Sleman: 0,0</title>' in svg
    assert "<title>Kota Yogyakarta: tidak ada data</title>" in svg


def test_export_file_names_are_in_the_readers_language(client_as, data):
    client = client_as("kementerian")

    def name(url):
        response = client.get(url)
        assert response.status_code == 200
        return response["Content-Disposition"]

    assert name(NATIONAL + "?year=2024&export=dimensions&format=xlsx") == \
        'attachment; filename="dasbor-nasional-dimensi-2024.xlsx"'
    assert name(NATIONAL + "?year=2024&data=verified&export=groups&format=csv") == \
        'attachment; filename="dasbor-nasional-wilayah-terverifikasi-2024.csv"'
    assert name(PROVINCE + "?year=2024&export=groups&format=xlsx") == \
        'attachment; filename="dasbor-daerah-istimewa-yogyakarta-wilayah-2024.xlsx"'
    client.cookies["django_language"] = "en"
    assert name(NATIONAL + "?year=2024&export=dimensions&format=xlsx") == \
        'attachment; filename="dashboard-national-dimensions-2024.xlsx"'


def test_excel_is_the_first_download_and_the_csv_is_labelled_as_the_machine_format(client_as, data):
    client = client_as("kementerian")
    html = client.get(NATIONAL).content.decode()
    links = html[html.index('data-testid="export-dimensions"'):]
    links = links[:links.index("</span>\n</span>")]
    assert links.index("format=xlsx") < links.index("format=csv")
    assert ">Excel</a>" in links and ">CSV untuk mesin</a>" in links and "pemisah koma, titik desimal" in links
    # Asked without a format, the export is the Excel file.
    response = client.get(NATIONAL + "?export=dimensions")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_empty_ranking_says_no_region_has_a_final_evaluation_not_that_all_are_listed(client_as, data):
    """Issue 20: the empty state said every evaluated region was already listed, over an empty list."""
    from evaluations.models import Evaluation

    Evaluation.objects.filter(cycle__year=2024, region__parent_id="34").update(status="in_review")
    html = client_as("kementerian").get("/dashboard/provinces/34/?year=2024").content.decode()
    assert "Belum ada daerah dalam pilihan ini yang hasil evaluasinya final pada 2024." in html
    assert "Semua daerah yang dievaluasi sudah tercantum" not in html


def test_the_region_figure_names_the_index_and_rank_without_an_empty_predikat(client_as, data):
    """An instrument without predikat (the smart-city one) left "indeks 2024 ·  · peringkat" on the card."""
    instrument = data.cycles[2024].instrument
    type(instrument).objects.filter(pk=instrument.pk).update(uses_predikat=False)

    html = client_as("kementerian").get(REGION).content.decode()

    card = html[html.index('data-testid="figure-index"'):]
    label = card[card.index('<div class="figure-label">'):card.index("</div></div>")]
    assert "indeks 2024" in label and "· ·" not in " ".join(label.split()) and "Baik" not in label
