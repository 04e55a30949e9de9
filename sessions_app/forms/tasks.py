"""Short tasks and their answers."""

from typing import Any

from django import forms
from django.utils import timezone

from coproduction.forms import (
    MemberChoiceField,
    PhotoFieldsMixin,
    PlainLabelsMixin,
    model_choice_field,
    people_of,
)
from coproduction.models import Collaboration, Membership
from coproduction.widgets import DateField
from sessions_app.models import (
    Session,
    ShortTask,
    TaskAnswer,
)


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
