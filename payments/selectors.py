"""Reads of claims and payments whose query shape matters."""

from datetime import date

from django.db.models import Q, Sum

from coproduction.models import Collaboration, Membership
from payments import money
from payments.models import Claim, Payment, PaymentMethod
from payments.services import late_claims

# Claims to approve (and late ones) shown at a time, the longest waiting first: a screenful
# or two on a phone, and a page light enough to draw and send quickly.
APPROVALS_SHOWN = 20


def member_home(membership: Membership) -> dict[str, object]:
    """For a member's home: their claims waiting for them to check and confirm."""
    return {
        "claims_to_confirm": Claim.objects.filter(
            membership=membership, status=Claim.Status.DRAFT
        ).count()
    }


def late_claims_page(collaboration: Collaboration) -> dict[str, object]:
    """The longest-late claims, a page of them, and how many there are in all."""
    late = late_claims(collaboration)
    return {
        "claims": list(late.select_related("membership__user__profile")[:APPROVALS_SHOWN]),
        "count": late.count(),
    }


def tax_year_totals(collaboration: Collaboration, *, today: date) -> list[dict[str, object]]:
    """Fees, expenses and how many people were paid, this tax year and last: totals only."""
    rows = []
    year = money.tax_year_of(today)
    for y in (year, year - 1):
        start, end = money.tax_year_dates(y)
        payments = Payment.objects.filter(collaboration=collaboration, paid_on__range=(start, end))
        fees = payments.filter(claim__kind=Claim.Kind.FEE).aggregate(t=Sum("amount"))["t"]
        expenses = payments.filter(claim__kind=Claim.Kind.EXPENSE).aggregate(t=Sum("amount"))["t"]
        people = payments.filter(amount__gt=0).values("claim__membership").distinct().count()
        rows.append(
            {
                "label": money.tax_year_label(y),
                "fees": fees or money.ZERO,
                "expenses": expenses or money.ZERO,
                "people": people,
            }
        )
    return rows


def declined_count(collaboration: Collaboration) -> int:
    """Claims paid to a charity or declined: a count, no one named."""
    return Claim.objects.filter(
        Q(method=PaymentMethod.DECLINE) | Q(method=PaymentMethod.CHARITY),
        collaboration=collaboration,
        status=Claim.Status.PAID,
    ).count()
