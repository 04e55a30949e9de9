from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduction.forms import PlainLabelsMixin, choice_field
from coproduction.widgets import DateField, TickBoxes, TimeField
from members.availability_instants import (
    PERIODS,
    RRULE_DAYS,
    WEEKDAYS,
    period_hours,
    time_zone_choices,
    validate_rrule,
    weekly_rrule,
)
from members.models import (
    COMMITMENT_FIELDS,
    PROFILE_FIELDS,
    AccessNeeds,
    AvailabilityChange,
    Channel,
    Commitment,
    GuardianConsent,
    MonitoringResponse,
    Profile,
)

NO_CHANNEL = ""


class ProfileForm(PlainLabelsMixin, forms.ModelForm):
    first_channel = forms.ChoiceField(label="First choice", choices=Channel.choices)
    second_channel = forms.ChoiceField(
        label="Second choice", choices=[(NO_CHANNEL, "None"), *Channel.choices], required=False
    )
    third_channel = forms.ChoiceField(
        label="Third choice", choices=[(NO_CHANNEL, "None"), *Channel.choices], required=False
    )
    date_of_birth = DateField(
        label="Date of birth",
        required=False,
        help_text="Optional. Or choose an age band.",
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=time_zone_choices)

    class Meta:
        model = Profile
        fields = PROFILE_FIELDS
        widgets = {"postal_address": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["date_of_birth"].initial = user.date_of_birth
        channels = list(self.instance.channels or []) + [NO_CHANNEL] * 3
        self.fields["first_channel"].initial = channels[0] or Channel.EMAIL
        self.fields["second_channel"].initial = channels[1]
        self.fields["third_channel"].initial = channels[2]

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born and not (today.replace(year=today.year - 110) <= born <= today):
            raise ValidationError("Enter your real date of birth.")
        return born

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        picked = [cleaned.get(f"{n}_channel") for n in ("first", "second", "third")]
        chosen = [c for c in picked if c]
        if len(chosen) != len(set(chosen)):
            raise ValidationError("Choose each way of contacting you only once.")
        needs = {
            Channel.EMAIL: (self.user.email, "an email address"),
            Channel.SMS: (self.user.phone, "a mobile number"),
            Channel.CALL: (cleaned.get("call_phone") or self.user.phone, "a phone number"),
            Channel.POST: (cleaned.get("postal_address"), "a postal address"),
        }
        for channel in chosen:
            detail, what = needs[Channel(channel)]
            if not detail:
                raise ValidationError(
                    f"To be contacted by {Channel(channel).label.lower()}, we need {what}."
                )
        cleaned["channels"] = chosen
        return cleaned


class AccessNeedsForm(PlainLabelsMixin, forms.ModelForm):
    class Meta:
        model = AccessNeeds
        fields = [
            "easy_read",
            "large_print",
            "large_print_size",
            "bsl_interpreter",
            "other_interpreter",
            "captions",
            "step_free",
            "quiet_room",
            "breaks",
            "camera_off",
            "supporter_attending",
            "preferred_time_of_day",
            "longest_session_minutes",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class CommitmentForm(PlainLabelsMixin, forms.ModelForm):
    starts_on = DateField(label="From")
    ends_on = DateField(
        label="Until", required=False, help_text="Leave empty if it has no end date."
    )
    start_time = TimeField(
        label="From (time)",
        required=False,
        help_text="For example 3:30pm. Leave both times empty for whole days.",
    )
    end_time = TimeField(label="Until (time)", required=False)

    repeats = forms.ChoiceField(
        label="How often?",
        choices=[
            ("dates", "On these dates only"),
            ("weekly", "Every week"),
            ("fortnightly", "Every two weeks"),
            ("rule", "Another pattern (an iCalendar repeat rule)"),
        ],
        widget=forms.RadioSelect,
        initial="dates",
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="On which days?",
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        required=False,
        widget=TickBoxes,
    )
    rrule = forms.CharField(
        label="Repeat rule",
        required=False,
        max_length=300,
        help_text="Only for another pattern. For example FREQ=MONTHLY;BYDAY=1TU (first Tuesday).",
    )

    class Meta:
        model = Commitment
        fields = [
            name for name in COMMITMENT_FIELDS if name != "rrule"
        ]  # rrule is built in clean()
        widgets = {
            "kind": forms.RadioSelect,
            "strength": forms.RadioSelect,
        }
        labels = {
            "kind": "What is it?",
            "strength": "Can you take part then?",
            "reason": "What it is (optional)",
        }
        help_texts = {
            "share_reason": "If not, staff only see that you are unavailable.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self.fields, "kind").choices = Commitment.Kind.choices
        choice_field(self.fields, "strength").choices = Commitment.Strength.choices
        rule = self.instance.rrule if self.instance.pk else ""
        if rule.startswith("FREQ=WEEKLY") and "BYDAY=" in rule and rule.count(";") <= 2:
            days = rule.split("BYDAY=", 1)[1].split(";")[0].split(",")
            self.initial["weekdays"] = [RRULE_DAYS.index(d) for d in days if d in RRULE_DAYS]
            self.initial["repeats"] = "fortnightly" if "INTERVAL=2" in rule else "weekly"
            self.initial["rrule"] = ""
        elif rule:
            self.initial["repeats"] = "rule"

    def clean_rrule(self):
        return validate_rrule(self.cleaned_data["rrule"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        repeats = cleaned.get("repeats")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if (start is None) != (end is None):
            raise ValidationError("Give both times, or neither for whole days.")
        if start is not None and start == end:
            self.add_error("end_time", "The end time must be different from the start time.")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        if repeats in ("weekly", "fortnightly"):
            if not cleaned.get("weekdays"):
                self.add_error("weekdays", "Choose at least one day.")
            else:
                cleaned["rrule"] = weekly_rrule(
                    cleaned["weekdays"], 2 if repeats == "fortnightly" else 1
                )
        elif repeats == "rule":
            if not cleaned.get("rrule") and not self.has_error("rrule"):
                self.add_error("rrule", "Write the repeat rule.")
        else:
            cleaned["rrule"] = ""
        return cleaned


class AvailabilityGridForm(PlainLabelsMixin, forms.Form):
    """One checkbox per weekday and period: a real table of labelled controls."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day_index, day in enumerate(WEEKDAYS):
            for period, (label, _, _) in PERIODS.items():
                self.fields[f"{day_index}-{period}"] = forms.BooleanField(
                    label=f"{day} {label.lower()}", required=False
                )

    def rows(self):
        for day_index, day in enumerate(WEEKDAYS):
            yield day, [self[f"{day_index}-{period}"] for period in PERIODS]

    def cells(self) -> list[str]:
        return [name for name, value in self.cleaned_data.items() if value]


class AvailabilityChangeForm(PlainLabelsMixin, forms.ModelForm):
    date = DateField(label="Date")
    period = forms.ChoiceField(
        label="When on that day?",
        choices=[
            ("", "The whole day"),
            *((key, f"{label}, {period_hours(key)}") for key, (label, _, _) in PERIODS.items()),
        ],
        required=False,
    )
    available = forms.TypedChoiceField(
        label="Are you free then?",
        choices=[("no", "No, I'm not free"), ("yes", "Yes, I'm free")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = AvailabilityChange
        fields = ["date", "period", "available", "note"]
        labels = {"note": "Note (optional)"}

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise ValidationError("Choose today or a day in the future.")
        return day


class StepAwayForm(PlainLabelsMixin, forms.Form):
    return_on = DateField(
        label="When do you think you will come back?",
        required=False,
        help_text="Optional. We will ask you then. You can come back sooner.",
    )
    reason = forms.CharField(
        label="Why are you stepping away? (optional)", required=False, max_length=300
    )
    share_reason = forms.BooleanField(label="Staff may see the reason", required=False)

    def clean_return_on(self):
        day = self.cleaned_data["return_on"]
        if day and day <= timezone.localdate():
            raise ValidationError("Choose a date after today.")
        return day


class MonitoringForm(PlainLabelsMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label="I agree to answer these questions. I know I can withdraw my answers at any time.",
        required=True,
    )

    class Meta:
        model = MonitoringResponse
        fields = ["age_band", "ethnicity", "disability", "gender"]
        widgets = dict.fromkeys(
            ["age_band", "ethnicity", "disability", "gender"], forms.RadioSelect
        )
        labels = {
            "age_band": "How old are you?",
            "ethnicity": "What is your ethnic group?",
            "disability": "Do you consider yourself to be disabled?",
            "gender": "What is your gender?",
        }

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = self.instance.answers if self.instance.pk else {}
        for question in self.questions:
            choices = [(option, option) for option in question.options]
            choices.append((MonitoringResponse.PREFER_NOT, "Prefer not to say"))
            self.fields[f"q_{question.code}"] = forms.ChoiceField(
                label=question.text,
                choices=choices,
                widget=forms.RadioSelect,
                initial=answers.get(question.code),
            )

    def extra_answers(self) -> dict[str, str]:
        return {q.code: self.cleaned_data[f"q_{q.code}"] for q in self.questions}


class GuardianConsentForm(PlainLabelsMixin, forms.ModelForm):
    consent_given_on = DateField(label="Guardian consent given on", required=False)
    consent_withdrawn_on = DateField(label="Guardian consent withdrawn on", required=False)
    young_person_agreed_on = DateField(label="Young person agreed on", required=False)

    class Meta:
        model = GuardianConsent
        fields = [
            "guardian_name",
            "relationship",
            "guardian_phone",
            "guardian_email",
            "consent_given_on",
            "consent_withdrawn_on",
            "young_person_agreed_on",
            "photo_consent_guardian",
            "photo_consent_young_person",
            "payment_method",
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        if not cleaned.get("guardian_phone") and not cleaned.get("guardian_email"):
            raise ValidationError("Give the guardian's phone number or email address.")
        today = timezone.localdate()
        for name in ("consent_given_on", "consent_withdrawn_on", "young_person_agreed_on"):
            if cleaned.get(name) and cleaned[name] > today:
                self.add_error(name, "This date cannot be in the future.")
        return cleaned


class EraseConfirmForm(PlainLabelsMixin, forms.Form):
    confirm = forms.CharField(widget=forms.HiddenInput)

    def clean_confirm(self):
        if self.cleaned_data["confirm"] != "erase":
            raise ValidationError("Press the button to confirm that their data should be erased.")
        return "erase"
