"""Check-ins about a person's own taking part: when a step-away is due to end, and before
exams. Registered in MembersConfig.ready()."""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership, Message
from coproduction.outbox import message_enqueue
from coproduction.reminders import first_name, site_link
from members.models import Commitment, StepAway

Kind = Message.Kind
Category = Message.Category
Status = Membership.Status
EXAM_CHECK_IN_DAYS_BEFORE = 14


def produce_check_ins(*, now: datetime) -> int:
    """Check-ins when a step-away is due to end, and before exams (14 days ahead)."""
    created = 0
    today = timezone.localdate(now)
    for away in StepAway.objects.filter(ended_on__isnull=True, return_on__lte=today).select_related(
        "membership__user", "membership__collaboration"
    ):
        member = away.membership
        page = site_link(
            reverse("members:person-detail", args=[member.collaboration.slug, member.code])
        )
        created += bool(
            message_enqueue(
                recipient=member,
                kind=Kind.STEP_AWAY_CHECK_IN,
                category=Category.SERVICE,
                template="members/messages/step_away_check_in.txt",
                context={
                    "name": first_name(member),
                    "collaboration": member.collaboration,
                    "url": page,
                },
                due_at=now,
                dedupe_key=f"step-away:{away.pk}",
            )
        )
    soon = today + timedelta(days=EXAM_CHECK_IN_DAYS_BEFORE)
    exams = Commitment.objects.filter(
        kind=Commitment.Kind.EXAM, starts_on__gt=today, starts_on__lte=soon
    )
    for exam in exams:
        for member in Membership.objects.filter(
            user_id=exam.user_id, status=Status.ACTIVE
        ).select_related("user", "collaboration"):
            page = site_link(
                reverse("members:person-step-away", args=[member.collaboration.slug, member.code])
            )
            created += bool(
                message_enqueue(
                    recipient=member,
                    kind=Kind.EXAM_CHECK_IN,
                    category=Category.PROMPTS,
                    template="members/messages/exam_check_in.txt",
                    context={
                        "name": first_name(member),
                        "collaboration": member.collaboration,
                        "exam": exam,
                        "url": page,
                    },
                    due_at=now,
                    dedupe_key=f"exam:{exam.pk}:{member.pk}",
                )
            )
    return created
