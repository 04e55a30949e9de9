"""Claims for paid time and expenses, from draft to paid, and the batches finance pays
them in."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from coproduction.managers import PeersManager
from coproduction.models import Collaboration, Membership
from payments.models.payees import PaymentMethod
from payments.models.rates import ONLINE_ALLOWANCE_KEY, Activity, Unit


def receipt_storage() -> Storage:
    return storages["receipts"]


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
