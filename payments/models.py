"""Paying people for their time: rates, claims (time and expenses), batches and a ledger.

Money is Decimal throughout. A claim's amount is worked out exactly and rounded once, to the
penny, half a penny up (see `payments.money`). Once approved, a claim keeps the rate it was
approved at. What was paid is a `Payment` row: never edited or deleted; a mistake is put right
by a reversing row.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from coproduction.managers import PeersManager
from coproduction.models import Collaboration, Membership


def receipt_storage():
    return storages["receipts"]


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


# How an online-meeting allowance included in a session claim is named in its rates_used.
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
    def in_force(cls, collaboration: Collaboration, role: str, on=None):
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
            Claim.objects.filter(collaboration=collaboration)
            .values_list("membership__role", flat=True)
            .distinct()
        )
        decided = set(
            cls.objects.filter(
                collaboration=collaboration, decided_on__lte=timezone.localdate()
            ).values_list("role", flat=True)
        )
        return [label for value, label in Membership.Role.choices if value in claimed - decided]


class PaymentMethod(models.TextChoices):
    BANK = "bank", "Bank transfer"
    VOUCHER = "voucher", "Shopping voucher"
    CHARITY = "charity", "Pay it to a charity"
    DECLINE = "decline", "I don't want to be paid for this"


# Methods that put money (or money's worth) in the member's hands: income for benefits.
INCOME_METHODS = (PaymentMethod.BANK, PaymentMethod.VOUCHER)


class PayeeDetails(models.Model):
    """How one member wants to be paid by default, and their bank details if they use a bank.

    Seen by the member and by finance only. Under-18s are never asked for bank details.
    """

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="payee_details"
    )
    method = models.CharField(
        "usually pay me by",
        max_length=10,
        choices=PaymentMethod.choices,
        default=PaymentMethod.BANK,
    )
    account_name = models.CharField("name on the account", max_length=18, blank=True)
    sort_code = models.CharField(max_length=6, blank=True)
    account_number = models.CharField(max_length=8, blank=True)
    voucher_email = models.EmailField("send vouchers to", blank=True)
    charity_name = models.CharField("charity", max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Payee details of {self.membership}"

    @property
    def has_bank_details(self) -> bool:
        return bool(self.account_name and self.sort_code and self.account_number)


class EarningsLimit(models.Model):
    """A member's own, private limits on what they are paid (for benefits, or any reason).

    Only the member sees these figures; approvers see only that a claim would cross one.
    """

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="earnings_limit"
    )
    weekly_limit = models.DecimalField(
        "weekly limit (by the day you did the work)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    monthly_limit = models.DecimalField(
        "monthly limit (by the day you are paid)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    based_on = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Earnings limit of {self.membership}"


class PaymentBatch(models.Model):
    """Approved claims gathered by finance, exported for the bank and then marked paid once."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="payment_batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    exported_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    marked_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "payment batches"

    def __str__(self) -> str:
        return f"Batch of {self.created_at:%-d %B %Y}"

    @property
    def is_paid(self) -> bool:
        return self.marked_paid_at is not None


class Claim(models.Model):
    """A claim for paid time (a fee) or for an expense, from draft to paid."""

    class Kind(models.TextChoices):
        FEE = "fee", "Paid time"
        EXPENSE = "expense", "Expense"

    class ExpenseType(models.TextChoices):
        FARES = "fares", "Fares (bus, train, taxi)"
        MILEAGE = "mileage", "Mileage (your own car)"
        PARKING = "parking", "Parking"
        CARE = "care", "Replacement care or childcare"
        SUPPORT_WORKER = "support_worker", "Support worker or personal assistant"
        INTERPRETER = "interpreter", "Interpreter"
        MEALS = "meals", "Meals"
        OTHER = "other", "Something else agreed"

    class Status(models.TextChoices):
        DRAFT = "draft", "Waiting for you to confirm"
        SUBMITTED = "submitted", "Waiting for approval"
        RETURNED = "returned", "Sent back to you"
        APPROVED = "approved", "Approved, waiting to be paid"
        BATCHED = "batched", "Being paid"
        PAID = "paid", "Paid"
        REVERSED = "reversed", "Paid, then reversed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="claims"
    )
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="claims")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    session = models.ForeignKey(
        "sessions_app.Session",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    description = models.CharField("what it was for", max_length=200)
    date_worked = models.DateField("date of the work or the expense")
    # Paid time: quantity x the activity's rate, plus preparation hours at the preparation rate.
    activity = models.CharField(max_length=20, choices=Activity.choices, blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices, blank=True)
    quantity = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    preparation_hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    # Expenses: a receipt amount, or miles at the mileage rate.
    expense_type = models.CharField(max_length=20, choices=ExpenseType.choices, blank=True)
    miles = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    receipt = models.FileField(storage=receipt_storage, upload_to="receipts/%Y/%m/", blank=True)
    receipt_name = models.CharField(max_length=200, blank=True)
    approval_in_advance = models.BooleanField("asked for approval before spending", default=False)
    # What it comes to, and what the member chose to do with it.
    amount_due = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0"))
    rates_used = models.JSONField(default=dict, help_text="The rates the amount was worked out at.")
    method = models.CharField(
        "how to pay this", max_length=10, choices=PaymentMethod.choices, blank=True
    )
    lower_amount = models.DecimalField(
        "pay me less than this",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    pay_not_before = models.DateField(
        "don't pay me before", null=True, blank=True, help_text="To keep it out of this month."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    over_limit_acknowledged = models.BooleanField(default=False)
    batch = models.ForeignKey(
        PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    split_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="split_parts",
        help_text="Hours moved out of this claim to be paid later, to stay within a limit.",
    )

    objects = PeersManager()

    class Meta:
        ordering = ["-date_worked", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "membership"],
                condition=Q(kind="fee", session__isnull=False),
                name="claim_one_fee_per_session",
            ),
            models.CheckConstraint(
                condition=Q(lower_amount__isnull=True)
                | Q(lower_amount__lte=models.F("amount_due")),
                name="claim_lower_amount_is_lower",
            ),
        ]
        indexes = [models.Index(fields=["collaboration", "status"], name="claim_status")]

    def __str__(self) -> str:
        return f"{self.description} ({self.get_status_display()})"

    @property
    def amount_to_pay(self) -> Decimal:
        """What will be paid: the amount due, a lower amount the member chose, or nothing."""
        if self.method == PaymentMethod.DECLINE:
            return Decimal("0.00")
        if self.lower_amount is not None:
            return self.lower_amount
        return self.amount_due

    @property
    def online_allowance(self) -> Decimal | None:
        """The online-meeting allowance included in the amount, if there is one."""
        amount = self.rates_used.get(ONLINE_ALLOWANCE_KEY)
        return Decimal(amount) if amount is not None else None

    @property
    def is_editable_by_member(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ImmutableError(ValidationError):
    pass


class PaymentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("Payments are never edited: add a reversing payment instead.")

    def delete(self):
        raise ImmutableError("Payments are never deleted: add a reversing payment instead.")


class Payment(models.Model):
    """The ledger: one row per payment made, and one per reversal. Never edited or deleted.

    `paid_on` is the day the money went (Universal Credit counts earnings by date received);
    the claim keeps the day the work was done (weekly limits count by that).
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.PROTECT, related_name="payments"
    )
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="payments")
    batch = models.ForeignKey(
        PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    paid_on = models.DateField()
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [
            # Marking a batch paid twice must pay each claim once.
            models.UniqueConstraint(
                fields=["claim"], condition=Q(reverses__isnull=True), name="payment_once_per_claim"
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.paid_on}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError("Payments are never edited: add a reversing payment instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Payments are never deleted: add a reversing payment instead.")
