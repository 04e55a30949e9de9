"""A progress report's figures as a printable PDF (WeasyPrint) and as CSV."""

import csv
import io
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from coproduction.pdf import render_pdf
from coproduction.reports.charts import chart_data_uri, chart_size, drawable
from coproduction.spreadsheets import safe_cell


def _drawn(chart: dict | None) -> dict | None:
    """The chart with its picture and size, or None when it has nothing to draw."""
    if not chart or not drawable(chart):
        return None
    width, height = chart_size(chart)
    return {**chart, "src": chart_data_uri(chart), "width": width, "height": height}


def _section(section: dict) -> dict:
    """A section's tables, each with the chart of the same figures drawn beside it, so the
    two share the table's one caption. A chart naming no table (reports made before charts
    named theirs) comes first, on its own."""
    charts = [drawn for chart in section.get("charts", []) if (drawn := _drawn(chart))]
    tables = [
        {
            **table,
            "chart": next((c for c in charts if c.get("table") == table["id"]), None),
            # A caption saying what the section's heading says is left out: the heading
            # names the table.
            "captioned": table["caption"].lower() != section["title"].lower(),
        }
        for table in section["tables"]
    ]
    paired = {table["id"] for table in tables}
    return {
        **section,
        "tables": tables,
        "charts": [chart for chart in charts if chart.get("table") not in paired],
    }


def report_context(report) -> dict:
    """What the report's page and PDF show: the stored figures, with each chart drawn."""
    figures = report.figures
    return {
        "report": report,
        "figures": figures,
        "summary": [
            {**card, "chart": _drawn(card.get("chart"))} for card in figures.get("summary", [])
        ],
        "sections": [_section(section) for section in figures.get("sections", [])],
        "period_start": report.period_start,
        "period_end": report.period_end,
        "made_on": date.fromisoformat(figures["made_on"])
        if "made_on" in figures
        else report.created_at.date(),
    }


def report_pdf(report) -> bytes:
    html = render_to_string("coproduction/report_print.html", report_context(report))
    return render_pdf(html, base_url=str(settings.BASE_DIR))


def report_csv(figures: dict) -> str:
    """Every figure as a row: section, table, row, column, value (as shown in the report)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Section", "Table", "Row", "Column", "Value"])
    for section in figures["sections"]:
        for table in section["tables"]:
            columns = table["columns"]
            for row in table["rows"]:
                for column, value in zip(columns[1:], row[1:], strict=False):
                    writer.writerow(
                        [
                            safe_cell(section["title"]),
                            safe_cell(table["caption"]),
                            safe_cell(row[0]),
                            safe_cell(column),
                            safe_cell(value),
                        ]
                    )
    return out.getvalue()
