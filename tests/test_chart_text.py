"""Chart text never renders below 11 px (issue 20): at the narrowest width the portal's CSS lets a chart be
drawn, every text of every chart kind is still 11 px or more; on a phone the chart reflows (its phone drawing
takes the place of the page drawing) and a map scales to the column with its legend in HTML."""
import re
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.template.loader import render_to_string

from smartcity import charts
from tests.test_charts import every_chart, indonesian  # noqa: F401 — the charts and their language

SVG = "{http://www.w3.org/2000/svg}"
PORTAL_CSS = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"


def every_chart_kind():
    """tests/test_charts.py's chart of each kind, a long label, and the narrow drawing of a side panel."""
    long_name = "Dinas Komunikasi, Informatika, Statistik dan Persandian Kabupaten Kepulauan Seribu"
    return [
        *every_chart(),
        charts.stacked_bar_chart("Program per status", ["DIY", long_name], [("Berjalan", [10, 2]), ("Selesai", [1, 9])]),
        charts.distribution_chart({"Baik": 7, "Sangat Baik": 5, "Cukup": 3, "Memuaskan": 2},
                                  width=charts.NARROW_WIDTH),
    ]


def narrowest_drawn_width(selector=r"\.chart-canvas svg"):
    """The min-width the portal's CSS gives a chart's SVG, in CSS px."""
    rule = re.search(selector + r"\s*\{([^}]*)\}", PORTAL_CSS.read_text())
    assert rule, f"static/css/portal.css has no `{selector}` rule"
    width = re.search(r"min-width:\s*(\d+(?:\.\d+)?)px", rule.group(1))
    assert width, "`.chart-canvas svg` has no min-width: a narrow column would shrink its text without limit"
    return float(width.group(1))


def font_sizes(svg):
    root = ElementTree.fromstring(str(svg))
    default = float(root.get("font-size"))
    return root, [float(t.get("font-size", default)) for t in root.iter(f"{SVG}text") if (t.text or "").strip()]


def drawings(chart):
    """The chart's SVG drawings a page may show: the page drawing and, where it has one, the phone drawing."""
    return [chart.svg] + ([chart.narrow] if chart.narrow else [])


def test_every_chart_text_is_at_least_11_px_at_the_narrowest_width_a_page_draws_it():
    too_small = []
    for chart in every_chart_kind():
        for svg in drawings(chart):
            root, sizes = font_sizes(svg)
            assert sizes, f"{chart.title}: the chart has no text"
            viewbox_width = float(root.get("viewBox").split()[2])
            narrow = "chart-svg-narrow" in root.get("class").split()
            drawn = narrowest_drawn_width(r"\.chart-canvas svg\.chart-svg-narrow" if narrow else r"\.chart-canvas svg")
            rendered = min(sizes) * min(drawn, viewbox_width) / viewbox_width
            if rendered < charts.MIN_TEXT_PX:
                too_small.append(f"{chart.title} ({viewbox_width:.0f}): {rendered:.1f} px")
    assert not too_small, too_small


def test_the_css_minimum_widths_are_the_chart_modules_own():
    assert narrowest_drawn_width() == charts.MIN_WIDTH
    assert narrowest_drawn_width(r"\.chart-canvas svg\.chart-svg-narrow") == charts.NARROW_MIN_WIDTH


def test_every_page_chart_has_a_phone_drawing_of_its_own_that_the_css_shows_below_the_page_drawings_width():
    for chart in every_chart_kind()[:-1]:  # the last is drawn narrow already (a side panel)
        assert chart.narrow, f"{chart.title}: no phone drawing"
        wide, narrow = ElementTree.fromstring(str(chart.svg)), ElementTree.fromstring(str(chart.narrow))
        assert wide.get("viewBox").split()[2] == str(charts.WIDTH)
        assert narrow.get("viewBox").split()[2] == str(charts.NARROW_WIDTH)
        assert "chart-svg-narrow" in narrow.get("class").split()
        # Two drawings on one page: their ids (title, patterns) must not collide.
        assert wide.get("aria-labelledby") != narrow.get("aria-labelledby")
        ids = [e.get("id") for svg in (wide, narrow) for e in svg.iter() if e.get("id")]
        assert len(ids) == len(set(ids))
        # The same words on both: every category and series the page drawing names, the phone drawing names too
        # (in full or cut with an ellipsis, the full text in a <title>).
        def words(root):
            return {(t.text or "").strip() for t in root.iter(f"{SVG}text")} | {
                (t.text or "").strip() for t in root.iter(f"{SVG}title")}
        for row in chart.table.rows:
            assert row[0] in words(narrow), f"{chart.title}: {row[0]} missing from the phone drawing"
    assert charts.distribution_chart({"Baik": 2}, width=charts.NARROW_WIDTH).narrow is None  # one drawing

    css = PORTAL_CSS.read_text()
    query = re.search(r"@container\s*\(max-width:\s*([\d.]+)px\)\s*\{(.*?)\n\}", css, re.S)
    assert query and float(query.group(1)) < charts.MIN_WIDTH <= float(query.group(1)) + 1
    assert re.search(r"\.chart-wide\s*\{\s*display:\s*none", query.group(2))
    assert re.search(r"\.chart-narrow\s*\{\s*display:\s*block", query.group(2))
    html = render_to_string("includes/chart.html", {"chart": every_chart_kind()[0]})
    assert html.count("<svg") == 2 and 'class="chart-wide"' in html and 'class="chart-narrow"' in html


def test_a_map_on_a_page_has_no_text_of_its_own_and_its_legend_is_html_that_wraps():
    from smartcity import maps

    chart = maps.national_map("Peserta", {"34": 5, "35": 3, "33": None}, links={"34": "/x/"})
    body = ElementTree.fromstring(str(chart.body))
    assert not [t for t in body.iter(f"{SVG}text") if (t.text or "").strip()]
    assert float(body.get("viewBox").split()[3]) < float(ElementTree.fromstring(str(chart.svg)).get("viewBox").split()[3])
    html = render_to_string("includes/map.html", {"chart": chart})
    assert 'class="map-key"' in html and "Batas wilayah: cahyadsn/wilayah_boundaries (MIT)" in html
    assert "belum ada data" in html or "tidak ada data" in html  # the no-data key, in words
    assert html.count('class="map-swatch"') == len(chart.key.split("<li>")) - 1
    # The dashboards show maps through the chart include: the same body and HTML legend.
    assert 'class="map-key"' in render_to_string("includes/chart.html", {"chart": chart})
    css = PORTAL_CSS.read_text()
    rule = re.search(r"\.map-canvas svg\s*\{([^}]*)\}", css)
    assert rule and "min-width" not in rule.group(1) and "width: 100%" in rule.group(1)


def test_an_empty_chart_is_a_sentence_not_a_tiny_drawing():
    empty = charts.distribution_chart({})
    html = render_to_string("includes/chart.html", {"chart": empty})
    assert "<svg" not in html and "Tidak ada data untuk pilihan ini." in html
