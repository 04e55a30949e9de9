"""What every section of the report uses: its tables, charts and numbers as shown."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from coproduction.models import Membership
from coproduction.reports.suppression import is_hidden
from payments.money import pounds

Role = Membership.Role
Status = Membership.Status


def table(
    table_id: str, caption: str, columns: list[str], rows: list[list], note: str = ""
) -> dict:
    return {
        "id": table_id,
        "caption": caption,
        "columns": columns,
        "rows": [[str(cell) for cell in row] for row in rows],
        "note": note,
    }


def chart(
    kind: str,
    title: str,
    labels: list[str],
    values: list,
    alt: str,
    *,
    table: str = "",
    wide: bool = False,
) -> dict:
    """A chart of visible values only: a hidden cell is drawn as a gap, never as a number.

    `table` is the id of the table that gives the same figures: the chart is drawn beside
    it, under the table's one caption, or below it when `wide`.
    """
    return {
        "kind": kind,
        "title": title,
        "labels": labels,
        "values": values,
        "alt": alt,
        "table": table,
        "wide": wide,
    }


def visible(display: str) -> float | None:
    return None if is_hidden(display) else float(display)


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def months_between(start: date, end: date) -> list[date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def month_key(value) -> date:
    return value.date().replace(day=1) if isinstance(value, datetime) else value.replace(day=1)


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "none"


def money_text(value) -> str:

    return pounds(value or Decimal("0"))
