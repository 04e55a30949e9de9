"""Where a sent claim has got to, as four steps people can follow: sent, approved, in a
payment batch, paid. Each step is done (with its date), the one happening now, or to come
(the last with the day it should be paid by)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from payments import money
from payments.models import Claim

Status = Claim.Status
# The steps each status has reached.
_REACHED = {
    Status.SUBMITTED: 1,
    Status.APPROVED: 2,
    Status.BATCHED: 3,
    Status.PAID: 4,
    Status.REVERSED: 4,
}


@dataclass(frozen=True)
class Step:
    label: str
    done_on: date | None  # the day it happened, once done
    state: str  # "done", "current" (the next thing to happen) or "to-come"
    due_by: date | None = None  # for the last step not yet done: when it should be paid by


def claim_steps(claim: Claim, *, expected: date | None) -> list[Step]:
    """The tracker for a sent claim; [] for one not sent yet, sent back or withdrawn.
    `expected` is the day it should be paid by while it is not yet paid. The claim's batch
    should be loaded with it, and its payments prefetched for a list of claims
    (`money.original_payments()`)."""
    reached = _REACHED.get(Status(claim.status))
    if reached is None:
        return []
    payment = money.original_payment(claim) if reached == 4 else None
    paid_on = payment.paid_on if payment else None
    days = [
        _local_day(claim.submitted_at),
        _local_day(claim.decided_at),
        _local_day(claim.batch.created_at) if claim.batch else None,
        paid_on,
    ]
    labels = ["Sent", "Approved", "In a payment batch", "Paid"]
    steps = []
    for number, (label, day) in enumerate(zip(labels, days, strict=True), start=1):
        if number <= reached:
            steps.append(Step(label, day, "done"))
        else:
            state = "current" if number == reached + 1 else "to-come"
            steps.append(Step(label, None, state, expected if number == 4 else None))
    return steps


def _local_day(moment) -> date | None:
    return timezone.localdate(moment) if moment else None
