"""Reads of sessions and short tasks shared by several pages."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from coproduction.models import Membership
from coproduction.permissions import is_staff_like
from sessions_app.models import Session, SessionInvite, ShortTask


def tasks_for(viewer: Membership) -> QuerySet[ShortTask]:
    """Staff see every task; members those for everyone, their work areas or their sessions."""
    tasks = ShortTask.objects.filter(collaboration=viewer.collaboration)
    if is_staff_like(viewer):
        return tasks
    return tasks.filter(
        Q(work_area__isnull=True, session__isnull=True)
        | Q(work_area__in=viewer.work_areas.all())
        | Q(session__invites__membership=viewer)
    ).distinct()


def next_sessions_of(membership: Membership, limit: int = 5) -> list[SessionInvite]:
    """The person's next sessions (not cancelled), soonest first, with their invitation."""
    return list(
        SessionInvite.objects.filter(
            membership=membership,
            session__ends_at__gte=timezone.now(),
            session__status__in=[Session.Status.PROPOSED, Session.Status.SCHEDULED],
        )
        .select_related("session", "session__venue")
        .order_by("session__starts_at")[:limit]
    )


def member_home(membership: Membership) -> dict[str, object]:
    """For a member's home: their next sessions, those to answer, and tasks they could do."""
    next_invites = next_sessions_of(membership)
    tasks = tasks_for(membership).filter(deadline__gte=timezone.localdate())
    return {
        "next_invites": next_invites,
        "invites_to_answer": sum(
            1 for invite in next_invites if invite.response == SessionInvite.Response.PENDING
        ),
        "tasks_to_answer": tasks.exclude(answers__membership=membership).distinct().count(),
    }
