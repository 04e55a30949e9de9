from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from coproduction.forms import (
    MemberChoiceField,
    PhotoFieldsMixin,
    PlainLabelsMixin,
    choice_field,
    model_choice_field,
    people_of,
)
from coproduction.models import Membership
from coproduction.permissions import is_staff_like
from coproduction.widgets import DateField
from reflections.faces import feeling_face
from reflections.models import (
    Celebration,
    Contribution,
    Diary,
    Feedback,
    JourneyStep,
    Reflection,
)
from reflections.selectors import about_choices
from sessions_app.models import Session


class FeedbackForm(PlainLabelsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What is it about?",
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        initial="concern",
    )
    text = forms.CharField(
        label="Tell us",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In your own words. Nothing is too small.",
    )
    session = forms.ModelChoiceField(
        label="Is it about a session? (optional)",
        queryset=Session.objects.none(),
        required=False,
        empty_label="Not about one session",
    )
    anonymous = forms.BooleanField(
        label="Don't put my name on this",
        required=False,
        help_text="We will not know it was you: we keep no link to you, not even the time.",
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = Session.objects.filter(collaboration=membership.collaboration)
        if not is_staff_like(membership):
            sessions = sessions.filter(invites__membership=membership)
        model_choice_field(self.fields, "session").queryset = sessions.order_by("-starts_at")


class RecordedFeedbackForm(FeedbackForm):
    """Staff writing down feedback someone gave by phone, by post or in person."""

    received_via = forms.ChoiceField(
        label="How did it reach you?",
        choices=[c for c in Feedback.Via.choices if c[0] != Feedback.Via.ONLINE],
        widget=forms.RadioSelect,
        initial=Feedback.Via.PHONE,
    )
    author = MemberChoiceField(
        label="Who gave it? (leave empty if they asked to stay anonymous)",
        queryset=Membership.objects.none(),
        required=False,
        empty_label="They asked to stay anonymous",
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, membership=membership, **kwargs)
        del self.fields["anonymous"]
        model_choice_field(self.fields, "author").queryset = people_of(membership.collaboration)


def quarter_of(day) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _quarter_choices(today) -> list[tuple[str, str]]:
    this = quarter_of(today)
    last_day_before = today.replace(day=1, month=((today.month - 1) // 3) * 3 + 1) - timedelta(
        days=1
    )
    last = quarter_of(last_day_before)
    return [
        (this, f"These three months ({this.replace('-', ' ')})"),
        (last, f"The three months before ({last.replace('-', ' ')})"),
    ]


class FeelingFaces(forms.RadioSelect):
    """The five feelings as large faces to tap, each a picture with its word beside it."""

    template_name = "reflections/widgets/feeling_faces.html"

    def create_option(
        self, name, value, label, selected, index, subindex=None, attrs=None
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["face"] = feeling_face(int(value)) if value not in ("", None) else ""
        return option


class ReflectionForm(PlainLabelsMixin, forms.ModelForm):
    about = forms.ChoiceField(
        label="What are you reflecting on?",
        choices=[("session", "A session"), ("quarter", "The last few months, together")],
        widget=forms.RadioSelect,
        initial="session",
    )
    session = forms.ModelChoiceField(
        label="Which session? (if it is about a session)",
        queryset=Session.objects.none(),
        required=False,
    )
    quarter = forms.ChoiceField(
        label="Which months? (if it is about the last few months)", required=False
    )

    class Meta:
        model = Reflection
        fields = [
            "about",
            "session",
            "quarter",
            "feeling",
            "went_well",
            "could_be_better",
            "one_change",
            "visibility",
        ]
        widgets = {
            "feeling": FeelingFaces,
            "visibility": forms.RadioSelect,
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "could_be_better": forms.Textarea(attrs={"rows": 3}),
            "one_change": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "feeling": "How did it feel?",
            "went_well": "What went well?",
            "could_be_better": "What could be better?",
            "one_change": "One thing to change",
            "visibility": "Who can read this?",
        }

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = Session.objects.filter(
            collaboration=membership.collaboration, starts_at__lte=timezone.now()
        )
        if not is_staff_like(membership):
            sessions = sessions.filter(invites__membership=membership)
        session = model_choice_field(self.fields, "session")
        session.queryset = sessions.order_by("-starts_at")
        session.empty_label = "Choose a session"
        choice_field(self.fields, "quarter").choices = _quarter_choices(timezone.localdate())
        choice_field(self.fields, "feeling").choices = Reflection.Feeling.choices  # no blank
        self.fields["feeling"].required = False
        self.fields["visibility"].help_text = (
            "Without your name, we keep no link to you. Reflections about one session without "
            "names are shown only once there are a few, so no one can be singled out."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        if cleaned.get("about") == "session" and not cleaned.get("session"):
            self.add_error("session", "Choose the session you are reflecting on.")
        if cleaned.get("about") == "quarter" and not cleaned.get("quarter"):
            self.add_error("quarter", "Choose the months you are reflecting on.")
        if not any(
            cleaned.get(f) for f in ("went_well", "could_be_better", "one_change", "feeling")
        ):
            raise forms.ValidationError("Write something, or choose how it felt.")
        return cleaned


class CelebrationForm(PlainLabelsMixin, forms.ModelForm):
    happened_on = DateField(label="When")

    class Meta:
        model = Celebration
        fields = ["title", "story", "happened_on"]
        widgets = {"story": forms.Textarea(attrs={"rows": 3})}


class ActionTitleForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)


VISIBILITY_HELP = "Staff can always see what you share with everyone."


class ContributionForm(PlainLabelsMixin, PhotoFieldsMixin, forms.ModelForm):
    class Meta:
        model = Contribution
        fields = [
            "title",
            "text",
            "photo",
            "photo_description",
            "photo_agreed",
            "voice_note",
            "entry_date",
            "visibility",
            "session",
            "work_area",
            "task",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 6}), "visibility": forms.RadioSelect}
        labels = {"visibility": "Who can see it?"}

    entry_date = DateField(label="The day it is about", required=False)

    def __init__(self, *args, membership: Membership, kind: str, credited_to=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.photo_owner = credited_to or membership
        choices = about_choices(membership)
        session = model_choice_field(self.fields, "session")
        session.queryset = choices["session"].order_by("-starts_at")
        session.empty_label = "Not about one session"
        session.label = "Is it about a session? (optional)"
        work_area = model_choice_field(self.fields, "work_area")
        work_area.queryset = choices["work_area"]
        work_area.empty_label = "Not about one work area"
        work_area.label = "Is it about a work area? (optional)"
        task = model_choice_field(self.fields, "task")
        task.queryset = choices["task"]
        task.empty_label = "Not for a task"
        task.label = "Is it for a task? (optional)"
        visibility = choice_field(self.fields, "visibility")
        if kind == Contribution.Kind.DIARY:
            self.fields["entry_date"].required = True
            self.fields["entry_date"].initial = timezone.localdate()
            visibility.initial = Contribution.Visibility.ME
            visibility.help_text = "You can share an entry later, when you are ready."
            for name in ("session", "work_area", "task"):
                del self.fields[name]
        else:
            del self.fields["entry_date"]
            visibility.choices = [
                c for c in Contribution.Visibility.choices if c[0] != Contribution.Visibility.ME
            ]
            visibility.help_text = VISIBILITY_HELP
        if kind == Contribution.Kind.JOURNEY:
            self.fields["text"].label = "Anything else about this journey? (optional)"
            self.fields["title"].label = "What journey is it?"
            self.fields["title"].help_text = "For example: getting help from the GP."
            self.fields["title"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        given = cleaned.get("text") or cleaned.get("photo") or cleaned.get("voice_note")
        if self.kind != Contribution.Kind.JOURNEY and not given and not self.errors:
            raise forms.ValidationError(
                "Write something, add a photo or add a voice note: any one of them is fine."
            )
        return cleaned


class RecordedContributionForm(ContributionForm):
    """Staff writing down a contribution that came by phone or by post, credited to the
    member."""

    member = MemberChoiceField(label="Whose is it?", queryset=Membership.objects.none())
    received_via = forms.ChoiceField(
        label="How did it reach you?",
        choices=[c for c in Contribution.Via.choices if c[0] != Contribution.Via.ONLINE],
        widget=forms.RadioSelect,
        initial=Contribution.Via.POST,
    )
    field_order = ["member", "received_via"]

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, membership=membership, **kwargs)
        model_choice_field(self.fields, "member").queryset = people_of(membership.collaboration)
        self.fields[
            "photo_agreed"
        ].label = (
            "They agreed to share this photo here, and anyone you could recognise in it agreed"
        )

    def clean(self) -> dict[str, Any]:
        self.photo_owner = self.cleaned_data.get("member")
        return super().clean()


class JourneyStepForm(PlainLabelsMixin, forms.ModelForm):
    class Meta:
        model = JourneyStep
        fields = ["what_happened", "feeling", "feeling_words"]
        widgets = {
            "what_happened": forms.Textarea(attrs={"rows": 2}),
            "feeling": FeelingFaces,
        }
        labels = {"what_happened": "What happened?", "feeling": "How did it feel?"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self.fields, "feeling").choices = Reflection.Feeling.choices  # no blank


class BaseJourneyStepFormSet(forms.BaseFormSet):
    def clean(self):
        if not any(form.has_changed() for form in self.forms):
            raise forms.ValidationError(
                "Fill in at least one step: what happened, and how it felt."
            )


JOURNEY_STEPS_SHOWN = 3  # the rest wait behind "Add more steps"
JOURNEY_STEPS_MAX = 10
JourneyStepFormSet = forms.formset_factory(
    JourneyStepForm,
    formset=BaseJourneyStepFormSet,
    extra=JOURNEY_STEPS_MAX,
    max_num=JOURNEY_STEPS_MAX,
    absolute_max=JOURNEY_STEPS_MAX,
    validate_max=True,
)


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label="Who can see it?", choices=Contribution.Visibility.choices, widget=forms.RadioSelect
    )

    def __init__(self, data=None, files=None, *, contribution: Contribution, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, files, initial={"visibility": contribution.visibility}, **kwargs)
        if contribution.kind != Contribution.Kind.DIARY:
            choice_field(self.fields, "visibility").choices = [
                c for c in Contribution.Visibility.choices if c[0] != Contribution.Visibility.ME
            ]


class DiaryForm(PlainLabelsMixin, forms.ModelForm):
    starts_on = DateField(label="From")
    ends_on = DateField(label="Until (optional)", required=False)

    class Meta:
        model = Diary
        fields = ["title", "starts_on", "ends_on"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "This is before the start: choose a later day.")
        return cleaned
