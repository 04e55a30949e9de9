"""Invitations to a session and to a poll, through the outbox: a new one when the session's
time, place or way of joining changes, news of a cancellation."""

import hashlib
from datetime import UTC
from zoneinfo import ZoneInfo

from django.utils import timezone

from coproduction import outbox
from coproduction.models import Message
from sessions_app.links import invite_answer_url, poll_answer_url
from sessions_app.models import Poll, Session


def invitation_stamp(session: Session) -> str:
    """What an invitation says about a session, in a few characters: a new time, place or
    way of joining means a new invitation, and the outbox drops one that no longer fits."""
    said = "|".join(
        str(part)
        for part in (
            session.starts_at.astimezone(UTC).isoformat(),
            session.ends_at.astimezone(UTC).isoformat(),
            session.venue_id,
            session.mode,
            session.video_link,
            session.phone_details,
        )
    )
    return hashlib.sha256(said.encode()).hexdigest()[:12]


def session_invitations_send(*, session: Session) -> int:
    """Invites each invitee (or, once cancelled, tells them) through the outbox, on their own
    channel, with a one-tap answer link and a calendar file, and sends them now."""
    cancelled = session.status == Session.Status.CANCELLED
    local_start = timezone.localtime(session.starts_at, timezone=ZoneInfo(session.time_zone))
    when = f"{local_start:%A %-d %B, %-I:%M%p}".replace("AM", "am").replace("PM", "pm")
    stamp = invitation_stamp(session)
    invited_before = set(
        Message.objects.filter(session=session, kind=Message.Kind.SESSION_INVITATION).values_list(
            "recipient_id", flat=True
        )
    )
    queued = []
    invites = session.invites.select_related("membership__user", "membership__collaboration")
    for invite in invites:
        message = outbox.message_enqueue(
            recipient=invite.membership,
            kind=Message.Kind.SESSION_CANCELLED if cancelled else Message.Kind.SESSION_INVITATION,
            category=Message.Category.SERVICE,
            template="sessions_app/messages/"
            + ("session_cancelled.txt" if cancelled else "session_invitation.txt"),
            context={
                "session": session,
                "when": when,
                "url": invite_answer_url(invite),
                "user": invite.membership.user,
                "changed": invite.membership_id in invited_before,
            },
            due_at=timezone.now(),
            dedupe_key=f"session-cancelled:{invite.pk}"
            if cancelled
            else f"session-invitation:{invite.pk}:{stamp}",
            session=session,
        )
        if message is not None:
            queued.append(message.pk)
    outbox.send_now(queued)
    return len(queued)


def poll_invitations_send(*, poll: Poll) -> int:
    """Asks each invitee which times they can make, through the outbox, and sends it now."""
    queued = []
    for membership in poll.invitees.select_related("user", "collaboration"):
        message = outbox.message_enqueue(
            recipient=membership,
            kind=Message.Kind.POLL_INVITATION,
            category=Message.Category.SERVICE,
            template="sessions_app/messages/poll_invitation.txt",
            context={
                "poll": poll,
                "user": membership.user,
                "url": poll_answer_url(poll, membership),
            },
            due_at=timezone.now(),
            dedupe_key=f"poll-invitation:{poll.pk}:{membership.pk}",
        )
        if message is not None:
            queued.append(message.pk)
    outbox.send_now(queued)
    return len(queued)
