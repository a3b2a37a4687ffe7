"""Chart text never renders below 11 px (issue 20): at the narrowest width the portal's CSS lets a chart be
drawn, every text of every chart kind is still 11 px or more; on a phone the chart scrolls sideways."""
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


def test_every_chart_text_is_at_least_11_px_at_the_narrowest_width_a_page_draws_it():
    too_small = []
    for chart in every_chart_kind():
        root, sizes = font_sizes(chart.svg)
        assert sizes, f"{chart.title}: the chart has no text"
        viewbox_width = float(root.get("viewBox").split()[2])
        narrow = "chart-svg-narrow" in root.get("class").split()
        drawn = narrowest_drawn_width(r"\.chart-canvas svg\.chart-svg-narrow" if narrow else r"\.chart-canvas svg")
        rendered = min(sizes) * min(drawn, viewbox_width) / viewbox_width
        if rendered < charts.MIN_TEXT_PX:
            too_small.append(f"{chart.title}: {rendered:.1f} px")
    assert not too_small, too_small


def test_the_css_minimum_widths_are_the_chart_modules_own():
    assert narrowest_drawn_width() == charts.MIN_WIDTH
    assert narrowest_drawn_width(r"\.chart-canvas svg\.chart-svg-narrow") == charts.NARROW_MIN_WIDTH


def test_a_chart_on_a_page_scrolls_sideways_and_an_empty_one_is_a_sentence_not_a_tiny_drawing():
    css = PORTAL_CSS.read_text()
    assert re.search(r"\.chart-canvas\s*\{[^}]*overflow-x:\s*auto", css)

    html = render_to_string("includes/chart.html", {"chart": every_chart_kind()[0]})
    assert 'class="chart-canvas" tabindex="0"' in html  # a scrolling region the keyboard can reach

    empty = charts.distribution_chart({})
    html = render_to_string("includes/chart.html", {"chart": empty})
    assert "<svg" not in html and "Tidak ada data untuk pilihan ini." in html
