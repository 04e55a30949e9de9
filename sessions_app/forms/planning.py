"""Planning sessions: finding a time, the session itself, its brief, agenda items, changes
and venues."""

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduction.forms import (
    MemberChoiceField,
    PlainLabelsMixin,
    choice_field,
    model_choice_field,
    people_of,
)
from coproduction.models import Collaboration, Membership, WorkArea
from coproduction.permissions import STAFF_LIKE_ROLES
from coproduction.widgets import DateField, TickBoxes, TimeField
from sessions_app.models import (
    AgendaItem,
    LadderRung,
    Session,
    Venue,
)
from sessions_app.time_finder import Result, suggest_times
from sessions_app.time_finder.days_off import days_off, days_off_hint

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
    include_days_off = forms.BooleanField(
        label="Include bank holidays, Christmas Eve and New Year's Eve", required=False
    )

    def __init__(self, *args, collaboration: Collaboration, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_invitees(collaboration)
        self.fields["include_days_off"].help_text = days_off_hint(collaboration.nations)
        self._result: Result | None = None

    def result(self) -> Result:
        """The time finder's answer for this valid form, worked out once for the page."""
        if self._result is None:
            data = self.cleaned_data
            self._result = suggest_times(
                collaboration=self.collaboration,
                invitees=self.invitees(),
                first_day=data["first_day"],
                last_day=data["last_day"],
                duration_minutes=data["duration"],
                earliest=time(data["earliest"]),
                latest=time(data["latest"]),
                days_off=days_off(data["first_day"], data["last_day"], self.collaboration.nations),
                include_days_off=data["include_days_off"],
            )
        return self._result

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
