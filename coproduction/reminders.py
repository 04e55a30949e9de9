"""Reminders and prompts: what the outbox should send, and when.

Each app registers its producers in AppConfig.ready(): functions of `now` that add the
messages now due to the outbox, idempotently (one dedupe key per purpose), and return how
many they added. Beat runs them all every five minutes (`produce_due_messages`). Reminders
are rows with a due time, never far-future Celery tasks. The core's own producers: terms
ending, and no one joining for a while.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max, QuerySet
from django.utils import timezone

from coproduction.models import Collaboration, Membership, Message
from coproduction.outbox import message_enqueue

Kind = Message.Kind
Category = Message.Category
Status = Membership.Status
TERM_ENDING_DAYS = 60

Producer = Callable[..., int]
_producers: list[Producer] = []


def register(producer: Producer) -> None:
    """Adds a producer, called as producer(now=...) on every pass."""
    if producer not in _producers:
        _producers.append(producer)


def produce_due_messages(*, now: datetime | None = None) -> int:
    """Runs every app's producers once; how many messages they added."""
    now = now or timezone.now()
    return sum(producer(now=now) for producer in _producers)


def site_link(path: str) -> str:
    return settings.SITE_URL + path


def first_name(membership: Membership) -> str:
    return membership.user.shown_name.split(" ", 1)[0]


def collaboration_leads(collaboration: Collaboration) -> QuerySet[Membership]:
    """Who hears about the collaboration as a whole: its staff and administrators."""
    return (
        Membership.objects.filter(
            collaboration=collaboration, role__in=[Membership.Role.STAFF, Membership.Role.ADMIN]
        )
        .exclude(status=Status.ALUMNI)
        .select_related("user", "collaboration")
    )


def produce_term_endings(*, now: datetime) -> int:
    """Terms ending within 60 days: the member, and the collaboration's staff, hear of it."""
    created = 0
    today = timezone.localdate(now)
    ending = (
        Membership.objects.filter(
            term_end__gt=today, term_end__lte=today + timedelta(days=TERM_ENDING_DAYS)
        )
        .exclude(status=Status.ALUMNI)
        .select_related("user", "collaboration")
    )
    for member in ending:
        created += bool(
            message_enqueue(
                recipient=member,
                kind=Kind.TERM_ENDING,
                category=Category.SERVICE,
                template="coproduction/messages/term_ending.txt",
                context={
                    "name": first_name(member),
                    "member": member,
                    "collaboration": member.collaboration,
                },
                due_at=now,
                dedupe_key=f"term:{member.pk}:{member.term_end}",
            )
        )
        for lead in collaboration_leads(member.collaboration):
            created += bool(
                message_enqueue(
                    recipient=lead,
                    kind=Kind.TERM_ENDING_STAFF,
                    category=Category.SERVICE,
                    template="coproduction/messages/term_ending_staff.txt",
                    context={"member": member, "collaboration": member.collaboration},
                    due_at=now,
                    dedupe_key=f"term-staff:{member.pk}:{member.term_end}:{lead.pk}",
                )
            )
    return created


def produce_no_new_members(*, now: datetime) -> int:
    """Prompts staff when no member has joined for a while: fresh voices keep co-production
    honest."""
    created = 0
    for collaboration in Collaboration.objects.all():
        leads = list(collaboration_leads(collaboration))
        if not leads:
            continue
        last_join = Membership.objects.filter(
            collaboration=collaboration, role=Membership.Role.MEMBER
        ).aggregate(last=Max("created_at"))["last"]
        if last_join and last_join < now - timedelta(days=collaboration.refresh_after_days):
            for lead in leads:
                created += bool(
                    message_enqueue(
                        recipient=lead,
                        kind=Kind.NO_NEW_MEMBERS,
                        category=Category.SERVICE,
                        template="coproduction/messages/no_new_members.txt",
                        context={"collaboration": collaboration, "last_join": last_join},
                        due_at=now,
                        dedupe_key=f"no-joins:{collaboration.pk}:{last_join:%Y-%m-%d}:{lead.pk}",
                    )
                )
    return created
