"""Report charts drawn on the server as SVG by pygal, from a report's visible figures only.

Each chart goes into the page (and the PDF) as an image with a text alternative; the table
beside it carries the same figures. Drawn as an image, the SVG brings no script and needs no
inline styles on the page, so the Content Security Policy stays strict.
"""

import base64
import math

import pygal
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1d1d1b",
    foreground_strong="#1d1d1b",
    foreground_subtle="#6f777b",
    colors=("#1d70b8", "#b58840", "#00703c", "#d4351c"),
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    title_font_size=16,
    legend_font_size=13,
    value_font_size=12,
)


def chart_svg(chart: dict) -> str:
    """The SVG text of one chart described by `reports._chart`."""
    options = {
        "style": STYLE,
        "js": [],
        "width": 640,
        "height": 320 if chart["kind"] != "hbar" else 40 + 36 * len(chart["labels"]),
        # The title is the figure's caption on the page, so the chart does not repeat it.
        "show_legend": "compare" in chart,
        "legend_at_bottom": True,
        "print_values": chart["kind"] != "line",
        "print_zeroes": True,
        "margin": 12,
        # No dotted guide lines: they cost more to draw in the PDF than they help to read.
        "show_x_guides": False,
        "show_y_guides": False,
        "truncate_label": -1,
        "x_label_rotation": 0 if chart["kind"] == "hbar" or len(chart["labels"]) < 4 else 25,
    }
    shown = [v for v in chart["values"] + chart.get("compare", []) if v is not None]
    if shown and all(float(v).is_integer() for v in shown):
        # Counts: whole-number gridlines only, never 0.2 of a session.
        step = max(1, math.ceil(max(shown) / 8))
        options["y_labels"] = list(range(0, int(max(shown)) + step, step))
    kind = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar, "line": pygal.Line}[chart["kind"]]
    drawing = kind(**options)
    drawing.x_labels = chart["labels"]
    values = chart["values"]
    if chart["kind"] == "hbar":
        # A horizontal chart draws its first value at the bottom: reverse to read top down.
        drawing.x_labels = list(reversed(chart["labels"]))
        values = list(reversed(values))
    drawing.add("Members (%)" if "compare" in chart else "Number", values)
    if "compare" in chart:
        compare = chart["compare"]
        drawing.add(
            "Community (%)", list(reversed(compare)) if chart["kind"] == "hbar" else compare
        )
    return drawing.render(is_unicode=True)


def chart_data_uri(chart: dict) -> str:
    svg = chart_svg(chart).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
