"""The one chart module: inline SVG charts for pages and for the PDF reports, with the data table
behind each chart for screen readers and print.

Hand-built SVG rather than pygal: pygal writes an inline <script> and a global <style> into every
chart even with `js=[]`, and random element ids; neither suits our Content-Security-Policy, nor
WeasyPrint, nor stable tests. Here every chart is plain SVG with presentation attributes only
(no <style>, no script, no external fonts or images), coloured with the Okabe–Ito palette, which
colour-blind readers can tell apart; series are also told apart by patterns and direct labels,
and every value is written on the chart, so nothing depends on colour alone. Numbers go through
Django's localisation (3,45 · 1.250 in Indonesian).

Stable API (the evaluation pages and the PDF reports call it; add, do not rename):

    chart = bar_chart(title, categories, series)           # grouped horizontal bars
    chart = stacked_bar_chart(title, categories, series)   # one horizontal bar per category
    chart = line_chart(title, years, series)               # trends across years
    chart = dimension_chart(dimension_indexes)             # six dimensions, scale 1–5
    chart = aspect_chart(aspect_indexes)                   # five evaluation aspects, scale 1–5
    chart = distribution_chart(predikat_counts)            # evaluations per predikat
    chart.svg    -> SafeString of inline SVG
    chart.table  -> ChartTable(caption, header, rows): strings, formatted as on the chart

`series` is a mapping {name: values} or a sequence of (name, values); values line up with the
categories (None: no value). Render with `{% include "includes/chart.html" with chart=chart %}`.
"""
import dataclasses
import functools
import hashlib
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Ordered so that neighbouring series contrast strongly; yellow last (weak on white).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
INK = "#1a1a1a"
MUTED = "#555555"
GRID = "#d0d0d0"
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
WIDTH = 600
FONT_SIZE = 13
# Chart text never renders below 11 px (issue 20): every text of the charts below is FONT_SIZE units of a
# WIDTH-wide drawing, and pages never draw a chart narrower than MIN_WIDTH px (static/css/portal.css,
# `.chart-canvas svg`). Where the column is narrower (a phone), the page shows the chart's second drawing
# instead, `Chart.narrow`: the same chart laid out anew for NARROW_WIDTH (labels fitted, fewer ticks), so it
# reflows to the phone rather than shrinking its text or scrolling sideways.
MIN_TEXT_PX = 11
MIN_WIDTH = math.ceil(WIDTH * MIN_TEXT_PX / FONT_SIZE)
# The narrow drawing (a phone's column, a side panel such as the cycle page's predikat chart): laid out for
# 360 px; class `chart-svg-narrow`, never drawn narrower than NARROW_MIN_WIDTH.
NARROW_WIDTH = 360
NARROW_MIN_WIDTH = math.ceil(NARROW_WIDTH * MIN_TEXT_PX / FONT_SIZE)
CHAR_WIDTH = 0.6  # average glyph width in em for the fonts above; used to lay out labels
DASHES = (None, "7 4", "2 3", "9 3 2 3", "4 4", "1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "circle")
EMPTY = "–"


@dataclass(frozen=True)
class ChartTable:
    """The chart's data as a table: caption, a header row and body rows of formatted strings."""

    caption: str
    header: tuple
    rows: tuple


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString
    table: ChartTable
    width: int = WIDTH
    height: int = 0
    empty: bool = False
    description: str = ""
    legend: tuple = field(default=())  # ((name, colour), …) when the chart has several series
    # The same chart drawn for a phone's column (NARROW_WIDTH); pages show it where the column is narrower
    # than MIN_WIDTH (templates/includes/chart.html), PDFs never.
    narrow: SafeString | None = None
    # A map's (smartcity.maps) drawing without its legend, and the legend as HTML: pages show these two, so that
    # the map scales to any column and the legend wraps (templates/includes/map.html); PDFs show `svg`.
    body: SafeString | None = None
    key: SafeString | None = None

    def __html__(self):
        return self.svg

    def __str__(self):
        return self.svg


# ---------------------------------------------------------------------------------------------
# Formatting


def format_number(value, decimals=None):
    """A number as the reader's locale writes it: 3,45 / 1.250 in Indonesian; None → "–"."""
    if value is None or value == "":
        return EMPTY
    if decimals is None:
        decimals = 0 if _is_integral(value) else 2
    return _formatted(str(value), decimals, get_language())


@functools.lru_cache(maxsize=4096)
def _formatted(text, decimals, language):
    """format_number's work, kept per text, decimals and language: a chart writes the same few numbers many
    times (bar labels, shares, ticks, its table, and its phone drawing), and Django's number_format is the
    larger part of drawing one. The language is part of the key; the format settings never change in a process."""
    value = Decimal(text)
    if decimals:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


def format_percent(value, decimals=0):
    return EMPTY if value is None else f"{format_number(value, decimals)}%"


def _is_integral(value):
    if isinstance(value, int):
        return True
    try:
        return Decimal(str(value)) == Decimal(str(value)).to_integral_value()
    except ArithmeticError:
        return False


def _number(value):
    if value is None or value == "":
        return None
    return float(value)


def _normalise_series(series):
    items = list(series.items()) if hasattr(series, "items") else [tuple(s) for s in series]
    return [(str(name), list(values)) for name, values in items]


def _decimals_for(series, decimals):
    if decimals is not None:
        return decimals
    values = [v for _, vs in series for v in vs if v is not None and v != ""]
    return 0 if all(_is_integral(v) for v in values) else 2


def _nice_ticks(top, count=5, integer=False):
    """Axis ticks from 0 to a round number ≥ top (1, 2, 2.5 or 5 × 10^k steps; no 2.5 and no
    fractions for counts)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in steps if m * magnitude >= raw)
    if integer:
        step = max(1, step)
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def _text_width(text, size=FONT_SIZE):
    return len(text) * size * CHAR_WIDTH


def _fit(text, width, size=FONT_SIZE):
    """The text, cut with an ellipsis to fit `width` pixels."""
    if _text_width(text, size) <= width:
        return text
    keep = max(1, int(width / (size * CHAR_WIDTH)) - 1)
    return text[:keep].rstrip() + "…"


def _wrap(text, width, size=FONT_SIZE, lines=2):
    """The text in at most `lines` lines of `width` pixels, broken between words; only the last line is
    cut with an ellipsis, and only when the words do not fit in those lines."""
    if _text_width(text, size) <= width:
        return [text]
    out, words = [], text.split()
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and _text_width(f"{line} {words[0]}", size) <= width:
            line = f"{line} {words.pop(0)}"
        out.append(_fit(line, width, size))
    if words:
        out.append(_fit(" ".join(words), width, size))
    return out


def _n(x):
    """A coordinate without float noise: 12.0 → "12", 12.345 → "12.3"."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------------------------------------
# SVG pieces


class _Svg:
    def __init__(self, title, key, description="", width=WIDTH):
        self.title = title
        self.width = width
        self.description = description
        self.id = "chart-" + hashlib.sha1(repr(key).encode()).hexdigest()[:10]
        self.parts = []
        self.defs = []
        self._patterns = {}

    def add(self, markup):
        self.parts.append(markup)

    def text(self, x, y, content, *, anchor="start", size=FONT_SIZE, fill=INK, weight=None, full=None):
        attrs = f'x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if weight:
            attrs += f' font-weight="{weight}"'
        tip = f"<title>{escape(full)}</title>" if full and full != content else ""
        self.add(f"<text {attrs}>{tip}{escape(content)}</text>")

    def fill(self, index):
        """Fill for series `index`: its palette colour, with a pattern from the second series on."""
        return _pattern(self, index, OKABE_ITO[index % len(OKABE_ITO)], key=index, suffix="p", opacity=(0.55, 0.6))

    def legend(self, names, y, *, line=False, colours=None):
        """Swatches and names from the left, wrapping; returns the y below the legend."""
        x, height = 0.0, FONT_SIZE + 8
        for index, name in enumerate(names):
            label = _fit(name, 300)
            item = 22 + _text_width(label) + 16
            if x and x + item > self.width:
                x, y = 0.0, y + height
            if line:
                self.add(_line_swatch(x, y + height / 2 - 2, index))
            else:
                fill = _pattern_fill(self, index, colours[index]) if colours else self.fill(index)
                self.add(f'<rect x="{_n(x)}" y="{_n(y + 2)}" width="16" height="12" fill="{fill}" '
                         f'stroke="{INK}" stroke-width="0.5"/>')
            self.text(x + 22, y + FONT_SIZE + 1, label, full=name)
            x += item
        return y + height + 4

    def render(self, height):
        defs = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        desc = f"<desc>{escape(self.description)}</desc>" if self.description else ""
        narrow = " chart-svg-narrow" if self.width < WIDTH else ""
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg{narrow}" '
               f'viewBox="0 0 {self.width} {_n(height)}" width="{self.width}" height="{_n(height)}" role="img" '
               f'aria-labelledby="{self.id}-title" '
               f'font-family="{FONT}" font-size="{FONT_SIZE}">'
               f'<title id="{self.id}-title">{escape(self.title)}</title>{desc}{defs}{"".join(self.parts)}</svg>')
        return mark_safe(svg)  # noqa: S308 — every text above went through escape()


def _marker(kind, x, y, colour, size=4.5):
    if kind == "square":
        return f'<rect x="{_n(x - size)}" y="{_n(y - size)}" width="{_n(2 * size)}" height="{_n(2 * size)}" fill="{colour}"/>'
    if kind == "triangle":
        return (f'<path d="M{_n(x)} {_n(y - size - 1)} L{_n(x + size + 1)} {_n(y + size)} '
                f'L{_n(x - size - 1)} {_n(y + size)} Z" fill="{colour}"/>')
    if kind == "diamond":
        s = size + 1
        return f'<path d="M{_n(x)} {_n(y - s)} L{_n(x + s)} {_n(y)} L{_n(x)} {_n(y + s)} L{_n(x - s)} {_n(y)} Z" fill="{colour}"/>'
    if kind == "cross":
        return (f'<path d="M{_n(x - size)} {_n(y - size)} L{_n(x + size)} {_n(y + size)} M{_n(x + size)} {_n(y - size)} '
                f'L{_n(x - size)} {_n(y + size)}" stroke="{colour}" stroke-width="2.5"/>')
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size)}" fill="{colour}"/>'


def _line_swatch(x, y, index):
    colour = OKABE_ITO[index % len(OKABE_ITO)]
    dash = DASHES[index % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<path d="M{_n(x)} {_n(y)} L{_n(x + 18)} {_n(y)}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            + _marker(MARKERS[index % len(MARKERS)], x + 9, y, colour, 3.5))


def _empty_chart(title, header, description=""):
    svg = _Svg(title, ("empty", title), description)
    svg.text(WIDTH / 2, 34, _("No data for this selection."), anchor="middle", fill=MUTED)
    return Chart(title=title, svg=svg.render(56), table=ChartTable(title, tuple(header), ()), height=56,
                 empty=True, description=description)


def _label_column(categories, width=WIDTH):
    longest = max((_text_width(str(c)) for c in categories), default=0)
    return min(max(longest + 14, 70), 280 * width / WIDTH)


def _axis(svg, left, right, top, bottom, ticks, scale, fmt):
    for tick in ticks:
        x = left + tick * scale
        svg.add(f'<path d="M{_n(x)} {_n(top)} L{_n(x)} {_n(bottom)}" stroke="{GRID}" stroke-width="1"/>')
        svg.text(x, bottom + FONT_SIZE + 4, fmt(tick), anchor="middle", fill=MUTED)
    svg.add(f'<path d="M{_n(left)} {_n(top)} L{_n(left)} {_n(bottom)}" stroke="{INK}" stroke-width="1"/>')


# ---------------------------------------------------------------------------------------------
# Charts


def _with_phone_drawing(draw):
    """Draw the chart at the width asked for and, when that is the page width, once more for a phone."""

    @functools.wraps(draw)
    def both(*args, width=WIDTH, **kwargs):
        chart = draw(*args, width=width, **kwargs)
        if width != WIDTH or chart.empty:
            return chart
        return dataclasses.replace(chart, narrow=draw(*args, width=NARROW_WIDTH, **kwargs).svg)

    return both


@_with_phone_drawing
def bar_chart(title, categories, series, *, category_header="", decimals=None, max_value=None, unit="",
              description="", axis_decimals=None, width=WIDTH):
    """Horizontal bars, one group per category, one bar per series; every bar carries its value."""
    categories = [str(c) for c in categories]
    series = _normalise_series(series)
    decimals = _decimals_for(series, decimals)
    header = (category_header or _("Category"), *[name for name, _v in series])
    rows = tuple((c, *[_with_unit(format_number(vs[i] if i < len(vs) else None, decimals), unit) for _n_, vs in series])
                 for i, c in enumerate(categories))
    table = ChartTable(title, header, rows)
    values = [_number(v) for _s, vs in series for v in vs]
    if not categories or all(v is None for v in values):
        return _empty_chart(title, header, description)

    svg = _Svg(title, ("bar", title, categories, series, max_value, width), description, width)
    y = 4.0
    multi = len(series) > 1
    if multi:
        y = svg.legend([name for name, _v in series], y)
    left = _label_column(categories, width)
    value_room = max(_text_width(_with_unit(format_number(v, decimals), unit)) for v in values if v is not None) + 10
    right = width - value_room
    top_value = max(max_value or 0, max((v for v in values if v is not None), default=0))
    ticks = (_nice_ticks(top_value, count=3 if width < WIDTH else 5, integer=decimals == 0) if max_value is None
             else _ticks_to(max_value))
    scale = (right - left) / (ticks[-1] or 1)
    bar_h = 14 if multi else 18
    gap = 10 if multi else 8
    # A long category name takes two lines (the aspects' names are long) rather than losing its end.
    labels = [_wrap(c, left - 10) for c in categories]
    line_h = FONT_SIZE + 2
    if any(len(lines) > 1 for lines in labels):
        gap = max(gap, 2 * line_h - bar_h * len(series) + 4)
        y += line_h / 2
    top = y + 2
    group_h = bar_h * len(series)
    bottom = y + len(categories) * (group_h + gap) - gap + 4
    axis_fmt = (lambda t: format_number(t, axis_decimals)) if axis_decimals is not None else _tick_format(ticks)
    _axis(svg, left, right, top, bottom, ticks, scale, axis_fmt)
    for i, category in enumerate(categories):
        first = y + group_h / 2 + FONT_SIZE / 2 - 2 - (len(labels[i]) - 1) * line_h / 2
        for n, line in enumerate(labels[i]):
            svg.text(left - 8, first + n * line_h, line, anchor="end", full=category)
        for s, (name, vs) in enumerate(series):
            value = _number(vs[i]) if i < len(vs) else None
            by = y + s * bar_h
            if value is not None:
                w = max(value * scale, 0)
                label = _with_unit(format_number(vs[i], decimals), unit)
                svg.add(f'<rect x="{_n(left)}" y="{_n(by + 1)}" width="{_n(w)}" height="{_n(bar_h - 2)}" '
                        f'fill="{svg.fill(s)}" stroke="{INK}" stroke-width="0.4">'
                        f'<title>{escape(category)} · {escape(name)}: {escape(label)}</title></rect>')
                svg.text(left + w + 4, by + bar_h / 2 + FONT_SIZE / 2 - 2, label)
            else:
                svg.text(left + 4, by + bar_h / 2 + FONT_SIZE / 2 - 2, EMPTY, fill=MUTED)
        y += group_h + gap
    height = bottom + FONT_SIZE + 10
    legend = tuple((name, OKABE_ITO[s % len(OKABE_ITO)]) for s, (name, _v) in enumerate(series)) if multi else ()
    return Chart(title=title, svg=svg.render(height), table=table, width=width, height=int(math.ceil(height)),
                 description=description, legend=legend)


@_with_phone_drawing
def stacked_bar_chart(title, categories, series, *, category_header="", percent=False, colors=None,
                      description="", total_header=None, width=WIDTH):
    """One horizontal bar per category, split by series (counts); `percent` stretches every bar to
    100 % (shares), the labels still give the counts. `colors` may fix a colour per series."""
    categories = [str(c) for c in categories]
    series = _normalise_series(series)
    totals = [sum(_number(vs[i]) or 0 for _s, vs in series if i < len(vs)) for i in range(len(categories))]
    header = (category_header or _("Category"), *[name for name, _v in series], total_header or _("Total"))
    rows = tuple((c, *[format_number(vs[i] if i < len(vs) else None) for _s, vs in series], format_number(totals[i]))
                 for i, c in enumerate(categories))
    table = ChartTable(title, header, rows)
    if not categories or not any(totals):
        return _empty_chart(title, header, description)

    svg = _Svg(title, ("stacked", title, categories, series, percent, colors, width), description, width)
    y = svg.legend([name for name, _v in series], 4.0,
                   colours=[colors[s] if s < len(colors) else OKABE_ITO[s % len(OKABE_ITO)]
                            for s in range(len(series))] if colors else None)
    left = _label_column(categories, width)
    total_room = max(_text_width(format_number(t)) for t in totals) + 10
    right = width - (20 if percent else total_room)
    ticks = ([0, 50, 100] if width < WIDTH else [0, 25, 50, 75, 100]) if percent else _nice_ticks(
        max(totals), count=3 if width < WIDTH else 5, integer=True)
    bar_h, gap = 20, 8
    top = y + 2
    bottom = y + len(categories) * (bar_h + gap) - gap + 4
    if percent:
        _axis(svg, left, right, top, bottom, ticks, (right - left) / 100, lambda t: format_percent(t))
    else:
        _axis(svg, left, right, top, bottom, ticks, (right - left) / ticks[-1], _tick_format(ticks))
    for i, category in enumerate(categories):
        total = totals[i]
        scale = ((right - left) / total if total else 0) if percent else (right - left) / ticks[-1]
        svg.text(left - 8, y + bar_h / 2 + FONT_SIZE / 2 - 2, _fit(category, left - 10), anchor="end", full=category)
        x = left
        for s, (name, vs) in enumerate(series):
            value = _number(vs[i]) if i < len(vs) else None
            if not value:
                continue
            w = value * scale
            colour = colors[s] if colors and s < len(colors) else OKABE_ITO[s % len(OKABE_ITO)]
            fill = _pattern_fill(svg, s, colour) if colors else svg.fill(s)
            label = format_number(vs[i])
            share = f" ({format_percent(100 * value / total)})" if total else ""
            svg.add(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{bar_h}" fill="{fill}" stroke="#ffffff" '
                    f'stroke-width="1"><title>{escape(category)} · {escape(name)}: {escape(label)}{share}</title></rect>')
            if w >= _text_width(label) + 6:
                ink = _ink_on(colour)
                svg.add(f'<rect x="{_n(x + w / 2 - _text_width(label) / 2 - 2)}" y="{_n(y + 3)}" '
                        f'width="{_n(_text_width(label) + 4)}" height="{bar_h - 6}" fill="{colour}"/>')
                svg.text(x + w / 2, y + bar_h / 2 + FONT_SIZE / 2 - 2, label, anchor="middle", fill=ink)
            x += w
        if not percent:
            svg.text(x + 4, y + bar_h / 2 + FONT_SIZE / 2 - 2, format_number(total), weight="bold")
        y += bar_h + gap
    height = bottom + FONT_SIZE + 10
    legend = tuple((name, (colors[s] if colors and s < len(colors) else OKABE_ITO[s % len(OKABE_ITO)]))
                   for s, (name, _v) in enumerate(series))
    return Chart(title=title, svg=svg.render(height), table=table, width=width, height=int(math.ceil(height)),
                 description=description, legend=legend)


def _luminance(colour):
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _ink_on(colour):
    """Black or white, whichever contrasts more with `colour` (labels and pattern lines)."""
    light = _luminance(colour)
    return "#000000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#ffffff"


def _pattern_fill(svg, index, colour):
    """Like _Svg.fill, for a caller-chosen colour (its patterns a little lighter)."""
    return _pattern(svg, index, colour, key=(index, colour), suffix="q", opacity=(0.45, 0.5))


def _pattern(svg, index, colour, *, key, suffix, opacity):
    """`colour` for the first series of every six, else a pattern over it (defined once per `key`)."""
    kind = index % 6
    if kind == 0:
        return colour
    if key not in svg._patterns:
        pid = f"{svg.id}-{suffix}{index}"
        ink = _ink_on(colour)
        lines, dots = opacity
        shapes = {
            1: f'<path d="M0 0 L0 6" stroke="{ink}" stroke-width="1.6" stroke-opacity="{lines}"/>',
            2: f'<circle cx="3" cy="3" r="1.2" fill="{ink}" fill-opacity="{dots}"/>',
            3: f'<path d="M0 3 L6 3 M3 0 L3 6" stroke="{ink}" stroke-width="1" stroke-opacity="{lines}"/>',
            4: f'<path d="M0 3 L6 3" stroke="{ink}" stroke-width="1.6" stroke-opacity="{lines}"/>',
            5: f'<path d="M3 0 L3 6" stroke="{ink}" stroke-width="1.6" stroke-opacity="{lines}"/>',
        }[kind]
        rotate = ' patternTransform="rotate(45)"' if kind in (1, 3) else ""
        svg.defs.append(f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse"{rotate}>'
                        f'<rect width="6" height="6" fill="{colour}"/>{shapes}</pattern>')
        svg._patterns[key] = f"url(#{pid})"
    return svg._patterns[key]


@_with_phone_drawing
def line_chart(title, years, series, *, decimals=None, min_value=None, max_value=None, description="",
               category_header=None, width=WIDTH):
    """Values across years, one line per series, each with its own colour, dash and marker (the
    legend shows all three), its values written at the points."""
    years = [str(y) for y in years]
    series = _normalise_series(series)
    decimals = _decimals_for(series, decimals)
    header = (category_header or _("Year"), *[name for name, _v in series])
    rows = tuple((year, *[format_number(vs[i] if i < len(vs) else None, decimals) for _s, vs in series])
                 for i, year in enumerate(years))
    table = ChartTable(title, header, rows)
    values = [_number(v) for _s, vs in series for v in vs]
    if not years or all(v is None for v in values):
        return _empty_chart(title, header, description)

    svg = _Svg(title, ("line", title, years, series, min_value, max_value, width), description, width)
    y0 = svg.legend([name for name, _v in series], 4.0, line=True) if len(series) > 1 else 8.0
    present = [v for v in values if v is not None]
    low = min_value if min_value is not None else min(0, min(present))
    high = max_value if max_value is not None else max(present)
    ticks = _ticks_between(low, high)
    plot_top, plot_bottom = y0 + 10, y0 + 190
    left, right = 48, width - 24
    span = (ticks[-1] - ticks[0]) or 1

    def ypos(v):
        return plot_bottom - (v - ticks[0]) / span * (plot_bottom - plot_top)

    step = (right - left - 30) / max(len(years) - 1, 1)

    def xpos(i):
        return left + 15 + (i * step if len(years) > 1 else (right - left - 30) / 2)

    fmt = _tick_format(ticks)
    for tick in ticks:
        ty = ypos(tick)
        svg.add(f'<path d="M{left} {_n(ty)} L{right} {_n(ty)}" stroke="{GRID}" stroke-width="1"/>')
        svg.text(left - 6, ty + 4, fmt(tick), anchor="end", fill=MUTED)
    svg.add(f'<path d="M{left} {_n(plot_bottom)} L{right} {_n(plot_bottom)}" stroke="{INK}" stroke-width="1"/>')
    # Every year where they fit, else every second or third (the narrow drawing of a long series).
    every = max(1, math.ceil((_text_width("2026") + 6) / step)) if len(years) > 1 else 1
    for i, year in enumerate(years):
        if (len(years) - 1 - i) % every == 0:
            svg.text(xpos(i), plot_bottom + FONT_SIZE + 6, year, anchor="middle")
    labels = {}
    for s, (_name, vs) in enumerate(series):
        colour = OKABE_ITO[s % len(OKABE_ITO)]
        dash = DASHES[s % len(DASHES)]
        points = [(xpos(i), ypos(_number(v)), v) for i, v in enumerate(vs[:len(years)]) if _number(v) is not None]
        if len(points) > 1:
            d = " ".join(f"{'M' if k == 0 else 'L'}{_n(px)} {_n(py)}" for k, (px, py, _v) in enumerate(points))
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            svg.add(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        for px, py, v in points:
            svg.add(_marker(MARKERS[s % len(MARKERS)], px, py, colour))
            labels.setdefault(round(px, 1), []).append((py, format_number(v, decimals)))
    # Values beside their points, pushed apart where lines meet so that no label covers another.
    gap = FONT_SIZE + 1
    for px, items in labels.items():
        items.sort()
        placed = []
        for py, text in items:
            y = max(py + 4, placed[-1] + gap) if placed else py + 4
            placed.append(y)
            svg.text(px + 8, y, text)
    height = plot_bottom + FONT_SIZE + 14
    legend = tuple((name, OKABE_ITO[s % len(OKABE_ITO)]) for s, (name, _v) in enumerate(series)) if len(series) > 1 else ()
    return Chart(title=title, svg=svg.render(height), table=table, width=width, height=int(math.ceil(height)),
                 description=description, legend=legend)


def dimension_chart(dimension_indexes, *, title=None, comparison=None, series_name=None, description=""):
    """The six smart-city dimensions on the 1–5 scale. `dimension_indexes` is {dimension: index}
    as Evaluation.dimension_indexes stores it (strings or Decimals, None for no criterion);
    `comparison` adds series, e.g. {"Province average": {...}}."""
    from smartcity.dimensions import Dimension

    return _scale_chart(title or _("Index per dimension"), Dimension, dimension_indexes, comparison, series_name,
                        _("Dimension"), description)


def aspect_chart(aspect_indexes, *, title=None, comparison=None, series_name=None, description=""):
    """The five evaluation aspects on the 1–5 scale (Evaluation.aspect_indexes)."""
    from evaluations.models import Aspect

    return _scale_chart(title or _("Index per aspect"), Aspect, aspect_indexes, comparison, series_name,
                        _("Aspect"), description)


def _scale_chart(title, choices, indexes, comparison, series_name, header, description):
    indexes = indexes or {}
    series = [(series_name or _("Index"), [indexes.get(key) for key in choices.values])]
    for name, values in (comparison or {}).items():
        series.append((str(name), [(values or {}).get(key) for key in choices.values]))
    return bar_chart(title, [str(label) for label in choices.labels], series, category_header=header,
                     decimals=2, max_value=5, description=description, axis_decimals=0)


def distribution_chart(predikat_counts, *, title=None, order=None, description="", category=None, width=WIDTH):
    """Final evaluations per predikat, best first: {predikat: count}. `order` defaults to the
    SPBE predikat (Memuaskan … Kurang); predikat outside it follow in the given order. `category` names
    the groups when they are not predikat (index bands)."""
    if order is None:
        from evaluations.models import default_predikat_thresholds

        order = [t["label"] for t in default_predikat_thresholds()]
    counts = dict(predikat_counts or {})
    labels = [label for label in order] + [label for label in counts if label not in order]
    values = [counts.get(label, 0) for label in labels]
    total = sum(values)
    title = title or _("Evaluations per predikat")
    category = category or _("Predikat")
    header = (category, _("Regions"), _("Share"))
    rows = tuple((label, format_number(v), format_percent(100 * v / total if total else None, 1))
                 for label, v in zip(labels, values, strict=True))
    if not total:
        return _empty_chart(title, header, description)
    chart = bar_chart(title, labels, [(_("Regions"), values)], category_header=category, decimals=0,
                      description=description, width=width)
    return Chart(title=chart.title, svg=chart.svg, table=ChartTable(title, header, rows), width=width,
                 height=chart.height, description=description, narrow=chart.narrow)


def _with_unit(text, unit):
    return f"{text}{unit}" if unit and text != EMPTY else text


def _ticks_to(top, count=5):
    """Ticks from 0 to exactly `top` (a fixed scale such as 1–5)."""
    top = float(top)
    if top <= 10 and top == int(top):
        return list(range(int(top) + 1))
    return [round(top * i / count, 10) for i in range(count + 1)]


def _ticks_between(low, high):
    low, high = float(low), float(high)
    if high <= low:
        high = low + 1
    ticks = _nice_ticks(high - low)
    step = ticks[1] - ticks[0]
    start = math.floor(low / step) * step
    out = [round(start + i * step, 10) for i in range(len(ticks) + 2)]
    return [t for t in out if t <= high + step - 1e-9][: len(ticks) + 1]


def _tick_format(ticks):
    decimals = 0 if all(float(t).is_integer() for t in ticks) else 1
    return lambda t: format_number(Decimal(str(t)), decimals)


# ---------------------------------------------------------------------------------------------
# Sequential blues (ColorBrewer "Blues"): one hue, light to dark, readable with every colour-vision deficiency.
SEQUENTIAL = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
