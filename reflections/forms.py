from datetime import timedelta

from django import forms
from django.utils import timezone

from coproduction.forms import PlainLabelsMixin
from coproduction.models import Membership
from coproduction.permissions import is_staff_like
from coproduction.widgets import DateField
from reflections.models import Celebration, Feedback, Reflection
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
        self.fields["session"].queryset = sessions.order_by("-starts_at")


class RecordedFeedbackForm(FeedbackForm):
    """Staff writing down feedback someone gave by phone, by post or in person."""

    received_via = forms.ChoiceField(
        label="How did it reach you?",
        choices=[c for c in Feedback.Via.choices if c[0] != Feedback.Via.ONLINE],
        widget=forms.RadioSelect,
        initial=Feedback.Via.PHONE,
    )
    author = forms.ModelChoiceField(
        label="Who gave it? (leave empty if they asked to stay anonymous)",
        queryset=Membership.objects.none(),
        required=False,
        empty_label="They asked to stay anonymous",
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, membership=membership, **kwargs)
        del self.fields["anonymous"]
        self.fields["author"].queryset = Membership.objects.filter(
            collaboration=membership.collaboration
        ).select_related("user")


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
            "feeling": forms.RadioSelect,
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
        self.fields["session"].queryset = sessions.order_by("-starts_at")
        self.fields["session"].empty_label = "Choose a session"
        self.fields["quarter"].choices = _quarter_choices(timezone.localdate())
        self.fields["feeling"].choices = [
            (value, f"{FEELING_FACES[value]} {label}")
            for value, label in Reflection.Feeling.choices
        ]
        self.fields["feeling"].required = False
        self.fields["visibility"].help_text = (
            "Without your name, we keep no link to you. Reflections about one session without "
            "names are shown only once there are a few, so no one can be singled out."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("about") == "session" and not cleaned.get("session"):
            self.add_error("session", "Choose the session you are reflecting on.")
        if cleaned.get("about") == "quarter" and not cleaned.get("quarter"):
            self.add_error("quarter", "Choose the months you are reflecting on.")
        if not any(
            cleaned.get(f) for f in ("went_well", "could_be_better", "one_change", "feeling")
        ):
            raise forms.ValidationError("Write something, or choose how it felt.")
        return cleaned


FEELING_FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


class CelebrationForm(PlainLabelsMixin, forms.ModelForm):
    happened_on = DateField(label="When")

    class Meta:
        model = Celebration
        fields = ["title", "story", "happened_on"]
        widgets = {"story": forms.Textarea(attrs={"rows": 3})}


class ActionTitleForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
