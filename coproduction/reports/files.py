"""A progress report's figures as a printable PDF (WeasyPrint) and as CSV."""

import csv
import io
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from coproduction.pdf import render_pdf
from coproduction.reports.charts import chart_data_uri
from coproduction.spreadsheets import safe_cell


def report_context(report) -> dict:
    """What the report's page and PDF show: the stored figures, with each chart drawn."""
    figures = report.figures
    sections = [
        {
            **section,
            "charts": [
                {**chart, "src": chart_data_uri(chart)} for chart in section.get("charts", [])
            ],
        }
        for section in figures.get("sections", [])
    ]
    return {
        "report": report,
        "figures": figures,
        "sections": sections,
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
