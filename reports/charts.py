"""Server-side SVG charts of the reports: horizontal bars, labelled with localised figures.

Small and self-contained until the portal's one chart module (smartcity/charts.py) lands in main;
the reports then draw through it. The SVG is inline in the report's HTML (WeasyPrint renders it),
so no file and no URL is ever fetched for a chart.
"""
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#1d4e89", "#2a7ab0", "#3f9ccf", "#6bb8de", "#f2a541", "#d9534f", "#5cb85c", "#7d5ba6"]


# Presentation attributes, not CSS: WeasyPrint styles SVG through its attributes.
TEXT_STYLE = {
    "label": 'font-size="9" fill="#1f2933"',
    "value": 'font-size="9" font-weight="bold" fill="#13365e"',
    "tick": 'font-size="8" fill="#6b7785"',
}


def _text(x, y, content, anchor="start", cls="label"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-family="DejaVu Sans" {TEXT_STYLE[cls]}>'
            f'{escape(content)}</text>')


def bar_chart(rows, maximum=None, decimals=2, title="", label_width=150, width=460, bar_height=16, gap=7,
              colour=PALETTE[0], ticks=None):
    """rows: [(label, value or None)]. A missing value is drawn as "—". `maximum` fixes the scale
    (5 for an index); otherwise the largest value. `ticks`: values to draw grid lines at."""
    rows = list(rows)
    values = [Decimal(v) for _label, v in rows if v is not None]
    top = Decimal(maximum) if maximum is not None else (max(values) if values else Decimal(1)) or Decimal(1)
    plot_left, plot_right = label_width, width - 48
    span = plot_right - plot_left
    height = len(rows) * (bar_height + gap) + gap + 18
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img">']
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for tick in ticks or ():
        x = plot_left + float(Decimal(tick) / top) * span
        parts.append(f'<line x1="{x:.1f}" y1="{gap - 2}" x2="{x:.1f}" y2="{height - 16}" stroke="#d5dde5" stroke-width="0.6"/>')
        parts.append(_text(x, height - 4, number_format(tick, 0), "middle", "tick"))
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        parts.append(_text(plot_left - 6, y + bar_height * 0.72, str(label), "end"))
        if value is None:
            parts.append(_text(plot_left + 4, y + bar_height * 0.72, "—", "start", "value"))
            continue
        w = max(1.0, float(Decimal(value) / top) * span)
        fill = colour[i % len(colour)] if isinstance(colour, list | tuple) else colour
        parts.append(f'<rect x="{plot_left}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{fill}" rx="2"/>')
        parts.append(_text(plot_left + w + 4, y + bar_height * 0.72, number_format(value, decimals), "start", "value"))
    parts.append("</svg>")
    return mark_safe("".join(parts))
