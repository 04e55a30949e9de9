"""The sessions app's items in the "needs you" queue: the next sessions with the answers so
far, and registers still to fill in."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership
from coproduction.permissions import Action, may
from coproduction.work_queue import QueueItem
from members.availability_instants import time_text
from sessions_app.models import Session, SessionInvite

NEXT_SESSIONS = 3
LOOK_AHEAD = timedelta(days=14)
REGISTERS_FROM = timedelta(days=30)

Response, Attendance = SessionInvite.Response, SessionInvite.Attendance


def _url(session: Session) -> str:
    return reverse("sessions:session-detail", args=[session.collaboration.slug, session.code])


def _when(session: Session) -> str:
    local = timezone.localtime(session.starts_at)
    return f"{local:%A %-d %B}, {time_text(local.time())}"


def next_sessions(membership: Membership) -> list[QueueItem]:
    if not may(membership, Action.MANAGE_SESSIONS):
        return []
    now = timezone.now()
    sessions = (
        Session.objects.filter(
            collaboration=membership.collaboration, starts_at__range=(now, now + LOOK_AHEAD)
        )
        .exclude(status=Session.Status.CANCELLED)
        .select_related("collaboration")
        .annotate(
            yes=Count("invites", filter=Q(invites__response=Response.YES)),
            maybe=Count("invites", filter=Q(invites__response=Response.MAYBE)),
            no=Count("invites", filter=Q(invites__response=Response.NO)),
            waiting=Count("invites", filter=Q(invites__response=Response.PENDING)),
        )
        .order_by("starts_at")[:NEXT_SESSIONS]
    )
    return [
        QueueItem(
            f"{session.title}: {_when(session)}.",
            _url(session),
            "Open the session",
            details=(
                f"{session.yes} coming, {session.maybe} maybe, {session.no} can't come, "
                f"{session.waiting} not answered yet",
            ),
        )
        for session in sessions
    ]


def registers_to_fill_in(membership: Membership) -> list[QueueItem]:
    if not may(membership, Action.MANAGE_SESSIONS):
        return []
    now = timezone.now()
    sessions = (
        Session.objects.filter(
            collaboration=membership.collaboration,
            starts_at__range=(now - REGISTERS_FROM, now),
            invites__attendance=Attendance.UNKNOWN,
        )
        .exclude(status=Session.Status.CANCELLED)
        .select_related("collaboration")
        .annotate(unmarked=Count("invites", filter=Q(invites__attendance=Attendance.UNKNOWN)))
        .order_by("-starts_at")[:NEXT_SESSIONS]
    )
    return [
        QueueItem(
            f"Fill in the register for {session.title} ({_when(session)}): "
            f"{session.unmarked} not marked.",
            _url(session) + "#attendance",
            "Fill in the register",
        )
        for session in sessions
    ]
