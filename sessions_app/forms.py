from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduction.forms import (
    MemberChoiceField,
    PhotoFieldsMixin,
    PlainLabelsMixin,
    choice_field,
    model_choice_field,
    people_of,
)
from coproduction.models import Collaboration, Membership, WorkArea
from coproduction.permissions import STAFF_LIKE_ROLES
from coproduction.widgets import DateField, TickBoxes, TimeField
from members.availability_instants import time_text
from sessions_app.models import (
    AgendaItem,
    LadderRung,
    PollAnswer,
    Session,
    SessionInvite,
    ShortTask,
    TaskAnswer,
    Venue,
)

DURATIONS = [
    (30, "30 minutes"),
    (45, "45 minutes"),
    (60, "1 hour"),
    (90, "1 hour 30 minutes"),
    (120, "2 hours"),
    (180, "3 hours"),
]
HOURS = [(h, f"{h % 12 or 12}{'am' if h < 12 else 'pm'}") for h in range(7, 23)]


def _people(collaboration: Collaboration):
    """The people who can still take part, by name."""
    return people_of(collaboration).exclude(status=Membership.Status.ALUMNI)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, membership: Membership) -> str:
        role = (
            ""
            if membership.role == Membership.Role.MEMBER
            else f" ({membership.get_role_display()})"
        )
        away = " - stepped away" if membership.status == Membership.Status.STEPPED_AWAY else ""
        return f"{membership.user.shown_name}{role}{away}"


class InviteesMixin:
    """Who to invite: everyone in a work area, and/or people chosen one by one."""

    # What the form this is mixed into has.
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def _setup_invitees(self, collaboration: Collaboration) -> None:
        self.collaboration = collaboration
        model_choice_field(self.fields, "work_area").queryset = collaboration.work_areas.all()
        model_choice_field(self.fields, "people").queryset = _people(collaboration)

    def invitees(self) -> list[Membership]:
        chosen = {m.pk: m for m in self.cleaned_data.get("people") or []}
        area = self.cleaned_data.get("work_area")
        if area is not None:
            for membership in area.memberships.exclude(
                status=Membership.Status.ALUMNI
            ).select_related("user"):
                chosen.setdefault(membership.pk, membership)
        return list(chosen.values())

    def _check_someone_invited(self, cleaned: dict[str, Any]) -> None:
        if not cleaned.get("work_area") and not cleaned.get("people"):
            raise ValidationError("Choose a work area or some people to invite.")


class FindTimeForm(InviteesMixin, PlainLabelsMixin, forms.Form):
    # Quoted: Django's class takes no [] when the code runs.
    work_area: "forms.ModelChoiceField[WorkArea]" = forms.ModelChoiceField(
        label="Invite a work area", queryset=None, required=False, empty_label="No work area"
    )
    people = PersonChoiceField(
        label="Invite these people too",
        queryset=None,
        required=False,
        widget=TickBoxes,
    )
    first_day = DateField(label="From")
    last_day = DateField(label="To")
    duration = forms.TypedChoiceField(label="How long?", choices=DURATIONS, coerce=int, initial=90)
    earliest = forms.TypedChoiceField(label="Not before", choices=HOURS, coerce=int, initial=9)
    latest = forms.TypedChoiceField(label="Finished by", choices=HOURS, coerce=int, initial=21)

    def __init__(self, *args, collaboration: Collaboration, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_invitees(collaboration)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        self._check_someone_invited(cleaned)
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", "The last day must be on or after the first day.")
            elif (last - first).days > 7 * 16:
                self.add_error("last_day", "Look at no more than 16 weeks at a time.")
            if first < timezone.localdate():
                self.add_error("first_day", "Choose today or a later day.")
        earliest, latest = cleaned.get("earliest"), cleaned.get("latest")
        if earliest is not None and latest is not None and latest <= earliest:
            self.add_error("latest", "This must be later than 'Not before'.")
        return cleaned


class PreparationTimeMixin:
    """Paid preparation time: optional, empty means none."""

    # What the form this is mixed into has.
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preparation_minutes"].required = False
        self.fields["preparation_minutes"].widget.attrs.update(max=600, inputmode="numeric")

    def clean_preparation_minutes(self):
        return self.cleaned_data.get("preparation_minutes") or 0


class SessionForm(PreparationTimeMixin, InviteesMixin, PlainLabelsMixin, forms.ModelForm):
    day = DateField(label="Date")
    start = TimeField(label="Start time", help_text="For example 6pm or 18:00.")
    duration = forms.TypedChoiceField(label="How long?", choices=DURATIONS, coerce=int, initial=90)
    people = PersonChoiceField(
        label="Invite these people",
        queryset=None,
        required=False,
        widget=TickBoxes,
    )
    facilitators = PersonChoiceField(
        label="Facilitators", queryset=None, required=False, widget=TickBoxes
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "kind",
            "mode",
            "work_area",
            "venue",
            "video_link",
            "phone_details",
            "chair",
            "preparation_minutes",
        ]
        field_classes = {"chair": MemberChoiceField}
        widgets = {"kind": forms.RadioSelect, "mode": forms.RadioSelect}
        labels = {
            "title": "Name of the session",
            "kind": "What kind of session?",
            "mode": "How will people take part?",
            "work_area": "Invite a work area",
            "venue": "Where?",
            "video_link": "Video call link",
            "chair": "Chair (a member can chair)",
        }

    def __init__(self, *args, collaboration: Collaboration, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_invitees(collaboration)
        choice_field(self.fields, "kind").choices = Session.Kind.choices
        choice_field(self.fields, "mode").choices = Session.Mode.choices
        venue = model_choice_field(self.fields, "venue")
        venue.queryset = Venue.objects.filter(collaboration=collaboration)
        venue.empty_label = "No venue (online or by phone)"
        model_choice_field(self.fields, "work_area").empty_label = "No work area"
        chair = model_choice_field(self.fields, "chair")
        chair.empty_label = "No chair yet"
        chair.queryset = _people(collaboration)

        model_choice_field(self.fields, "facilitators").queryset = _people(collaboration).filter(
            role__in=STAFF_LIKE_ROLES
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        self._check_someone_invited(cleaned)
        if not cleaned.get("facilitators"):
            self.add_error("facilitators", "Choose at least one facilitator.")
        mode = cleaned.get("mode")
        if mode in (Session.Mode.IN_PERSON, Session.Mode.HYBRID) and not cleaned.get("venue"):
            self.add_error("venue", "Choose where the session happens.")
        if mode in (Session.Mode.VIDEO, Session.Mode.HYBRID) and not cleaned.get("video_link"):
            self.add_error("video_link", "Add the video call link.")
        if mode == Session.Mode.PHONE and not cleaned.get("phone_details"):
            self.add_error("phone_details", "Say how people join by phone.")
        day, start, duration = cleaned.get("day"), cleaned.get("start"), cleaned.get("duration")
        if day and start and duration:
            tz = ZoneInfo(settings.TIME_ZONE)
            starts_at = datetime.combine(day, start, tz)
            if starts_at < timezone.now():
                self.add_error("day", "Choose a time in the future.")
            cleaned["starts_at"] = starts_at
            cleaned["ends_at"] = starts_at + timedelta(minutes=duration)
            cleaned["time_zone"] = settings.TIME_ZONE
        return cleaned


class BriefForm(PlainLabelsMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["brief_summary", "brief_details", "brief_questions", "brief_easy_read", "status"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields[:4]}


class AgendaItemForm(PlainLabelsMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description"]
        labels = {
            "title": "What should we talk about?",
            "description": "Anything to add (optional)",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


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


class PollAnswerForm(PlainLabelsMixin, forms.Form):
    def __init__(self, *args, options, existing: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(options)
        for option in self.options:
            self.fields[f"option_{option.pk}"] = forms.ChoiceField(
                label=option_label(option),
                choices=PollAnswer.Answer.choices,
                initial=existing.get(option.pk),
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, str]:
        return {option.pk: self.cleaned_data[f"option_{option.pk}"] for option in self.options}


def option_label(option) -> str:
    local = timezone.localtime(option.starts_at)
    end = timezone.localtime(option.ends_at)
    return f"{local:%A %-d %B}, {time_text(local.time())} to {time_text(end.time())}"


class SessionChangeForm(PreparationTimeMixin, PlainLabelsMixin, forms.ModelForm):
    """Changing the time, place or status of a planned session."""

    day = DateField(label="Date")
    start = TimeField(label="Start time", help_text="For example 6pm or 18:00.")
    duration = forms.TypedChoiceField(label="How long?", choices=DURATIONS, coerce=int)

    class Meta:
        model = Session
        fields = [
            "title",
            "mode",
            "venue",
            "video_link",
            "phone_details",
            "chair",
            "status",
            "preparation_minutes",
            "ladder_rung",
            "lundy_space",
            "lundy_voice",
            "lundy_audience",
            "lundy_influence",
        ]
        field_classes = {"chair": MemberChoiceField}
        widgets = {
            "mode": forms.RadioSelect,
            "status": forms.RadioSelect,
            "ladder_rung": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in ("lundy_space", "lundy_voice", "lundy_audience", "lundy_influence")
            },
        }
        labels = {
            "title": "Name of the session",
            "venue": "Where?",
            "video_link": "Video call link",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        session = self.instance
        local = timezone.localtime(session.starts_at, ZoneInfo(session.time_zone))
        self.initial.update(day=local.date(), start=local.time(), duration=session.duration_minutes)
        if session.duration_minutes not in dict(DURATIONS):
            choice_field(self.fields, "duration").choices = [
                *DURATIONS,
                (session.duration_minutes, f"{session.duration_minutes} minutes"),
            ]
        choice_field(self.fields, "mode").choices = Session.Mode.choices
        choice_field(self.fields, "status").choices = Session.Status.choices
        venue = model_choice_field(self.fields, "venue")
        venue.queryset = Venue.objects.filter(collaboration=session.collaboration)
        venue.empty_label = "No venue (online or by phone)"
        chair = model_choice_field(self.fields, "chair")
        chair.queryset = _people(session.collaboration)
        chair.empty_label = "No chair yet"
        choice_field(self.fields, "ladder_rung").choices = [
            ("", "Not placed yet"),
            *LadderRung.choices,
        ]
        self.fields["ladder_rung"].help_text = (
            "From coercion (people told what will happen) up to co-production (people with "
            "lived experience share power and decisions from the start)."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        day, start, duration = cleaned.get("day"), cleaned.get("start"), cleaned.get("duration")
        if day and start and duration:
            starts_at = datetime.combine(day, start, ZoneInfo(self.instance.time_zone))
            cleaned["starts_at"] = starts_at
            cleaned["ends_at"] = starts_at + timedelta(minutes=duration)
        mode = cleaned.get("mode")
        if mode in (Session.Mode.IN_PERSON, Session.Mode.HYBRID) and not cleaned.get("venue"):
            self.add_error("venue", "Choose where the session happens.")
        if mode in (Session.Mode.VIDEO, Session.Mode.HYBRID) and not cleaned.get("video_link"):
            self.add_error("video_link", "Add the video call link.")
        return cleaned


class VenueForm(PlainLabelsMixin, forms.ModelForm):
    class Meta:
        model = Venue
        fields = [
            "name",
            "address",
            "step_free",
            "hearing_loop",
            "accessible_toilet",
            "quiet_room",
            "near_public_transport",
            "notes",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ShortTaskForm(PlainLabelsMixin, forms.ModelForm):
    deadline = DateField(label="Answer by")

    class Meta:
        model = ShortTask
        fields = ["title", "brief", "work_area", "session", "expected_minutes", "deadline", "paid"]
        widgets = {"brief": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, collaboration: Collaboration, **kwargs):
        super().__init__(*args, **kwargs)
        work_area = model_choice_field(self.fields, "work_area")
        work_area.queryset = collaboration.work_areas.all()
        work_area.empty_label = "Everyone"
        session = model_choice_field(self.fields, "session")
        session.queryset = Session.objects.filter(
            collaboration=collaboration, starts_at__gte=timezone.now()
        )
        session.empty_label = "Not for one session"
        self.fields["expected_minutes"].widget.attrs.update(max=240, inputmode="numeric")

    def clean_expected_minutes(self):
        minutes = self.cleaned_data["expected_minutes"]
        if not 5 <= minutes <= 240:
            raise forms.ValidationError("Between 5 and 240 minutes: short tasks stay short.")
        return minutes

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("The deadline has passed: choose a later day.")
        return deadline


class TaskAnswerForm(PlainLabelsMixin, PhotoFieldsMixin, forms.ModelForm):
    """An answer in words, with a photo or a voice note if the person likes."""

    class Meta:
        model = TaskAnswer
        fields = ["text", "photo", "photo_description", "photo_agreed", "voice_note", "visibility"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6}), "visibility": forms.RadioSelect}

    def __init__(self, *args, membership: Membership | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.photo_owner = membership


class RecordedTaskAnswerForm(TaskAnswerForm):
    """Staff writing down an answer given by phone or by post, credited to the member."""

    member = MemberChoiceField(label="Whose answer is it?", queryset=Membership.objects.none())
    via = forms.ChoiceField(
        label="How did it reach you?",
        choices=[("phone", "By phone"), ("post", "By post")],
        widget=forms.RadioSelect,
        initial="phone",
    )

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields, "member").queryset = (
            people_of(task.collaboration)
            .filter(role=Membership.Role.MEMBER)
            .exclude(status=Membership.Status.ALUMNI)
            .exclude(task_answers__task=task)
        )
        self.fields[
            "photo_agreed"
        ].label = (
            "They agreed to share this photo here, and anyone you could recognise in it agreed"
        )

    def clean(self) -> dict[str, Any]:
        self.photo_owner = self.cleaned_data.get("member")
        return super().clean()
