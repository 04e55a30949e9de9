"""Hours and amounts paid, expenses, and payment turnaround."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from coproduction.models import Membership
from coproduction.reports.figures.common import money_text, percent, table
from payments.models import Claim, Payment, Unit
from payments.services import turnaround

Role = Membership.Role
Status = Membership.Status


def payments_section(collaboration, start, end, t) -> dict:

    ledger = Payment.objects.filter(collaboration=collaboration, paid_on__range=(start, end))
    sums = ledger.aggregate(
        fees=Sum("amount", filter=Q(claim__kind=Claim.Kind.FEE)),
        expenses=Sum("amount", filter=Q(claim__kind=Claim.Kind.EXPENSE)),
        people=Count("claim__membership", distinct=True, filter=Q(amount__gt=0)),
        hours=Sum(
            "claim__quantity",
            filter=Q(claim__kind=Claim.Kind.FEE, claim__unit=Unit.HOUR, reverses__isnull=True),
        ),
        preparation=Sum(
            "claim__preparation_hours",
            filter=Q(claim__kind=Claim.Kind.FEE, reverses__isnull=True),
        ),
        declined=Count(
            "claim",
            filter=Q(claim__method__in=["decline", "charity"], reverses__isnull=True),
        ),
    )
    speed = turnaround(collaboration, since=start, until=end)
    key: dict[str, object] = {
        "claims": speed["count"],
        "target": speed["target"],
        "median": f"{speed['median']:g}" if speed["count"] else "",
        "within": speed["within"],
    }
    if 0 < sums["people"] < t:
        rows: list[list[object]] = [
            ["Paid", f"Not shown: fewer than {t} people were paid in the period."]
        ]
        key["withheld"] = True
    else:
        hours = (sums["hours"] or 0) + (sums["preparation"] or 0)
        key |= {
            "people": str(sums["people"]),
            "fees": money_text(sums["fees"]),
            "hours": f"{Decimal(hours).normalize():f}",
            "session_hours": float(sums["hours"] or 0),
            "preparation_hours": float(sums["preparation"] or 0),
        }
        rows = [
            ["People paid", sums["people"]],
            ["Paid for time", key["fees"]],
            ["Hours paid for (sessions, tasks and preparation, by the hour)", key["hours"]],
            ["Expenses repaid", money_text(sums["expenses"])],
        ]
    if speed["count"]:
        rows += [
            ["Claims paid", speed["count"]],
            ["Target: paid within (days of being sent)", speed["target"]],
            ["Half of all claims were paid within (days)", f"{speed['median']:g}"],
            ["Paid within the target", percent(speed["within"], speed["count"])],
        ]
    else:
        rows.append(["Claims paid", "none in the period"])
    return {
        "intro": "Fees and expenses paid in the period (by the day the money went), and how "
        "quickly claims were paid against the collaboration's target. Reversals are included.",
        "tables": [table("payments", "Payments", ["", "Figure"], rows)],
        "charts": [],
        "key": key,
    }
