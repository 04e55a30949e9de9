"""Every write to claims, batches and the payment ledger."""

from datetime import date, timedelta
from decimal import Decimal
from typing import TypedDict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Collaboration, Membership, Message
from coproduction.outbox import message_enqueue
from members.models import GuardianConsent, User
from payments import money
from payments.models import (
    Activity,
    Claim,
    PayeeDetails,
    Payment,
    PaymentBatch,
    PaymentMethod,
    Unit,
)
from sessions_app.models import Session, SessionInvite, TaskAnswer

Status = Claim.Status
SIXTY = Decimal(60)  # seconds in a minute, minutes in an hour


class ClaimError(ValueError):
    """Something that cannot be done to a claim; the message is for the person who tried,
    and `field` names the form field it is about, if it is about one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def guardian_method(membership: Membership) -> str:
    """The way a guardian agreed an under-18 may be paid ("" if not agreed yet)."""
    consent = GuardianConsent.objects.filter(user_id=membership.user_id).first()
    return consent.payment_method if consent and consent.is_complete else ""


def default_method(membership: Membership) -> str:
    """An under-18 is paid the way their guardian approved (a voucher until they have);
    everyone else as they usually choose."""
    if membership.user.is_under_18:
        return guardian_method(membership) or PaymentMethod.VOUCHER
    details = PayeeDetails.objects.filter(membership=membership).first()
    return details.method if details else PaymentMethod.BANK


def method_choices(membership: Membership) -> list[tuple[str, str]]:
    """Under-18s are never offered a bank transfer: only their guardian's way, or none."""
    if membership.user.is_under_18:
        allowed = {default_method(membership), PaymentMethod.DECLINE}
        return [c for c in PaymentMethod.choices if c[0] in allowed]
    return list(PaymentMethod.choices)


def _price(claim: Claim) -> None:
    claim.amount_due, claim.rates_used = money.amount_for(claim)
    if claim.lower_amount is not None and claim.lower_amount > claim.amount_due:
        claim.lower_amount = None


def _tell(claim: Claim, news: str, key: str, **context: object) -> None:
    """Tells the member what happened to their claim: approved, returned or paid."""
    path = reverse("payments:claim", args=[claim.collaboration.slug, claim.code])
    message_enqueue(
        recipient=claim.membership,
        kind=Message.Kind.CLAIM_UPDATE,
        category=Message.Category.SERVICE,
        template="payments/messages/claim_update.txt",
        context={
            "claim": claim,
            "news": news,
            "amount": money.pounds(claim.amount_to_pay),
            "url": _site(path),
            **context,
        },
        due_at=timezone.now(),
        dedupe_key=f"claim:{claim.pk}:{key}",
    )


def _site(path: str) -> str:

    return settings.SITE_URL + path


def _session_claim(invite: SessionInvite, method: str) -> Claim:

    session = invite.session
    minutes = Decimal((session.ends_at - session.starts_at).total_seconds()) / SIXTY
    claim = Claim(
        collaboration=session.collaboration,
        membership=invite.membership,
        kind=Claim.Kind.FEE,
        session=session,
        description=session.title[:200],
        date_worked=session.starts_at.astimezone(ZoneInfo(session.time_zone)).date(),
        activity=Activity.SESSION,
        unit=Unit.HOUR,
        quantity=(minutes / SIXTY).quantize(Decimal("0.01")),
        preparation_hours=(Decimal(session.preparation_minutes) / SIXTY).quantize(Decimal("0.01")),
        method=method,
    )
    _price(claim)
    return claim


def claims_from_attendance(session: Session) -> int:
    """Drafts a claim for each member who came, for them to confirm; withdraws the drafts of
    anyone now recorded as not having come. Returns how many drafts were made."""

    made = 0
    invites = SessionInvite.objects.filter(session=session).select_related(
        "membership__user", "session__collaboration"
    )
    for invite in invites:
        came = invite.attendance == SessionInvite.Attendance.ATTENDED
        existing = Claim.objects.filter(
            session=session, membership=invite.membership, kind=Claim.Kind.FEE
        ).first()
        if not came:
            if existing:  # corrected: not paid for a session they did not come to
                Claim.objects.filter(pk=existing.pk, status__in=WITHDRAWABLE).update(
                    status=Status.WITHDRAWN, return_reason=NOT_AT_SESSION
                )
            continue
        if existing:  # corrected back: only what this withdrew comes back, never their own
            Claim.objects.filter(
                pk=existing.pk, status=Status.WITHDRAWN, return_reason=NOT_AT_SESSION
            ).update(status=Status.DRAFT, return_reason="", submitted_at=None)
            continue
        if invite.membership.role != Membership.Role.MEMBER:
            continue
        try:
            claim = _session_claim(invite, default_method(invite.membership))
        except money.NoRate:
            continue  # no rate card: staff see it on the approvals page
        try:
            with transaction.atomic():
                claim.save(force_insert=True)
        except IntegrityError:  # recorded twice at once
            continue
        made += 1
    return made


# What a member chooses on a claim's page; everything else about it is fixed or staff's.
MEMBER_CHOICES = ("method", "lower_amount", "pay_not_before")
PRICED = ("amount_due", "rates_used", "lower_amount")


def _locked_if_still_editable(claim: Claim) -> Claim:
    """The claim as it is now, locked until this transaction ends, with the member's choices
    from `claim` (loaded earlier, perhaps before someone else changed it) copied onto it.

    ClaimError if it is no longer theirs to change: withdrawn, sent or approved meanwhile, in
    another tab or by someone else. Nothing of a stale form overwrites what changed since.
    """
    current = Claim.objects.select_for_update().filter(pk=claim.pk).first()
    if current is None or not current.is_editable_by_member:
        now = current.get_status_display() if current else "Removed"
        raise ClaimError(
            f"This claim changed while you had it open. It is now: {now}. "
            "Nothing was saved, and the page shows it as it is now."
        )
    for name in MEMBER_CHOICES:
        setattr(current, name, getattr(claim, name))
    return current


@transaction.atomic
def claim_save_draft(*, claim: Claim, entered_by: User) -> Claim:
    """Keeps a new claim, or the member's choices on one still theirs to change."""
    if claim.pk is None:
        _price(claim)
        claim.entered_by = entered_by
        claim.save(force_insert=True)
        return claim
    current = _locked_if_still_editable(claim)
    _price(current)
    current.entered_by = current.entered_by or entered_by
    current.save(update_fields=list({*MEMBER_CHOICES, *PRICED, "entered_by"}))
    claim.refresh_from_db()
    return current


@transaction.atomic
def claim_submit(*, claim: Claim, entered_by: User) -> Claim:
    """The member (or staff for them) confirms the claim: it goes for approval. Refused if it
    was withdrawn, sent or approved since it was loaded."""
    current = _locked_if_still_editable(claim)
    if not current.method:
        raise ClaimError("Choose how you would like to be paid.", field="method")
    _price(current)
    current.status = Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.return_reason = ""
    current.entered_by = current.entered_by or entered_by
    current.save(
        update_fields=list(
            {*MEMBER_CHOICES, *PRICED, "status", "submitted_at", "return_reason", "entered_by"}
        )
    )
    claim.refresh_from_db()
    return current


WITHDRAWABLE = (Status.DRAFT, Status.RETURNED, Status.SUBMITTED)
NOT_AT_SESSION = "Recorded as not at the session."


def claim_withdraw(*, claim: Claim) -> None:
    """Withdraws a claim not yet approved; the condition is checked in the update itself, so
    a claim approved and batched meanwhile is never withdrawn from under finance."""
    if not Claim.objects.filter(pk=claim.pk, status__in=WITHDRAWABLE).update(
        status=Status.WITHDRAWN
    ):
        raise ClaimError("This claim can't be withdrawn now: it has been approved.")


@transaction.atomic
def claim_approve(*, claim: Claim, approver: Membership, over_limit_agreed: bool = False) -> None:
    """Approves at the rates in force on the day of the work; the amount is fixed from now."""
    claim = Claim.objects.select_for_update().select_related("membership__user").get(pk=claim.pk)
    if claim.status != Status.SUBMITTED:
        raise ClaimError("Only a claim waiting for approval can be approved.")
    if claim.membership.user_id == approver.user_id:
        raise ClaimError("Someone else must approve your own claim.")
    _price(claim)
    if money.crosses_a_limit(claim, today=timezone.localdate()) and not over_limit_agreed:
        raise ClaimError(
            "This would take them over an earnings limit they have set. Talk to them first: "
            "they may want a lower amount, to split it or to be paid later."
        )
    claim.status = Status.APPROVED
    claim.decided_by = approver.user
    claim.decided_at = timezone.now()
    claim.over_limit_acknowledged = over_limit_agreed
    claim.save(
        update_fields=[
            *PRICED,
            "status",
            "decided_by",
            "decided_at",
            "over_limit_acknowledged",
        ]
    )
    by = money.expected_payment_date(claim, today=timezone.localdate())
    _tell(claim, "approved", "approved", by=by)


@transaction.atomic
def claim_return(*, claim: Claim, approver: Membership, reason: str) -> None:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status not in (Status.SUBMITTED, Status.APPROVED):
        raise ClaimError("Only a claim waiting for approval or payment can be sent back.")
    if not reason.strip():
        raise ClaimError("Say why you are sending it back, so they can put it right.")
    claim.status = Status.RETURNED
    claim.return_reason = reason.strip()
    claim.decided_by = approver.user
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "return_reason", "decided_by", "decided_at"])
    _tell(claim, "returned", f"returned:{claim.decided_at:%Y%m%d%H%M%S}")


@transaction.atomic
def claim_split(*, claim: Claim, later_hours: Decimal, pay_later_from: date) -> Claim:
    """Moves some hours of a claim into a second claim, paid no earlier than `pay_later_from`:
    the work keeps its real date; only the payment moves (monthly limits count by date paid)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if not claim.is_editable_by_member or claim.kind != Claim.Kind.FEE or claim.unit != Unit.HOUR:
        raise ClaimError("Only hours in a claim you have not sent yet can be split.")
    total = claim.quantity + claim.preparation_hours
    if not Decimal("0") < later_hours < total:
        raise ClaimError(
            f"Choose between 0 and {total.normalize()} hours to be paid later.",
            field="later_hours",
        )
    from_prep = min(later_hours, claim.preparation_hours)
    later = Claim(
        collaboration_id=claim.collaboration_id,
        membership_id=claim.membership_id,
        kind=claim.kind,
        split_from=claim,
        description=f"{claim.description} (the rest, paid later)"[:200],
        date_worked=claim.date_worked,
        activity=claim.activity,
        unit=claim.unit,
        quantity=later_hours - from_prep,
        preparation_hours=from_prep,
        method=claim.method,
        pay_not_before=pay_later_from,
        entered_by=claim.entered_by,
    )
    _price(later)
    later.save(force_insert=True)
    claim.preparation_hours -= from_prep
    claim.quantity -= later_hours - from_prep
    claim.lower_amount = None
    _price(claim)
    claim.save(update_fields=[*PRICED, "preparation_hours", "quantity"])
    return later


# Batches and the ledger.


def _payable(claim: Claim, today: date) -> bool:
    if claim.pay_not_before and claim.pay_not_before > today:
        return False
    if claim.membership.user.is_under_18 and claim.amount_to_pay > 0:
        agreed = guardian_method(claim.membership)
        refund = claim.kind == Claim.Kind.EXPENSE and claim.method == PaymentMethod.VOUCHER
        return bool(agreed) and (claim.method == agreed or refund)
    if claim.method == PaymentMethod.BANK and claim.amount_to_pay > 0:
        details = PayeeDetails.objects.filter(membership_id=claim.membership_id).first()
        return bool(details and details.has_bank_details)
    return True


@transaction.atomic
def batch_create(*, collaboration: Collaboration, created_by: User) -> PaymentBatch | None:
    """Gathers every approved claim that can be paid today into a new batch."""
    today = timezone.localdate()
    claims = [
        claim
        for claim in Claim.objects.select_for_update(of=("self",))
        .select_related("membership__user")
        .filter(collaboration=collaboration, status=Status.APPROVED, batch__isnull=True)
        .order_by("submitted_at")
        if _payable(claim, today)
    ]
    if not claims:
        return None
    batch = PaymentBatch.objects.create(collaboration=collaboration, created_by=created_by)
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(batch=batch, status=Status.BATCHED)
    return batch


def batch_mark_paid(*, batch: PaymentBatch, paid_on: date, marked_by: User) -> bool:
    """Records the batch as paid: one ledger row per claim. Doing it again changes nothing
    and returns False (a double click, a retry, two finance officers at once)."""
    with transaction.atomic():
        now = timezone.now()
        won = PaymentBatch.objects.filter(pk=batch.pk, marked_paid_at__isnull=True).update(
            marked_paid_at=now, paid_on=paid_on, marked_paid_by=marked_by
        )
        if not won:
            return False
        claims = list(Claim.objects.filter(batch=batch, status=Status.BATCHED))
        Payment.objects.bulk_create(
            Payment(
                collaboration_id=batch.collaboration_id,
                claim=claim,
                batch=batch,
                amount=claim.amount_to_pay,
                method=claim.method,
                paid_on=paid_on,
                recorded_by=marked_by,
            )
            for claim in claims
        )
        Claim.objects.filter(pk__in=[c.pk for c in claims]).update(status=Status.PAID)
    for claim in claims:
        if claim.amount_to_pay > 0:
            _tell(claim, "paid", "paid", paid_on=paid_on)
    return True


@transaction.atomic
def payment_reverse(*, payment: Payment, reason: str, recorded_by: User) -> Payment:
    """Puts a mistaken payment right with a new, opposite entry; the original stays."""
    if not reason.strip():
        raise ClaimError("Say why the payment is being reversed.")
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.reverses_id is not None:
        raise ClaimError("A reversal can't itself be reversed: record a new payment instead.")
    if Payment.objects.filter(reverses=payment).exists():
        raise ClaimError("This payment has already been reversed.")
    reversal = Payment.objects.create(
        collaboration_id=payment.collaboration_id,
        claim_id=payment.claim_id,
        batch=None,
        amount=-payment.amount,
        method=payment.method,
        paid_on=timezone.localdate(),
        reverses=payment,
        reason=reason.strip(),
        recorded_by=recorded_by,
    )
    Claim.objects.filter(pk=payment.claim_id).update(status=Status.REVERSED)
    return reversal


def late_claims(collaboration: Collaboration) -> QuerySet[Claim]:
    """Claims sent for approval longer ago than the target and not yet paid."""
    target = money.payment_settings(collaboration).turnaround_days
    cutoff = timezone.now() - timedelta(days=target)
    return (
        Claim.objects.filter(
            collaboration=collaboration,
            status__in=(Status.SUBMITTED, Status.APPROVED, Status.BATCHED),
            submitted_at__lt=cutoff,
        )
        .select_related("membership__user")
        .order_by("submitted_at")
    )


class Turnaround(TypedDict):
    count: int  # claims paid
    target: int  # the collaboration's target, in days
    median: float | None  # days from sending to payment; None if none were paid
    within: int  # how many were paid within the target


def turnaround(
    collaboration: Collaboration, *, since: date, until: date | None = None
) -> Turnaround:
    """How quickly claims were paid (from `since`, up to `until` if given): the median days
    from sending to payment, and how many were paid within the target."""
    target = money.payment_settings(collaboration).turnaround_days
    days = sorted(
        (paid_on - timezone.localtime(submitted_at).date()).days
        for paid_on, submitted_at in Payment.objects.filter(
            collaboration=collaboration,
            reverses__isnull=True,
            paid_on__gte=since,
            paid_on__lte=until or date.max,
            claim__submitted_at__isnull=False,
        ).values_list("paid_on", "claim__submitted_at")
    )
    if not days:
        return {"count": 0, "target": target, "median": None, "within": 0}
    middle = len(days) // 2
    median = days[middle] if len(days) % 2 else (days[middle - 1] + days[middle]) / 2
    return {
        "count": len(days),
        "target": target,
        "median": median,
        "within": sum(1 for d in days if d <= target),
    }


def claim_for_task_answer(answer: TaskAnswer) -> Claim | None:
    """A paid short task, answered by a member, makes a claim for them to confirm."""
    task, membership = answer.task, answer.membership
    if not task.paid or membership.role != Membership.Role.MEMBER:
        return None
    claim = Claim(
        collaboration=task.collaboration,
        membership=membership,
        kind=Claim.Kind.FEE,
        session=None,
        description=f"Short task: {task.title}"[:200],
        date_worked=timezone.localdate(answer.answered_at),
        activity=Activity.TASK,
        unit=Unit.HOUR,
        quantity=(Decimal(task.expected_minutes) / SIXTY).quantize(Decimal("0.01")),
        method=default_method(membership),
    )
    try:
        _price(claim)
    except money.NoRate:
        return None
    claim.save(force_insert=True)
    return claim
