"""Nudges about money: members with a claim to confirm, and approvers of claims left
waiting. Registered in PaymentsConfig.ready()."""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from coproduction.models import Collaboration, Membership, Message
from coproduction.outbox import message_enqueue
from coproduction.reminders import first_name, site_link
from payments.models import Claim
from payments.money import payment_settings, pounds

Kind = Message.Kind
Category = Message.Category
Status = Membership.Status


def produce_payment_nudges(*, now: datetime) -> int:
    """Members with a claim from a session they came to and have not confirmed; approvers
    when claims have waited too long. Once per claim, and once per approver per day."""
    created = 0
    for collaboration in Collaboration.objects.filter(claims__isnull=False).distinct():
        rules = payment_settings(collaboration)
        drafts = Claim.objects.filter(
            collaboration=collaboration,
            status=Claim.Status.DRAFT,
            created_at__lte=now - timedelta(days=rules.confirm_nudge_days),
        ).select_related("membership__user", "collaboration")
        for claim in drafts:
            page = site_link(reverse("payments:claim", args=[collaboration.slug, claim.code]))
            created += bool(
                message_enqueue(
                    recipient=claim.membership,
                    kind=Kind.CLAIM_TO_CONFIRM,
                    category=Category.SERVICE,
                    template="payments/messages/claim_to_confirm.txt",
                    context={
                        "name": first_name(claim.membership),
                        "claim": claim,
                        "amount": pounds(claim.amount_due),
                        "url": page,
                    },
                    due_at=now,
                    dedupe_key=f"claim-confirm:{claim.pk}",
                )
            )
        waiting = Claim.objects.filter(
            collaboration=collaboration,
            status=Claim.Status.SUBMITTED,
            submitted_at__lte=now - timedelta(days=rules.approval_nudge_days),
        ).count()
        if not waiting:
            continue
        page = site_link(reverse("payments:approvals", args=[collaboration.slug]))
        approvers = (
            Membership.objects.filter(
                collaboration=collaboration, role__in=[Membership.Role.STAFF, Membership.Role.ADMIN]
            )
            .exclude(status=Status.ALUMNI)
            .select_related("user", "collaboration")
        )
        for approver in approvers:
            created += bool(
                message_enqueue(
                    recipient=approver,
                    kind=Kind.CLAIMS_WAITING,
                    category=Category.SERVICE,
                    template="payments/messages/claims_waiting.txt",
                    context={
                        "waiting": waiting,
                        "days": rules.approval_nudge_days,
                        "collaboration": collaboration,
                        "url": page,
                    },
                    due_at=now,
                    dedupe_key=f"claims-waiting:{collaboration.pk}:{timezone.localdate(now)}:{approver.pk}",
                )
            )
    return created
