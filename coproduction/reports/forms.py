from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms

from coproduction.forms import PlainLabelsMixin
from coproduction.widgets import DateField


class ReportForm(PlainLabelsMixin, forms.Form):
    """The period a progress report covers: the last full quarter, the last 12 months, or
    any dates up to today."""

    LAST_QUARTER, LAST_YEAR, DATES = "last_quarter", "last_12_months", "dates"
    EARLIEST = date(2000, 1, 1)

    period = forms.ChoiceField(
        label="Which period should the report cover?",
        widget=forms.RadioSelect,
        choices=[
            (LAST_QUARTER, "The last full quarter"),
            (LAST_YEAR, "The last 12 months"),
            (DATES, "Dates I choose"),
        ],
        initial=LAST_QUARTER,
    )
    start = DateField(label="From", required=False, help_text="For example 1 4 2026.")
    end = DateField(label="To (included)", required=False, help_text="For example 30 6 2026.")

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what super().clean() gives back, typed as such
        period = data.get("period")
        if period != self.DATES:
            for name in ("start", "end"):  # dates typed, then another period chosen
                self.errors.pop(name, None)
        if period == self.LAST_QUARTER:
            first_this_quarter = date(self.today.year, 3 * ((self.today.month - 1) // 3) + 1, 1)
            last_day = first_this_quarter - timedelta(days=1)
            data["start"], data["end"] = date(last_day.year, last_day.month - 2, 1), last_day
        elif period == self.LAST_YEAR:
            data["start"] = self.today - relativedelta(years=1) + timedelta(days=1)
            data["end"] = self.today
        elif period == self.DATES:
            start, end = data.get("start"), data.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", "Give the first day the report should cover.")
            if end is None and "end" not in self.errors:
                self.add_error("end", "Give the last day the report should cover.")
            if start and start < self.EARLIEST:
                self.add_error("start", "Choose a day in the year 2000 or later.")
            if end and end > self.today:
                self.add_error("end", "The report can only cover days up to today.")
            if start and end and end < start:
                self.add_error("end", "The last day must be on or after the first day.")
            if start and end and (end - start).days > 366 * 5:
                self.add_error("end", "A report can cover at most five years.")
        return data
