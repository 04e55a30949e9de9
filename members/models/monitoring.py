"""Equality monitoring: opt-in answers, kept apart and never shown one person at a time."""

from django.db import models
from django.utils import timezone

from members.models.users import AgeBand


class MonitoringResponse(models.Model):
    """Opt-in equality monitoring: special category data, stored apart from the profile.

    Never shown one person at a time except to the person themselves; read in aggregate with
    small numbers suppressed. Not kept in any history: withdrawing deletes it for good.
    """

    PREFER_NOT = "prefer_not_to_say"

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", "Asian or Asian British"
        BLACK = "black", "Black, Black British, Caribbean or African"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        WHITE = "white", "White"
        OTHER = "other", "Another ethnic group"
        PREFER_NOT = "prefer_not_to_say", "Prefer not to say"

    class Disability(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        PREFER_NOT = "prefer_not_to_say", "Prefer not to say"

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        NON_BINARY = "non_binary", "Non-binary"
        OTHER = "other", "In another way"
        PREFER_NOT = "prefer_not_to_say", "Prefer not to say"

    membership = models.OneToOneField(
        "coproduction.Membership", on_delete=models.CASCADE, related_name="monitoring_response"
    )
    consented_at = models.DateTimeField(default=timezone.now)
    age_band = models.CharField(
        max_length=20, choices=[*AgeBand.choices, (PREFER_NOT, "Prefer not to say")]
    )
    ethnicity = models.CharField(max_length=20, choices=Ethnicity.choices)
    disability = models.CharField(max_length=20, choices=Disability.choices)
    gender = models.CharField(max_length=20, choices=Gender.choices)
    answers = models.JSONField(
        default=dict, blank=True, help_text="Answers to the collaboration's own questions."
    )

    def __str__(self) -> str:
        return "Equality monitoring response"


class MonitoringQuestion(models.Model):
    """An extra equality-monitoring question a collaboration asks (answers are opt-in too)."""

    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="monitoring_questions"
    )
    code = models.SlugField(max_length=40)
    text = models.CharField(max_length=200)
    options = models.JSONField(default=list, help_text="The answers to choose from.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "code"], name="monitoring_question_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text
