"""Cells of the CSV files people open in a spreadsheet (payment batches, report figures)."""


def safe_cell(value: object) -> str:
    """Spreadsheets run cells that start with = + - @: make them text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
