"""The UK's nations, whose bank holidays differ, and the field a collaboration keeps the ones
it works in: a list, edited as tick boxes."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst


class UkNation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


def default_nations() -> list[str]:
    return [UkNation.ENGLAND]


class NationsField(models.JSONField):
    """Which UK nations, stored as a list and edited as tick boxes (a JSON field on its own
    is edited as a box of raw JSON). At least one unless the field may be blank."""

    def validate(self, value: object, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        if not isinstance(value, list) or not set(value) <= set(UkNation.values):
            raise ValidationError("Choose from England, Wales, Scotland and Northern Ireland.")
        if not value and not self.blank:
            raise ValidationError("Choose at least one nation.")

    def formfield(self, **kwargs: Any) -> forms.Field:
        # Not JSONField's form field: tick boxes, one per nation.
        return forms.TypedMultipleChoiceField(
            choices=UkNation.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            initial=self.get_default,
        )
