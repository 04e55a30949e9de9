"""How each member wants to be paid, their bank details, and their private earnings
limits."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from coproduction.models import Membership


class PaymentMethod(models.TextChoices):
    BANK = "bank", "Bank transfer"
    VOUCHER = "voucher", "Shopping voucher"
    CHARITY = "charity", "Pay it to a charity"
    DECLINE = "decline", "I don't want to be paid for this"


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
