from datetime import date


def date_fields(name: str, day: date) -> dict[str, str]:
    """A date as the day, month and year boxes post it."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
