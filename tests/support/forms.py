from datetime import date


def date_fields(name: str, day: date) -> dict[str, str]:
    """A date as the day, month and year boxes post it."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def post_names(fields: dict) -> list[str]:
    """The names a form's fields post (a multi-box date posts name_0, name_1, ...), plus one
    the form does not expect."""
    from django.forms import MultiWidget

    names = []
    for name, field in fields.items():
        if field is not None and isinstance(field.widget, MultiWidget):
            names += [f"{name}_{i}" for i in range(len(field.widget.widgets))]
        else:
            names.append(name)
    return [*names, "unexpected"]
