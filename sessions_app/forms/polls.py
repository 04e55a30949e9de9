"""Answering a poll of times."""

from django import forms
from django.utils import timezone

from coproduction.forms import (
    PlainLabelsMixin,
)
from members.availability_instants import time_text
from sessions_app.models import (
    PollAnswer,
)


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
