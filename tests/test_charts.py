"""The one chart module: SVG that parses and renders without JavaScript, external files or colour
alone; localised labels; and a data table that says what the chart shows."""
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from smartcity import charts

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def every_chart():
    return [
        charts.bar_chart("Programmes per dimension", ["Smart Governance", "Smart Economy"],
                         {"2024": [1200, 5], "2025": [1500, None]}),
        charts.stacked_bar_chart("Programmes by status", ["DIY", "Jawa Barat"],
                                 [("Running", [10, 2]), ("Stalled", [4, 0]), ("Completed", [1, 9])]),
        charts.stacked_bar_chart("Share by status", ["DIY"], [("Running", [3]), ("Stalled", [1])], percent=True,
                                 colors=["#0072B2", "#D55E00"]),
        charts.line_chart("Index trend", [2021, 2022, 2023], {"Bantul": ["3.10", "3.45", None],
                                                              "DIY": [Decimal("2.90"), Decimal("3.20"), Decimal("3.50")]},
                          min_value=0, max_value=5),
        charts.dimension_chart({"governance": "3.45", "branding": "2.10", "economy": None, "living": "4.50",
                                "society": "3.00", "environment": "1.90"}),
        charts.aspect_chart({"baseline": "3.20", "output": "4.10", "outcome": "2.75", "impact": "3.00",
                             "quick_win": "4.00"}),
        charts.distribution_chart({"Baik": 7, "Sangat Baik": 5, "Cukup": 3, "Memuaskan": 2}),
    ]


def parse(chart):
    return ElementTree.fromstring(str(chart.svg))


def test_every_chart_is_one_well_formed_svg_element_with_an_accessible_name():
    for chart in every_chart():
        root = parse(chart)
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        title = root.find(f"{SVG}title")
        assert title is not None and title.text == chart.title
        assert root.get("aria-labelledby") == title.get("id")
        assert root.get("viewBox").startswith("0 0 600 ")


def test_no_chart_links_scripts_styles_fonts_or_anything_outside_itself():
    for chart in every_chart():
        root = parse(chart)
        tags = {element.tag.removeprefix(SVG) for element in root.iter()}
        assert not tags & {"script", "style", "image", "foreignObject", "a", "use"}
        for element in root.iter():
            for name, value in element.attrib.items():
                assert not name.startswith("on"), f"event handler {name} in {chart.title}"
                if "url(" in value:
                    assert re.fullmatch(r"url\(#[\w-]+\)", value), value
                assert "http" not in value or name == "xmlns"
                assert "href" not in name


def test_pattern_references_point_to_patterns_defined_in_the_same_chart():
    chart = every_chart()[1]
    root = parse(chart)
    defined = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    used = set(re.findall(r"url\(#([\w-]+)\)", str(chart.svg)))
    assert used and used <= defined


def test_series_are_told_apart_by_pattern_as_well_as_colour():
    root = parse(every_chart()[1])
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None}
    # Three series: one plain colour and two distinct patterns.
    assert len([f for f in fills if f.startswith("url(")]) == 2
    assert len(fills) == 3


def test_lines_differ_in_dash_and_marker_and_carry_their_values():
    chart = every_chart()[3]
    root = parse(chart)
    dashed = [p.get("stroke-dasharray") for p in root.iter(f"{SVG}path") if p.get("fill") == "none"]
    assert dashed == [None, "7 4"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"3,10", "3,45", "2,90", "3,20", "3,50"} <= set(texts)
    assert root.find(f"{SVG}circle") is not None and root.find(f"{SVG}rect") is not None


def test_numbers_on_the_chart_are_written_the_indonesian_way():
    chart = every_chart()[0]
    texts = {t.text for t in parse(chart).iter(f"{SVG}text")}
    assert {"1.200", "1.500", "5"} <= texts
    dimension_texts = {t.text for t in parse(every_chart()[4]).iter(f"{SVG}text")}
    assert {"3,45", "4,50", "1,90"} <= dimension_texts


def test_numbers_follow_the_language_of_the_reader():
    with translation.override("en"):
        chart = charts.bar_chart("Budget", ["Bantul"], {"Rp": [1250000]})
        assert "1,250,000" in chart.svg
        assert chart.table.rows == (("Bantul", "1,250,000"),)
    chart = charts.bar_chart("Anggaran", ["Bantul"], {"Rp": [1250000]})
    assert "1.250.000" in chart.svg


def test_the_table_holds_exactly_the_figures_of_the_chart():
    chart = every_chart()[0]
    assert chart.table.caption == "Programmes per dimension"
    assert chart.table.header == ("Kategori", "2024", "2025")
    assert chart.table.rows == (("Smart Governance", "1.200", "1.500"), ("Smart Economy", "5", "–"))
    stacked = every_chart()[1]
    assert stacked.table.header[-1] == "Jumlah"
    assert stacked.table.rows == (("DIY", "10", "4", "1", "15"), ("Jawa Barat", "2", "0", "9", "11"))


def test_dimension_chart_lists_the_six_dimensions_on_the_five_point_scale():
    chart = every_chart()[4]
    assert [row[0] for row in chart.table.rows] == ["Smart Governance", "Smart Branding", "Smart Economy",
                                                    "Smart Living", "Smart Society", "Smart Environment"]
    assert [row[1] for row in chart.table.rows] == ["3,45", "2,10", "–", "4,50", "3,00", "1,90"]
    axis = [t.text for t in parse(chart).iter(f"{SVG}text") if t.text in {"0", "1", "2", "3", "4", "5"}]
    assert axis == ["0", "1", "2", "3", "4", "5"]


def test_dimension_chart_compares_with_another_series():
    chart = charts.dimension_chart({"governance": "3.00"}, comparison={"Rata-rata provinsi": {"governance": "2.50"}})
    assert chart.table.header == ("Dimensi", "Indeks", "Rata-rata provinsi")
    assert chart.table.rows[0] == ("Smart Governance", "3,00", "2,50")
    assert [name for name, _colour in chart.legend] == ["Indeks", "Rata-rata provinsi"]


def test_distribution_chart_orders_predikat_best_first_and_gives_shares():
    chart = every_chart()[6]
    assert chart.table.rows == (
        ("Memuaskan", "2", "11,8%"), ("Sangat Baik", "5", "29,4%"), ("Baik", "7", "41,2%"),
        ("Cukup", "3", "17,6%"), ("Kurang", "0", "0,0%"),
    )


def test_a_chart_without_data_says_so_instead_of_drawing_empty_axes():
    chart = charts.bar_chart("Nothing", [], {})
    assert chart.empty and chart.table.rows == ()
    assert "Tidak ada data" in chart.svg
    assert charts.distribution_chart({}).empty
    assert charts.line_chart("Trend", [2021], {"A": [None]}).empty


def test_labels_are_escaped_and_long_labels_shortened_with_the_full_text_kept():
    name = "Kabupaten <Kepulauan> & Sangat Panjang Sekali Namanya Hingga Tidak Muat Di Kolom Label"
    chart = charts.bar_chart("T & <x>", [name], {"A": [1]})
    root = parse(chart)  # would raise on unescaped markup
    lines = [t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert {line.find(f"{SVG}title").text for line in lines} == {name}
    assert len(lines) == 2  # two lines before anything is cut
    assert "…" in "".join(lines[-1].itertext())
    assert chart.table.rows[0][0] == name


def test_the_aspects_long_names_are_written_whole_on_two_lines():
    with translation.override("id"):
        chart = charts.aspect_chart({"baseline": "3.38", "output": "3.08", "outcome": "2.75", "impact": "2.76",
                                     "quick_win": "3.00"})
    texts = " ".join("".join(t.itertext()) for t in parse(chart).iter(f"{SVG}text"))
    assert "…" not in texts
    assert "anggaran)" in texts and "masyarakat)" in texts


def test_the_same_data_gives_the_same_svg():
    assert every_chart()[1].svg == every_chart()[1].svg


def test_the_include_renders_a_figure_with_the_svg_and_its_table():
    chart = every_chart()[0]
    html = render_to_string("includes/chart.html", {"chart": chart})
    assert html.count("<figure") == 1 and "<svg" in html and "<details" in html
    assert "<caption>Programmes per dimension</caption>" in html
    assert '<th scope="row">Smart Governance</th>' in html and ">1.200</td>" in html
    visible = render_to_string("includes/chart.html", {"chart": chart, "table": "visible"})
    assert "<details" not in visible and "<table" in visible
    hidden = render_to_string("includes/chart.html", {"chart": chart, "table": "hidden"})
    assert 'class="visually-hidden"' in hidden


def test_weasyprint_draws_the_chart_without_fetching_anything(tmp_path):
    from weasyprint import HTML

    fetched = []

    def refuse(url, *args, **kwargs):
        fetched.append(url)
        raise ValueError(url)

    html = "<html><body>" + "".join(c.svg for c in every_chart()) + "</body></html>"
    pdf = HTML(string=html, url_fetcher=refuse).write_pdf()
    assert pdf.startswith(b"%PDF") and fetched == []


def test_a_stacked_chart_with_chosen_colours_shows_the_same_fills_in_its_legend():
    chart = charts.stacked_bar_chart("Status", ["A"], [("Berjalan", [2]), ("Terhambat", [1])],
                                     colors=["#0072B2", "#E69F00"])
    root = parse(chart)
    bars = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    swatches = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("width") == "16"]
    assert bars == swatches == ["#0072B2", bars[1]] and bars[1].startswith("url(")


def test_counts_get_whole_number_ticks():
    chart = charts.bar_chart("Counts", ["A", "B"], {"n": [12, 3]})
    ticks = [t.text for t in parse(chart).iter(f"{SVG}text") if t.get("fill") == charts.MUTED]
    assert ticks and all("," not in t for t in ticks)


def test_line_labels_at_one_point_do_not_cover_each_other():
    chart = charts.line_chart("Trend", [2024], {"A": ["3.04"], "B": ["3.10"], "C": ["2.91"]})
    ys = sorted(float(t.get("y")) for t in parse(chart).iter(f"{SVG}text") if t.text in {"3,04", "3,10", "2,91"})
    assert len(ys) == 3 and all(b - a >= charts.FONT_SIZE for a, b in zip(ys, ys[1:], strict=False))
