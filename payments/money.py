"""Money arithmetic: rates on a day, what a claim comes to, periods, totals and limits.

The rounding rule, stated once: every part of a claim is multiplied out exactly, the parts are
added, and the total is rounded once to the nearest penny, half a penny rounding up.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Literal

from django.db.models import Prefetch, Q, QuerySet, Sum

from coproduction.models import Collaboration, Membership
from payments.models import (
    INCOME_METHODS,
    ONLINE_ALLOWANCE_KEY,
    Activity,
    Claim,
    EarningsLimit,
    Payment,
    PaymentSettings,
    Rate,
    Unit,
)
from sessions_app.models import Session

PENNY = Decimal("0.01")
ROUNDING_RULE = (
    "Time is counted in whole minutes; the amount is worked out exactly, then rounded once "
    "to the nearest penny (half a penny rounds up)."
)
MINUTE = Decimal(60)


def _hours_exactly(hours: Decimal, rate: Decimal) -> Decimal:
    """Hours as whole minutes (0.67 hours is 40 minutes), priced exactly: hours are stored
    to 2 decimal places, which cannot hold 40 minutes."""
    minutes = (hours * MINUTE).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return minutes * rate / MINUTE


ZERO = Decimal("0.00")


def round_once(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def pounds(value: Decimal | None) -> str:
    """£1,234.50: how money is written everywhere."""
    value = value or ZERO
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


class NoRate(LookupError):
    pass


def rate_on(collaboration: Collaboration, activity: str, unit: str, day: date) -> Rate:
    rate = (
        Rate.objects.filter(
            collaboration=collaboration, activity=activity, unit=unit, valid_from__lte=day
        )
        .order_by("-valid_from")
        .first()
    )
    if rate is None:
        raise NoRate(
            f"There is no rate for {Activity(activity).label.lower()} "
            f"{Unit(unit).label} on {day:%-d %B %Y}."
        )
    return rate


def online_allowance(claim: Claim) -> Rate | None:
    """The allowance for phone, internet and printing that taking part in an online session
    (by video or phone) earns, if the rate card has one: the session claim includes it.
    Hybrid sessions are left out: who joined online is not recorded, so it is claimed by hand."""
    online = (Session.Mode.VIDEO, Session.Mode.PHONE)
    if (
        claim.activity != Activity.SESSION
        or claim.session is None
        or claim.session.mode not in online
    ):
        return None
    try:
        return rate_on(
            claim.collaboration, Activity.ONLINE_ALLOWANCE, Unit.FIXED, claim.date_worked
        )
    except NoRate:  # the collaboration does not pay one
        return None


def amount_for(claim: Claim) -> tuple[Decimal, dict[str, str]]:
    """What `claim` comes to at the rates in force on the day, and the rates used."""
    used: dict[str, str] = {}
    exact = Decimal("0")
    if claim.kind == Claim.Kind.FEE:
        rate = rate_on(claim.collaboration, claim.activity, claim.unit, claim.date_worked)
        if claim.unit == Unit.HOUR:
            exact += _hours_exactly(claim.quantity, rate.amount)
        else:
            exact += claim.quantity * rate.amount
        used[f"{claim.activity}/{claim.unit}"] = str(rate.amount)
        if claim.preparation_hours:
            prep = rate_on(claim.collaboration, Activity.PREPARATION, Unit.HOUR, claim.date_worked)
            exact += _hours_exactly(claim.preparation_hours, prep.amount)
            used[f"{Activity.PREPARATION}/{Unit.HOUR}"] = str(prep.amount)
        if allowance := online_allowance(claim):
            exact += allowance.amount
            used[ONLINE_ALLOWANCE_KEY] = str(allowance.amount)
    elif claim.expense_type == Claim.ExpenseType.MILEAGE:
        rate = rate_on(claim.collaboration, Activity.MILEAGE, Unit.MILE, claim.date_worked)
        exact += claim.miles * rate.amount
        used[f"{Activity.MILEAGE}/{Unit.MILE}"] = str(rate.amount)
    else:
        exact += claim.amount_due
    return round_once(exact), used


# Periods. Weeks run Monday to Sunday; a tax year runs from 6 April to 5 April.


def week_of(day: date) -> tuple[date, date]:
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def month_of(day: date) -> tuple[date, date]:
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)


def tax_year_of(day: date) -> int:
    """The tax year a day falls in, named by the year it starts: 5 April 2026 is in 2025."""
    return day.year if (day.month, day.day) >= (4, 6) else day.year - 1


def tax_year_dates(year: int) -> tuple[date, date]:
    return date(year, 4, 6), date(year + 1, 4, 5)


def tax_year_label(year: int) -> str:
    return f"6 April {year} to 5 April {year + 1}"


def payment_settings(collaboration: Collaboration) -> PaymentSettings:
    settings, _ = PaymentSettings.objects.get_or_create(collaboration=collaboration)
    return settings


def original_payments() -> (
    "Prefetch[Literal['payments'], QuerySet[Payment], Literal['original_payments']]"
):
    """For a list of claims: each claim's payments other than reversals, in one query, as
    `claim.original_payments` (which `original_payment` then reads)."""
    return Prefetch(
        "payments",
        queryset=Payment.objects.filter(reverses__isnull=True),
        to_attr="original_payments",
    )


def original_payment(claim: Claim) -> Payment | None:
    """The payment that paid the claim, not a reversal of it."""
    if hasattr(claim, "original_payments"):
        return next(iter(claim.original_payments), None)
    return claim.payments.filter(reverses__isnull=True).first()


def expected_payment_date(claim: Claim, *, today: date, target: int | None = None) -> date:
    """When the claim should be paid: within the collaboration's target (`target` days, read
    from its settings if not given), not before any date the member chose."""
    if claim.status == Claim.Status.PAID:
        payment = original_payment(claim)
        if payment:
            return payment.paid_on
    if target is None:
        target = payment_settings(claim.collaboration).turnaround_days
    start = claim.submitted_at.date() if claim.submitted_at else today
    expected = max(start + timedelta(days=target), today)
    if claim.pay_not_before and claim.pay_not_before > expected:
        expected = claim.pay_not_before
    return expected


# Income: fees paid by bank or voucher. Vouchers are income too, always. Expenses are not.

_COUNTED = (
    Claim.Status.SUBMITTED,
    Claim.Status.APPROVED,
    Claim.Status.BATCHED,
    Claim.Status.PAID,
)


def _income_claims(membership: Membership) -> QuerySet[Claim]:
    return Claim.objects.filter(
        membership=membership, kind=Claim.Kind.FEE, method__in=INCOME_METHODS
    )


def week_income(membership: Membership, day: date, *, exclude: Claim | None = None) -> Decimal:
    """Income for the week `day` is in, by the day the work was done: paid and promised."""
    start, end = week_of(day)
    claims = _income_claims(membership).filter(status__in=_COUNTED, date_worked__range=(start, end))
    if exclude is not None and exclude.pk:
        claims = claims.exclude(pk=exclude.pk)
    return sum((c.amount_to_pay for c in claims), ZERO)


def month_income(
    membership: Membership, day: date, *, today: date, exclude: Claim | None = None
) -> Decimal:
    """Income for the month `day` is in, by the day paid (or expected to be paid)."""
    start, end = month_of(day)
    paid = (
        Payment.objects.filter(
            claim__membership=membership,
            claim__kind=Claim.Kind.FEE,
            method__in=INCOME_METHODS,
            paid_on__range=(start, end),
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    waiting = _income_claims(membership).filter(
        status__in=(Claim.Status.SUBMITTED, Claim.Status.APPROVED, Claim.Status.BATCHED)
    )
    if exclude is not None and exclude.pk:
        waiting = waiting.exclude(pk=exclude.pk)
    target = payment_settings(membership.collaboration).turnaround_days
    promised = sum(
        (
            c.amount_to_pay
            for c in waiting
            if start <= expected_payment_date(c, today=today, target=target) <= end
        ),
        ZERO,
    )
    return paid + promised


@dataclass(frozen=True)
class LimitCheck:
    period: str  # "week" or "month"
    limit: Decimal
    before: Decimal  # income in the period without this claim
    with_claim: Decimal

    @property
    def crosses(self) -> bool:
        """Over the limit. Reaching it exactly is allowed (permitted work is 'up to')."""
        return self.with_claim > self.limit

    @property
    def headroom(self) -> Decimal:
        """The most this claim could be without crossing the limit."""
        return max(self.limit - self.before, ZERO)


class _LookUp(Enum):
    """No limit given: look the member's up."""

    LOOK_UP = "look up"


_LOOK_UP = _LookUp.LOOK_UP
type _GivenLimit = EarningsLimit | Literal[_LookUp.LOOK_UP] | None


def limit_checks(claim: Claim, *, today: date, limit: _GivenLimit = _LOOK_UP) -> list[LimitCheck]:
    """How `claim` stands against the member's own limits (an empty list if none apply).
    `limit` is the member's EarningsLimit (or None), when the caller has it already."""
    if claim.kind != Claim.Kind.FEE or claim.method not in INCOME_METHODS:
        return []
    if limit is _LOOK_UP:
        limit = EarningsLimit.objects.filter(membership_id=claim.membership_id).first()
    if limit is None:
        return []
    checks = []
    amount = claim.amount_to_pay
    if limit.weekly_limit is not None:
        before = week_income(claim.membership, claim.date_worked, exclude=claim)
        checks.append(LimitCheck("week", limit.weekly_limit, before, before + amount))
    if limit.monthly_limit is not None:
        expected = expected_payment_date(claim, today=today)
        before = month_income(claim.membership, expected, today=today, exclude=claim)
        checks.append(LimitCheck("month", limit.monthly_limit, before, before + amount))
    return checks


def crosses_a_limit(claim: Claim, *, today: date, limit: _GivenLimit = _LOOK_UP) -> bool:
    return any(check.crosses for check in limit_checks(claim, today=today, limit=limit))


def tax_year_payments(membership: Membership, year: int) -> QuerySet[Payment]:
    start, end = tax_year_dates(year)
    return (
        Payment.objects.filter(claim__membership=membership, paid_on__range=(start, end))
        .select_related("claim")
        .order_by("paid_on", "pk")
    )


def paid_totals(payments: Iterable[Payment]) -> dict[str, Decimal]:
    """Fees (income, and all), expenses, from ledger rows (reversals included)."""
    totals = {"fees": ZERO, "income": ZERO, "expenses": ZERO}
    for payment in payments:
        if payment.claim.kind == Claim.Kind.FEE:
            totals["fees"] += payment.amount
            if payment.method in INCOME_METHODS:
                totals["income"] += payment.amount
        else:
            totals["expenses"] += payment.amount
    return totals


def income_filter() -> Q:
    return Q(claim__kind=Claim.Kind.FEE, method__in=INCOME_METHODS)
