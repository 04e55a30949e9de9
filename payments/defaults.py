"""Seeded figures (from ../shared/DOMAIN.md). Every one is data an administrator can change,
marked "check the current figure" until someone has."""

from datetime import date
from decimal import Decimal

from payments.models import Activity, BenefitLimit, Rate, Unit

NIHR = "NIHR payment guidance for public involvement (raised 10% from 16 December 2025)"
NIHR_FROM = date(2025, 12, 16)
HOURLY = Decimal("27.50")

# (activity, unit, amount, source)
DEFAULT_RATES = [
    (Activity.SESSION, Unit.HOUR, HOURLY, NIHR),
    (Activity.PREPARATION, Unit.HOUR, HOURLY, NIHR),
    (Activity.TRAINING, Unit.HOUR, HOURLY, NIHR),
    (Activity.TASK, Unit.HOUR, HOURLY, NIHR),
    (Activity.EVENT, Unit.HALF_DAY, HOURLY * 4, f"{NIHR}: 4 hours at the hourly base"),
    (Activity.EVENT, Unit.DAY, HOURLY * 8, f"{NIHR}: 8 hours at the hourly base"),
    (Activity.TASK, Unit.FIXED, Decimal("13.80"), f"{NIHR}: the smallest payment"),
    (Activity.ONLINE_ALLOWANCE, Unit.FIXED, Decimal("5.00"), "University of York practice"),
    (Activity.MILEAGE, Unit.MILE, Decimal("0.45"), "Common practice (HMRC approved rate)"),
]

# (name, period, amount, valid from, source)
DEFAULT_BENEFIT_LIMITS = [
    ("ESA permitted work (higher limit)", "week", "203.50", date(2026, 4, 6), "gov.uk"),
    ("ESA permitted work (lower limit)", "week", "20.00", date(2026, 4, 6), "gov.uk"),
    ("Carer's Allowance earnings limit", "week", "204.00", date(2026, 4, 6), "gov.uk"),
    (
        "Universal Credit work allowance (with housing costs)",
        "month",
        "411.00",
        date(2025, 4, 6),
        "gov.uk",
    ),
    (
        "Universal Credit work allowance (no housing costs)",
        "month",
        "684.00",
        date(2025, 4, 6),
        "gov.uk",
    ),
]


def seed_rates(collaboration, rate_model=Rate) -> None:
    """Gives a collaboration the default rate card, if it has none (`rate_model` lets a
    migration pass its historical model)."""
    if rate_model.objects.filter(collaboration_id=collaboration.pk).exists():
        return
    rate_model.objects.bulk_create(
        rate_model(
            collaboration_id=collaboration.pk,
            activity=activity,
            unit=unit,
            amount=amount,
            valid_from=NIHR_FROM,
            source=source,
            needs_checking=True,
        )
        for activity, unit, amount, source in DEFAULT_RATES
    )


def seed_benefit_limits(limit_model=BenefitLimit) -> None:
    for name, period, amount, valid_from, source in DEFAULT_BENEFIT_LIMITS:
        limit_model.objects.get_or_create(
            name=name,
            valid_from=valid_from,
            defaults={"period": period, "amount": Decimal(amount), "source": source},
        )
