from datetime import date, time

import pytest

from coproduction.widgets import DateField, TimeField
from members.forms import StepAwayForm


def test_a_date_typed_into_three_boxes_is_read_and_shown_again_as_typed():
    form = StepAwayForm(data={"return_on_0": "7", "return_on_1": "3", "return_on_2": "2031"})
    assert form.is_valid() and form.cleaned_data["return_on"] == date(2031, 3, 7)
    html = str(form["return_on"])
    assert 'value="7"' in html and 'value="3"' in html and 'value="2031"' in html


def test_an_impossible_date_keeps_what_was_typed_and_says_what_to_do():
    form = StepAwayForm(data={"return_on_0": "31", "return_on_1": "2", "return_on_2": "2031"})
    assert not form.is_valid()
    assert "Enter a real date" in form.errors["return_on"][0]
    assert 'value="31"' in str(form["return_on"])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("6pm", time(18)),
        ("6:30 pm", time(18, 30)),
        ("18:30", time(18, 30)),
        ("9.15am", time(9, 15)),
        ("09:00:00", time(9)),
    ],
)
def test_times_are_read_as_people_write_them(typed, expected):
    assert TimeField().clean(typed) == expected


def test_an_empty_optional_date_is_none():
    assert DateField(required=False).clean("") is None


def test_tick_boxes_draw_what_djangos_do():
    import re

    from django import forms

    from coproduction.widgets import TickBoxes

    choices = [(1, "Asha (Member)"), (2, "Ben & Co <Staff>"), (3, "Cal")]

    def drawn(widget_class) -> str:
        widget = widget_class(choices=choices, attrs={"class": "people"})
        html = widget.render("people", [2, 3], attrs={"id": "id_people"})
        # As a browser reads it: a run of spaces and newlines is one space.
        return re.sub(r"\s+", " ", html.strip()).replace("> <", "><")

    ours = drawn(TickBoxes)
    assert ours == drawn(forms.CheckboxSelectMultiple)
    assert 'value="2" class="people" id="id_people_1" checked>' in ours
    assert "Ben &amp; Co &lt;Staff&gt;" in ours
