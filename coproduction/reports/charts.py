"""Report charts drawn on the server as SVG by pygal, from a report's visible figures only.

Each chart goes into the page (and the PDF) as an image with a text alternative; the table
beside it carries the same figures. Drawn as an image, the SVG brings no script and needs no
inline styles on the page, so the Content Security Policy stays strict.
"""

import base64
import math

import pygal
from pygal.style import Style


def _style(size: int) -> Style:
    """Text `size` pixels high in an SVG drawn about as wide as it is shown in the PDF."""
    return Style(
        background="white",
        plot_background="white",
        foreground="#0b0c0c",
        foreground_strong="#0b0c0c",
        foreground_subtle="#505a5f",
        # Light enough for black figures on the bars (at least 6:1), dark enough against
        # white (at least 3:1).
        colors=("#5694ca", "#b58840"),
        font_family="DejaVu Sans, Arial, sans-serif",
        label_font_size=size,
        major_label_font_size=size,
        title_font_size=size + 2,
        legend_font_size=size,
        value_font_size=size,
        # No dotted guide lines: they cost more to draw in the PDF than they help to read.
        guide_stroke_color="none",
        major_guide_stroke_color="none",
    )


STYLE, SMALL_STYLE = _style(15), _style(17)
# Pixel sizes. A chart beside its table is shown about 76 mm wide in the PDF, a key figure's
# chart about 84 mm: drawn at these widths, their text prints at about 9.5 points. A wide
# chart, below its table, is drawn wider for its long labels and shown wider, at 11 points.
WIDTH = {"normal": 340, "small": 420}
BAR_HEIGHT = {"normal": 220, "small": 170}
LABEL_PIXELS = 8.5  # a label's width per letter, about
MOST_X_LABELS = 6


def chart_size(chart: dict) -> tuple[int, int]:
    """The width and height the chart is drawn at, for the page's `width` and `height`."""
    size = chart.get("size", "normal")
    legend = 30 if "compare" in chart else 0
    if chart["kind"] == "hbar":
        legend *= 2
        width = WIDTH[size]
        if chart.get("wide"):
            longest = max((len(label) for label in chart["labels"]), default=0)
            width = max(width, round(300 + LABEL_PIXELS * longest))
        return width, 28 + 32 * len(chart["labels"]) + legend
    return WIDTH[size], BAR_HEIGHT[size] + legend


def _step(top: float, most: int) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving at most `most` gridlines."""
    raw = max(top, 1) / most
    power = 10 ** math.floor(math.log10(raw))
    return next(n * power for n in (1, 2, 5, 10) if n * power >= raw)


def drawable(chart: dict) -> bool:
    """Whether the chart has anything to draw: not every value hidden, or nothing but zeros."""
    return any(v for v in chart["values"] + chart.get("compare", []) if v is not None)


def chart_svg(chart: dict) -> str:
    """The SVG text of one chart described by `figures.common.chart`."""
    width, height = chart_size(chart)
    count = len(chart["labels"])
    options = {
        "style": SMALL_STYLE if chart.get("size") == "small" else STYLE,
        "js": [],
        "width": width,
        "height": height,
        # The table's caption (or the key figure's heading) names the chart: no title here.
        "show_legend": "compare" in chart,
        "legend_at_bottom": True,
        # Side by side, a long chart's legend entries overlap: one a line instead.
        "legend_at_bottom_columns": 1 if chart["kind"] == "hbar" else 2,
        "print_values": chart["kind"] != "line" and count <= MOST_X_LABELS * 2,
        "print_zeroes": True,
        "margin": 8,
        "margin_right": 24,  # room for the last month's label
        "show_x_guides": False,
        "show_y_guides": False,
        "truncate_label": -1,
        "truncate_legend": -1,
        "x_label_rotation": 0,
    }
    if chart["kind"] != "hbar" and count > MOST_X_LABELS:
        # Every month labelled would overlap: label every second or third one.
        options["x_labels_major_every"] = math.ceil(count / MOST_X_LABELS)
        options["show_minor_x_labels"] = False
    shown = [v for v in chart["values"] + chart.get("compare", []) if v is not None]
    if chart.get("unit") == "%":
        options["range"] = (0, 100)
        options["y_labels"] = [0, 50, 100]
        options["value_formatter"] = lambda value: f"{value:g}%"
    elif shown:
        # Few gridlines, at round numbers; whole numbers only for counts (never 0.2 of a
        # session).
        top = float(max(shown))
        step = _step(top, 4 if chart.get("size") == "small" or chart["kind"] == "hbar" else 6)
        if all(float(v).is_integer() for v in shown):
            step = max(1, math.ceil(step))
        options["y_labels"] = [n * step for n in range(math.ceil(top / step) + 1)]
        options["value_formatter"] = lambda value: f"{value:g}"
    kind = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar, "line": pygal.Line}[chart["kind"]]
    drawing = kind(**options)
    drawing.x_labels = chart["labels"]
    values = chart["values"]
    compare = chart.get("compare")
    if chart["kind"] == "hbar":
        # A horizontal chart draws its first value at the bottom: reverse to read top down.
        drawing.x_labels = list(reversed(chart["labels"]))
        values = list(reversed(values))
        compare = list(reversed(compare)) if compare is not None else None
    names = chart.get("names") or (
        ["Members (%)", "Community (%)"] if compare is not None else ["Number"]
    )
    drawing.add(names[0], values)
    if compare is not None:
        drawing.add(names[1], compare)
    return drawing.render(is_unicode=True)


def chart_data_uri(chart: dict) -> str:
    svg = chart_svg(chart).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
