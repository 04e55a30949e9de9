from django import forms

from coproduction.forms import PlainLabelsMixin
from coproduction.models import Membership
from coproduction.permissions import is_staff_like
from reflections.models import Feedback
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
