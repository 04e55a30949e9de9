"""When a person can take part: commitments (caring, school or work, exams, travel,
health), their usual week, one-off changes, and stepping away."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from members.models.users import User

COMMITMENT_FIELDS = (
    "kind",
    "strength",
    "reason",
    "share_reason",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "rrule",
)


class Commitment(models.Model):
    """Something that stops a person taking part, or makes it harder: the time finder respects it.

    Either a date range (starts_on..ends_on, whole days or between two times each day), or a
    recurring rule (an iCalendar RRULE such as FREQ=WEEKLY;BYDAY=MO,WE) from starts_on,
    between two local times, in the person's time zone.
    """

    class Kind(models.TextChoices):
        CARING = "caring", "Caring for someone"
        SCHOOL_WORK = "school_work", "School, college or work"
        EXAM = "exam", "Exams or revision"
        TRAVEL = "travel", "Travel or holiday"
        HEALTH = "health", "Health"
        OTHER = "other", "Something else"

    class Strength(models.TextChoices):
        CANT = "cant", "I can't take part then"
        RATHER_NOT = "rather_not", "I'd rather not, but could"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    strength = models.CharField(max_length=20, choices=Strength.choices, default=Strength.CANT)
    reason = models.CharField("what it is", max_length=200, blank=True)
    share_reason = models.BooleanField("staff may see what it is", default=False)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    rrule = models.CharField("repeat rule", max_length=300, blank=True)
    time_zone = models.CharField(max_length=64, default="Europe/London")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="commitment_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False),
                name="commitment_times_come_in_pairs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.user})"

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)


class Availability(models.Model):
    """A person's usual week: which periods of which days they can usually take part.

    `weekly` holds "weekday-period" strings, weekday 0 = Monday, in the person's time zone.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="availability")
    weekly = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Usual availability of {self.user}"


class AvailabilityChange(models.Model):
    """A one-off change to the usual week: free when usually busy, or the other way round."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="availability_changes")
    date = models.DateField()
    period = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("morning", "Morning"),
            ("afternoon", "Afternoon"),
            ("late_afternoon", "Late afternoon"),
            ("evening", "Evening"),
        ],
        help_text="Leave empty for the whole day.",
    )
    available = models.BooleanField()
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "period"]

    def __str__(self) -> str:
        return f"{self.date}: {'free' if self.available else 'not free'}"


class StepAway(models.Model):
    """A pause in taking part, with an optional reason and return date. No penalty."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membership = models.ForeignKey(
        "coproduction.Membership", on_delete=models.CASCADE, related_name="step_aways"
    )
    started_on = models.DateField(default=timezone.localdate)
    return_on = models.DateField("planned return date", null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    share_reason = models.BooleanField("staff may see the reason", default=False)
    ended_on = models.DateField(null=True, blank=True)
    return_prompted_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=Q(ended_on__isnull=True), name="one_open_step_away"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} away from {self.started_on}"
