"""The register: who came to a session."""

from dataclasses import dataclass
from typing import Any

from django import forms

from coproduction.forms import (
    PlainLabelsMixin,
)
from sessions_app.models import (
    SessionInvite,
)


@dataclass(frozen=True)
class RegisterRow:
    """One person's line in the register: who, what they said, and what is marked now."""

    invite: SessionInvite
    field_name: str
    marked: str  # an Attendance value, or "" where nothing is recorded yet
    errors: list[str]

    @property
    def said(self) -> str:
        return SAID[self.invite.response]


SAID: dict[str, str] = {
    SessionInvite.Response.YES: "said yes",
    SessionInvite.Response.MAYBE: "said maybe",
    SessionInvite.Response.NO: "said no",
    SessionInvite.Response.PENDING: "did not answer",
}


class AttendanceForm(PlainLabelsMixin, forms.Form):
    """The register: came, did not come or sent apologies, one row per person. A person
    left unmarked keeps what was recorded before (nothing, at first)."""

    MARKS = [
        (value, label)
        for value, label in SessionInvite.Attendance.choices
        if value != SessionInvite.Attendance.UNKNOWN
    ]

    def __init__(self, *args: Any, invites: list[SessionInvite], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invites = invites
        for invite in invites:
            self.fields[f"invite_{invite.pk}"] = forms.ChoiceField(
                label=invite.membership.user.shown_name,
                choices=self.MARKS,
                required=False,
                initial=invite.attendance,
                widget=forms.RadioSelect,
            )

    def rows(self) -> list[RegisterRow]:
        """The register drawn in one template, not a widget per person (30 people is 90
        radio buttons)."""
        rows = []
        for invite in self.invites:
            name = f"invite_{invite.pk}"
            marked = self[name].value() or ""
            if marked == SessionInvite.Attendance.UNKNOWN:
                marked = ""
            errors = [str(e) for e in self.errors.get(name, [])] if self.is_bound else []
            rows.append(RegisterRow(invite, name, str(marked), errors))
        return rows

    def attendance(self) -> dict[int, str]:
        return {
            invite.pk: self.cleaned_data[f"invite_{invite.pk}"]
            for invite in self.invites
            if self.cleaned_data[f"invite_{invite.pk}"]
        }
