"""The ledger: one row per payment made, and one per reversal. Never edited or deleted."""

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from coproduction.models import Collaboration
from payments.models.claims import Claim, PaymentBatch
from payments.models.payees import PaymentMethod


class ImmutableError(ValidationError):
    pass


class PaymentQuerySet(models.QuerySet["Payment"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableError("Payments are never edited: add a reversing payment instead.")

    def delete(self) -> NoReturn:
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

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError("Payments are never edited: add a reversing payment instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableError("Payments are never deleted: add a reversing payment instead.")
