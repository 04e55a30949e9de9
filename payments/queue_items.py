"""The payments app's items in the "needs you" queue: claims waiting for approval (the late
ones urgent), and for finance, approved claims to put in a batch and batches to mark paid."""

from django.urls import reverse
from django.utils.translation import ngettext

from coproduction.models import Membership
from coproduction.permissions import Action, may
from coproduction.work_queue import QueueItem
from payments.models import Claim, PaymentBatch
from payments.services import late_claims

Status = Claim.Status


def claims_to_approve(membership: Membership) -> list[QueueItem]:
    if not may(membership, Action.APPROVE_CLAIMS):
        return []
    collaboration = membership.collaboration
    waiting = Claim.objects.filter(collaboration=collaboration, status=Status.SUBMITTED).count()
    late = late_claims(collaboration).count()
    url = reverse("payments:approvals", args=[collaboration.slug])
    items = []
    if late:
        text = ngettext(
            "%(count)d claim is late: paid later than the target.",
            "%(count)d claims are late: paid later than the target.",
            late,
        )
        items.append(QueueItem(text % {"count": late}, url + "#late", "See the late claims", True))
    if waiting:
        text = ngettext(
            "%(count)d claim waiting for approval.",
            "%(count)d claims waiting for approval.",
            waiting,
        )
        items.append(QueueItem(text % {"count": waiting}, url + "#waiting", "Approve claims"))
    return items


def payments_to_make(membership: Membership) -> list[QueueItem]:
    if not may(membership, Action.MANAGE_PAYMENTS):
        return []
    collaboration = membership.collaboration
    approved = Claim.objects.filter(
        collaboration=collaboration, status=Status.APPROVED, batch__isnull=True
    ).count()
    unpaid = PaymentBatch.objects.filter(
        collaboration=collaboration, marked_paid_at__isnull=True
    ).count()
    url = reverse("payments:batches", args=[collaboration.slug])
    items = []
    if approved:
        text = ngettext(
            "%(count)d approved claim to put in a payment batch.",
            "%(count)d approved claims to put in a payment batch.",
            approved,
        )
        items.append(QueueItem(text % {"count": approved}, url, "Payment batches"))
    if unpaid:
        text = ngettext(
            "%(count)d payment batch not marked as paid yet.",
            "%(count)d payment batches not marked as paid yet.",
            unpaid,
        )
        items.append(QueueItem(text % {"count": unpaid}, url, "Payment batches"))
    return items
