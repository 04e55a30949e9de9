"""The sessions app's forms, a module per part: planning (finding a time, sessions, briefs,
agenda items, changes, venues), attendance (the register), polls and tasks."""

from sessions_app.forms.attendance import SAID, AttendanceForm, RegisterRow
from sessions_app.forms.planning import (
    DURATIONS,
    HOURS,
    AgendaItemForm,
    BriefForm,
    FindTimeForm,
    InviteesMixin,
    PersonChoiceField,
    PreparationTimeMixin,
    SessionChangeForm,
    SessionForm,
    VenueForm,
)
from sessions_app.forms.polls import PollAnswerForm, option_label
from sessions_app.forms.tasks import RecordedTaskAnswerForm, ShortTaskForm, TaskAnswerForm

__all__ = [
    "DURATIONS",
    "HOURS",
    "SAID",
    "AgendaItemForm",
    "AttendanceForm",
    "BriefForm",
    "FindTimeForm",
    "InviteesMixin",
    "PersonChoiceField",
    "PollAnswerForm",
    "PreparationTimeMixin",
    "RecordedTaskAnswerForm",
    "RegisterRow",
    "SessionChangeForm",
    "SessionForm",
    "ShortTaskForm",
    "TaskAnswerForm",
    "VenueForm",
    "option_label",
]
