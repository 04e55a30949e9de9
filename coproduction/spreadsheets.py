"""The CSV files people open in a spreadsheet (payment batches, report figures)."""

from django.http import HttpResponse

# Excel on Windows reads a CSV file as the local code page unless it starts with this mark,
# and so garbles accented and Welsh names (Siân, Dafydd ap Llŷr).
BYTE_ORDER_MARK = "\ufeff"


def csv_response(filename: str, *, for_spreadsheets: bool = True) -> HttpResponse:
    """An empty CSV download to write rows into; one meant for people to open in a
    spreadsheet starts with the byte-order mark, one for a machine (a bank) does not."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if for_spreadsheets:
        response.write(BYTE_ORDER_MARK)
    return response


def safe_cell(value: object) -> str:
    """Spreadsheets run cells that start with = + - @: make them text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
