"""Paying people for their time: rates, claims (time and expenses), batches and a ledger.

Money is Decimal throughout. A claim's amount is worked out exactly and rounded once, to the
penny, half a penny up (see `payments.money`). Once approved, a claim keeps the rate it was
approved at. What was paid is a `Payment` row: never edited or deleted; a mistake is put right
by a reversing row.
"""

from payments.models.claims import Claim, PaymentBatch, receipt_storage
from payments.models.ledger import ImmutableError, Payment, PaymentQuerySet
from payments.models.payees import INCOME_METHODS, EarningsLimit, PayeeDetails, PaymentMethod
from payments.models.rates import (
    ONLINE_ALLOWANCE_KEY,
    Activity,
    BenefitLimit,
    EmploymentStatus,
    EmploymentStatusDecision,
    PaymentSettings,
    Rate,
    Unit,
)

__all__ = [
    "INCOME_METHODS",
    "ONLINE_ALLOWANCE_KEY",
    "Activity",
    "BenefitLimit",
    "Claim",
    "EarningsLimit",
    "EmploymentStatus",
    "EmploymentStatusDecision",
    "ImmutableError",
    "PayeeDetails",
    "Payment",
    "PaymentBatch",
    "PaymentMethod",
    "PaymentQuerySet",
    "PaymentSettings",
    "Rate",
    "Unit",
    "receipt_storage",
]
