"""The one map module: choropleth maps of Indonesia as inline SVG, for pages and PDF reports alike.

Boundaries: publik/data/boundaries (38 provinces, 514 kabupaten/kota, MIT licence, credit below every
map), pre-projected and quantised once by `python manage.py build_maps` into publik/data/map_paths.json;
nothing here reads GeoJSON or needs a geometry library.

    chart = national_map(title, values, names=…, links=…)          # the 38 provinces, kota as dots
    chart = province_map(province_code, title, values, links=…)    # a province's kabupaten/kota

Both answer a smartcity.charts.Chart (svg + table), so `includes/chart.html` and `includes/map.html`
render them. Values are {Kemendagri code: number or None}; a region without a value is drawn with the
"no data" hatching. Classes: the given `breaks` (lowest value of each class), else equal intervals
between the smallest and largest value (at most five), said in the legend; or, for values that name a
kind rather than measure an amount, `categories` {value: label} in legend order, coloured with the
Okabe–Ito palette (smartcity.charts.OKABE_ITO, told apart with every colour-vision deficiency) and one
`neutral` category in light grey (e.g. "not yet"), the legend, titles and table reading the labels. Colours: ColorBrewer's
sequential "Blues", one hue from light to dark, readable with every colour-vision deficiency; the hatching
and the values in the table beside the map mean nothing depends on colour alone. Every region with a
link is an SVG <a> (focusable, named by its <title>: name and value)."""
import functools
import hashlib
import json
import math
from decimal import Decimal
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from smartcity.charts import FONT, FONT_SIZE, INK, MUTED, OKABE_ITO, SEQUENTIAL, Chart, ChartTable, format_number

PATHS = Path(__file__).resolve().parent.parent / "publik" / "data" / "map_paths.json"
NATIONAL_WIDTH = 900
PROVINCE_WIDTH = 600
NO_DATA = "#ffffff"
NEUTRAL = "#d9d9d9"  # a category meaning "none of the kinds" (grey: read as absence, unlike any palette hue)
LEGEND_ROW = 20
BOUNDARIES_SOURCE = "cahyadsn/wilayah_boundaries (MIT)"


@functools.cache
def geometry():
    """The stored paths: {"provinces": {code: {d, bbox, centre, name}}, "regions": {…}}."""
    return json.loads(PATHS.read_text(encoding="utf-8"))


def is_kota(code):
    """A city (kota) by its Kemendagri code: the kabupaten/kota number 71 and above."""
    return "." in code and int(code.split(".")[1]) >= 71


def class_breaks(values, breaks=None, classes=5):
    """The lowest value of each class, lowest first, and how they were chosen (for the legend)."""
    if breaks is not None:
        return [Decimal(str(b)) for b in breaks], None
    present = sorted({Decimal(str(v)) for v in values if v is not None})
    if not present:
        return [Decimal(0)], _("equal intervals")
    low, high = present[0], present[-1]
    count = min(classes, len(present))
    if count <= 1 or high == low:
        return [low], _("equal intervals")
    integral = all(v == v.to_integral_value() for v in present)
    step = (high - low) / count
    out = [low]
    for i in range(1, count):
        edge = low + step * i
        edge = edge.to_integral_value(rounding="ROUND_CEILING") if integral else edge.quantize(Decimal("0.01"))
        if edge > out[-1]:
            out.append(edge)
    return out, _("equal intervals")


def class_of(value, breaks):
    """The class index of a value (None: no data)."""
    if value is None:
        return None
    value = Decimal(str(value))
    return max((i for i, b in enumerate(breaks) if value >= b), default=0)


class Classes:
    """How values become colours, legend rows, titles and table cells: numeric classes (breaks) or categories."""

    def __init__(self, values, *, breaks=None, method=None, decimals=None, categories=None, neutral=None,
                 none_label=None):
        self.decimals, self.none_label = decimals, none_label
        self.categories = dict(categories) if categories is not None else None
        if self.categories is not None:
            unknown = {v for v in values if v is not None} - set(self.categories)
            if unknown:
                raise ValueError(f"values without a category: {sorted(unknown, key=str)}")
            hues = iter(OKABE_ITO)
            self.colours = [NEUTRAL if key == neutral else next(hues) for key in self.categories]
            self.keys = list(self.categories)
            self.method = method
            self.entries = [(str(label), colour) for label, colour in zip(self.categories.values(), self.colours,
                                                                          strict=True)]
            return
        self.breaks, chosen = class_breaks(values, breaks)
        self.method = method or chosen
        self.colours = _colours(len(self.breaks))
        self.entries = []
        for i, low in enumerate(self.breaks):
            high = self.breaks[i + 1] if i + 1 < len(self.breaks) else None
            text = (f"≥ {format_number(low, decimals)}" if high is None
                    else f"{format_number(low, decimals)} – < {format_number(high, decimals)}")
            self.entries.append((text, self.colours[i]))

    def index(self, value):
        if self.categories is None:
            return class_of(value, self.breaks)
        return None if value is None else self.keys.index(value)

    def colour(self, value, missing):
        index = self.index(value)
        return missing if index is None else self.colours[index]

    def text(self, value):
        """A value as the reader sees it in titles and the table."""
        if self.categories is None or value is None:
            return format_number(value, self.decimals)
        return str(self.categories[value])

    def tip(self, name, value):
        if value is None:
            return f"{name}: {self.none_label if self.categories is not None and self.none_label else _('no data')}"
        return f"{name}: {self.text(value)}"


def _colours(count):
    """`count` colours of the sequential palette, spread from light to dark."""
    if count <= 1:
        return [SEQUENTIAL[2]]
    last = len(SEQUENTIAL) - 1
    return [SEQUENTIAL[round(i * last / (count - 1))] for i in range(count)]


def _ink(colour):
    return "#ffffff" if colour in SEQUENTIAL[3:] else INK


class _Map:
    def __init__(self, title, key, bbox, width, description):
        self.title, self.description, self.width = title, description, width
        self.id = "map-" + hashlib.sha1(repr(key).encode()).hexdigest()[:10]
        x0, y0, x1, y1 = bbox
        margin = max(x1 - x0, y1 - y0) * 0.02
        self.x0, self.y0 = x0 - margin, y0 - margin
        self.scale = width / (x1 - x0 + 2 * margin)
        self.map_height = (y1 - y0 + 2 * margin) * self.scale
        self.shapes, self.overlay, self.legend = [], [], []
        self.key = []  # the legend again as HTML, for pages (see key_html)

    def px(self, pixels):
        """A length of `pixels` on the page, in grid units."""
        return pixels / self.scale

    def render(self, height, *, legend=True):
        """The map as one SVG: with its legend drawn below it (PDFs), or without (`legend=False`: pages, which
        give the legend as HTML under it, so that the map scales to any column and the legend's text wraps)."""
        if not legend:
            height = self.map_height
        s = self.scale
        hatch = self.px(6)
        defs = (f'<defs><pattern id="{self.id}-nodata" patternUnits="userSpaceOnUse" width="{hatch:.1f}" '
                f'height="{hatch:.1f}"><rect width="{hatch:.1f}" height="{hatch:.1f}" fill="{NO_DATA}"/>'
                f'<path d="M0 {hatch:.1f}L{hatch:.1f} 0" stroke="{MUTED}" stroke-width="{self.px(1):.1f}"/>'
                f'</pattern><pattern id="{self.id}-nodata-key" patternUnits="userSpaceOnUse" width="6" height="6">'
                f'<rect width="6" height="6" fill="{NO_DATA}"/><path d="M0 6L6 0" stroke="{MUTED}" stroke-width="1"/>'
                f'</pattern></defs>')
        desc = f"<desc>{escape(self.description)}</desc>" if self.description else ""
        group = (f'<g transform="scale({s:.6f}) translate({-self.x0:.1f} {-self.y0:.1f})" stroke="{INK}" '
                 f'stroke-width="{self.px(0.5):.1f}" stroke-linejoin="round">')
        # A map whose regions are links is a group of links to a screen reader, not one image (an image's
        # children are hidden from it, so links inside one are "nested interactive" content).
        role = "group" if any("<a " in shape for shape in self.shapes) else "img"
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg map-svg" '
               f'viewBox="0 0 {self.width} {height:.0f}" width="{self.width}" height="{height:.0f}" role="{role}" '
               f'aria-labelledby="{self.id}-title" font-family="{FONT}" font-size="{FONT_SIZE}">'
               f'<title id="{self.id}-title">{escape(self.title)}</title>{desc}{defs}'
               f'{group}{"".join(self.shapes)}{"".join(self.overlay)}</g>{"".join(self.legend) if legend else ""}</svg>')
        return mark_safe(svg)  # noqa: S308 — every text above went through escape()

    def key_html(self):
        """The legend as HTML: swatches with their text in a list that wraps to the column, then the notes."""
        rows, notes = [[]], []
        for kind, text, paint in self.key:
            if kind == "note":
                notes.append(escape(text))
            elif kind == "head":  # the kota dots' own keys, on a row of their own
                rows.append([f'<li class="map-key-head">{escape(text)}</li>'])
            else:
                rows[-1].append(f'<li>{_swatch(kind, paint, self.id)}{escape(text)}</li>')
        lists = "".join(f'<ul class="map-key">{"".join(row)}</ul>' for row in rows if row)
        return mark_safe(f'{lists}<p class="map-notes">{"<br>".join(notes)}</p>')  # noqa: S308 — escaped above

    def fill(self, index, colours):
        return f"url(#{self.id}-nodata)" if index is None else colours[index]


def _linked(markup, href, tip):
    title = f"<title>{escape(tip)}</title>"
    if href:
        return f'<a href="{escape(href)}">{title}{markup}</a>'
    return f"<g>{title}{markup}</g>"


def _swatch(kind, colour, map_id):
    """A legend key as a small SVG of its own (hidden from screen readers: the text beside it says it)."""
    if kind == "dot":
        shape = f'<circle cx="8" cy="7" r="5" fill="{colour}" stroke="{INK}" stroke-width="1"/>'
    elif colour is None:  # no data: the map's hatching
        pid = f"{map_id}-nodata-swatch"
        shape = (f'<defs><pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6">'
                 f'<rect width="6" height="6" fill="{NO_DATA}"/><path d="M0 6L6 0" stroke="{MUTED}" stroke-width="1"/>'
                 f'</pattern></defs><rect x="0.5" y="1.5" width="15" height="11" fill="url(#{pid})" stroke="{INK}" '
                 f'stroke-width="0.5"/>')
    else:
        shape = f'<rect x="0.5" y="1.5" width="15" height="11" fill="{colour}" stroke="{INK}" stroke-width="0.5"/>'
    return f'<svg class="map-swatch" width="16" height="14" viewBox="0 0 16 14" aria-hidden="true">{shape}</svg>'


def _legend(m, y, classes, none_label, missing, extra=None, dots=None):
    """Swatches with the class ranges or category labels, the no-data swatch, the method and the data credit;
    sized with the map's width, so that they read like the page's text once the SVG is fitted to its column.
    `dots`: the kota dots' own categories, keyed on a row of their own after a "Kota:" label."""
    k = m.width / 500
    size, small, row, box, char = 13 * k, 11 * k, LEGEND_ROW * k, 16 * k, 7.8 * k
    method = classes.method

    def keys(x, y, entries, swatch, kind="box"):
        """Each entry's swatch and text, left to right, wrapping to a new row; the position after the last."""
        for text, colour in entries:
            m.key.append((kind, text, colour))
            width = box * 1.9 + len(text) * char
            if x + width > m.width:
                x, y = 0.0, y + row
            m.legend.append(f'{swatch(x, y, colour)}<text x="{x + box * 1.25:.0f}" y="{y + box * .7:.0f}" '
                            f'font-size="{size:.0f}" fill="{INK}">{escape(text)}</text>')
            x += width
        return x, y

    x, y = keys(0.0, y, classes.entries, lambda x, y, colour: (
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{box:.0f}" height="{box * .75:.0f}" fill="{colour}" '
        f'stroke="{INK}" stroke-width="0.5"/>'))
    # Categories name every value a region may have; their no-data swatch shows only when a region lacks one.
    if classes.categories is None or missing:
        label = none_label or _("no data")
        m.key.append(("box", label, None))
        if x + box * 1.9 + len(label) * char > m.width:
            x, y = 0.0, y + row
        m.legend.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="{box:.0f}" height="{box * .75:.0f}" '
                        f'fill="url(#{m.id}-nodata-key)" stroke="{INK}" stroke-width="0.5"/>'
                        f'<text x="{x + box * 1.25:.0f}" y="{y + box * .7:.0f}" font-size="{size:.0f}" fill="{INK}">'
                        f'{escape(label)}</text>')
    y += row
    if dots is not None:
        head = _("Kota:")
        m.key.append(("head", head, None))
        m.legend.append(f'<text x="0" y="{y + box * .7:.0f}" font-size="{size:.0f}" fill="{INK}">{escape(head)}</text>')
        _x, y = keys(len(head) * char + box * .6, y, dots.entries, lambda x, y, colour: (
            f'<circle cx="{x + box * .4:.0f}" cy="{y + box * .4:.0f}" r="{box * .35:.1f}" fill="{colour}" '
            f'stroke="{INK}" stroke-width="1"/>'), kind="dot")
        y += row
    notes = []
    if method:
        notes.append(_("Classes: %(method)s.") % {"method": method})
    if extra:
        notes.append(extra)
    notes.append(_("Boundaries: %(source)s") % {"source": BOUNDARIES_SOURCE})
    for note in notes:
        m.key.append(("note", note, None))
        m.legend.append(f'<text x="0" y="{y + small:.0f}" font-size="{small:.0f}" fill="{MUTED}">{escape(note)}</text>')
        y += small * 1.45
    return y + 4


def _table(title, names, values, classes, first_header, value_header):
    rows = tuple((names[code], classes.text(values.get(code))) for code in sorted(names))
    return ChartTable(title, (first_header, value_header or _("Value")), rows)


def national_map(title, values, *, links=None, kota_values=None, decimals=None, value_header=None,
                 none_label=None, breaks=None, method=None, categories=None, neutral=None, kota_categories=None,
                 kota_neutral=None, description=""):
    """The provinces shaded by `values` {province code: value}; every kota a dot (shaded by `kota_values`
    when given, else white), so the small cities stay findable and clickable at this scale. With
    `kota_categories` the dots have classes of their own (e.g. provinces by a count, kota by intake),
    keyed in a second legend row of dots."""
    data = geometry()
    provinces, regions = data["provinces"], data["regions"]
    links = links or {}
    kota_values = kota_values or {}
    all_values = list(values.values()) + ([] if kota_categories else list(kota_values.values()))
    classes = Classes(all_values, breaks=breaks, method=method, decimals=decimals, categories=categories,
                      neutral=neutral, none_label=none_label)
    dot_classes = classes
    if kota_categories:
        dot_classes = Classes(list(kota_values.values()), categories=kota_categories, neutral=kota_neutral,
                              none_label=none_label)
    bbox = [min(p["bbox"][0] for p in provinces.values()), min(p["bbox"][1] for p in provinces.values()),
            max(p["bbox"][2] for p in provinces.values()), max(p["bbox"][3] for p in provinces.values())]
    m = _Map(title, ("national", title, sorted(values.items()), sorted(kota_values.items())), bbox,
             NATIONAL_WIDTH, description)
    for code in sorted(provinces):
        shape = provinces[code]
        value = values.get(code)
        path = f'<path d="M0 0{shape["d"]}" fill="{m.fill(classes.index(value), classes.colours)}"/>'
        m.shapes.append(_linked(path, links.get(code), classes.tip(shape["name"], value)))
    radius = m.px(3.2)
    for code in sorted(c for c in regions if is_kota(c)):
        shape = regions[code]
        value = kota_values.get(code)
        fill = dot_classes.colour(value, "#ffffff")
        cx, cy = shape["centre"]
        dot = (f'<circle cx="{cx}" cy="{cy}" r="{radius:.1f}" fill="{fill}" stroke="{INK}" '
               f'stroke-width="{m.px(1):.1f}"/>')
        tip = dot_classes.tip(shape["name"], value) if kota_values else shape["name"]
        m.overlay.append(_linked(dot, links.get(code), tip))
    missing = any(values.get(code) is None for code in provinces)
    height = _legend(m, m.map_height + 8, classes, none_label, missing, extra=_("Dots: the kota (cities)."),
                     dots=dot_classes if kota_categories else None)
    names = {code: provinces[code]["name"] for code in provinces}
    table = _table(title, names, values, classes, _("Province"), value_header)
    empty = all(v is None for v in all_values)
    return Chart(title=title, svg=m.render(height), table=table, width=NATIONAL_WIDTH, height=math.ceil(height),
                 empty=empty, description=description, body=m.render(height, legend=False), key=m.key_html())


def province_map(province, title, values, *, links=None, decimals=None, value_header=None, none_label=None,
                 breaks=None, method=None, categories=None, neutral=None, description=""):
    """A province's kabupaten/kota shaded by `values` {region code: value}."""
    regions = {code: shape for code, shape in geometry()["regions"].items() if code.split(".")[0] == province}
    links = links or {}
    classes = Classes(list(values.values()), breaks=breaks, method=method, decimals=decimals,
                      categories=categories, neutral=neutral, none_label=none_label)
    bbox = [min(r["bbox"][0] for r in regions.values()), min(r["bbox"][1] for r in regions.values()),
            max(r["bbox"][2] for r in regions.values()), max(r["bbox"][3] for r in regions.values())]
    m = _Map(title, ("province", province, title, sorted(values.items())), bbox, PROVINCE_WIDTH, description)
    for code in sorted(regions):
        shape = regions[code]
        value = values.get(code)
        path = f'<path d="M0 0{shape["d"]}" fill="{m.fill(classes.index(value), classes.colours)}"/>'
        m.shapes.append(_linked(path, links.get(code), classes.tip(shape["name"], value)))
        if is_kota(code):
            cx, cy = shape["centre"]
            m.overlay.append(f'<circle cx="{cx}" cy="{cy}" r="{m.px(2.5):.1f}" fill="{INK}" stroke="#ffffff" '
                             f'stroke-width="{m.px(1):.1f}" pointer-events="none"/>')
    missing = any(values.get(code) is None for code in regions)
    height = _legend(m, m.map_height + 8, classes, none_label, missing, extra=_("Dots: the kota (cities)."))
    names = {code: regions[code]["name"] for code in regions}
    table = _table(title, names, values, classes, _("Region"), value_header)
    empty = all(v is None for v in values.values())
    return Chart(title=title, svg=m.render(height), table=table, width=PROVINCE_WIDTH, height=math.ceil(height),
                 empty=empty, description=description, body=m.render(height, legend=False), key=m.key_html())
