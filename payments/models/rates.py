"""Rate cards (dated, per activity and unit), benefit limits, a collaboration's payment
settings, and each role's employment-status decision."""

from datetime import date
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from coproduction.models import Collaboration, Membership


class Activity(models.TextChoices):
    SESSION = "session", "Taking part in a session"
    PREPARATION = "preparation", "Preparation and reading"
    TRAINING = "training", "Training"
    EVENT = "event", "An event"
    TASK = "task", "A task"
    ONLINE_ALLOWANCE = "online_allowance", "Online meeting allowance (phone, internet, printing)"
    MILEAGE = "mileage", "Mileage"


class Unit(models.TextChoices):
    HOUR = "hour", "per hour"
    HALF_DAY = "half_day", "per half day"
    DAY = "day", "per day"
    FIXED = "fixed", "fixed amount"
    MILE = "mile", "per mile"


ONLINE_ALLOWANCE_KEY = f"{Activity.ONLINE_ALLOWANCE}/{Unit.FIXED}"


class Rate(models.Model):
    """One line of a collaboration's dated rate card: what an activity pays, from a date.

    The rate for a day is the newest line that started on or before it. Figures change every
    April or by policy, so they are data, seeded with defaults an administrator must check.
    """

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="rates")
    activity = models.CharField(max_length=20, choices=Activity.choices)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    valid_from = models.DateField()
    source = models.CharField(max_length=200, blank=True, help_text="Where the figure comes from.")
    needs_checking = models.BooleanField(
        "check the current figure",
        default=False,
        help_text="A seeded default: check it against the current guidance, then untick.",
    )

    class Meta:
        ordering = ["activity", "unit", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "activity", "unit", "valid_from"],
                name="rate_one_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} £{self.amount} {self.get_unit_display()}"


class BenefitLimit(models.Model):
    """A published earnings limit a member may choose to apply to themselves (dated)."""

    class Period(models.TextChoices):
        WEEK = "week", "a week"
        MONTH = "month", "a month"

    name = models.CharField(max_length=100)
    period = models.CharField(max_length=5, choices=Period.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    valid_from = models.DateField()
    source = models.CharField(max_length=200, blank=True)
    needs_checking = models.BooleanField("check the current figure", default=True)

    class Meta:
        ordering = ["name", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.name}: £{self.amount} {self.get_period_display()}"


class PaymentSettings(models.Model):
    """How a collaboration pays: its turnaround target and when staff are nudged."""

    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, related_name="payment_settings"
    )
    turnaround_days = models.PositiveSmallIntegerField(
        "pay claims within this many days", default=28
    )
    approval_nudge_days = models.PositiveSmallIntegerField(
        "remind approvers when a claim has waited this many days", default=5
    )
    confirm_nudge_days = models.PositiveSmallIntegerField(
        "remind members to confirm a claim after this many days", default=3
    )
    advance_approval_over = models.DecimalField(
        "ask members to get approval first for expenses over",
        max_digits=8,
        decimal_places=2,
        default=Decimal("50.00"),
    )

    def __str__(self) -> str:
        return f"Payment settings of {self.collaboration}"


class EmploymentStatus(models.TextChoices):
    VOLUNTEER = "volunteer", "Volunteer"
    OFFICE_HOLDER = "office_holder", "Office-holder"
    SELF_EMPLOYED = "self_employed", "Self-employed"
    WORKER = "worker", "Worker"


class EmploymentStatusDecision(models.Model):
    """The organisation's decision on the employment status of one role in a collaboration,
    and why. It settles tax, National Insurance and employment rights for everyone paid in
    that role, so members see it, with the reason, beside their payments.

    Dated like the rate card: the decision in force on a day is the newest made on or before
    it, and earlier ones stay as the record of what was decided when.
    """

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="employment_statuses"
    )
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    status = models.CharField(max_length=20, choices=EmploymentStatus.choices)
    reason = models.TextField(
        help_text="Why, in plain words: for example what people choose, how they are paid, "
        "and any advice or HMRC's employment status tool."
    )
    decided_on = models.DateField(default=timezone.localdate)
    decided_by = models.CharField(
        max_length=200, blank=True, help_text="Who made the decision, for example the board."
    )

    class Meta:
        ordering = ["collaboration", "role", "-decided_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "role", "decided_on"], name="employment_status_one_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.get_status_display()}"

    @classmethod
    def in_force(
        cls, collaboration: Collaboration, role: str, on: date | None = None
    ) -> "EmploymentStatusDecision | None":
        """The decision in force for `role` on `on` (today), or None if none is recorded."""
        return (
            cls.objects.filter(
                collaboration=collaboration,
                role=role,
                decided_on__lte=on or timezone.localdate(),
            )
            .order_by("-decided_on")
            .first()
        )

    @classmethod
    def roles_undecided(cls, collaboration: Collaboration) -> list[str]:
        """The labels of the roles of people with claims here and no decision recorded."""
        claimed = set(
            Membership.objects.filter(claims__collaboration=collaboration)
            .values_list("role", flat=True)
            .distinct()
        )
        decided = set(
            cls.objects.filter(
                collaboration=collaboration, decided_on__lte=timezone.localdate()
            ).values_list("role", flat=True)
        )
        return [label for value, label in Membership.Role.choices if value in claimed - decided]
