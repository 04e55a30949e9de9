"""The messages about sessions and polls, as the outbox needs to know them: when each is no
longer wanted, and the calendar file that goes with an invitation. Registered in
SessionsAppConfig.ready()."""

from datetime import UTC

from django.utils import timezone

from coproduction.models import Message
from coproduction.outbox import kinds
from sessions_app.calendars import calendar_for
from sessions_app.invitations import invitation_stamp
from sessions_app.models import Poll, Session, SessionInvite

Kind = Message.Kind


def _session(message: Message) -> Session | None:
    """The session as it is now (it may have moved since the message was claimed)."""
    if message.session_id is None:
        return None
    return (
        Session.objects.select_related("venue", "collaboration")
        .filter(pk=message.session_id)
        .first()
    )


def _said_no(message: Message, session: Session) -> bool:
    return SessionInvite.objects.filter(
        session=session, membership=message.recipient, response=SessionInvite.Response.NO
    ).exists()


def reminder_still_wanted(message: Message) -> str:
    """Briefs and reminders: not for a cancelled, started or moved session (a new reminder
    goes for the new time), nor to someone who said they cannot come."""
    session = _session(message)
    if session is None:
        return ""  # not about one session
    if session.status == Session.Status.CANCELLED:
        return "The session was cancelled."
    if session.starts_at <= timezone.now():
        return "The session has started."
    if f":{session.starts_at.astimezone(UTC):%Y%m%dT%H%M}" not in message.dedupe_key:
        return "The session moved: a new reminder goes instead."
    if _said_no(message, session):
        return "They said they cannot come."
    return ""


def reflection_still_wanted(message: Message) -> str:
    session = _session(message)
    if session is not None and session.status == Session.Status.CANCELLED:
        return "The session was cancelled."
    return ""


def invitation_still_wanted(message: Message) -> str:
    """An invitation fits the session as it was: a change sends a new one instead."""
    session = _session(message)
    if session is None or session.status == Session.Status.CANCELLED:
        return "The session was cancelled."
    if session.starts_at <= timezone.now():
        return "The session has started."
    if not message.dedupe_key.endswith(f":{invitation_stamp(session)}"):
        return "The session changed: a new invitation goes instead."
    return ""


def cancellation_still_wanted(message: Message) -> str:
    session = _session(message)
    if session is None or session.status != Session.Status.CANCELLED:
        return "The session is on after all."
    if session.ends_at <= timezone.now():
        return "The session's time has passed."
    return ""


def calendar_file(message: Message) -> list[kinds.Attachment]:
    session = _session(message)
    if session is None:
        return []
    return [("session.ics", calendar_for([session], session.title), "text/calendar")]


def poll_still_wanted(message: Message) -> str:
    poll_id = message.dedupe_key.split(":")[1]
    if not Poll.objects.filter(pk=poll_id, status=Poll.Status.OPEN).exists():
        return "The poll has closed."
    return ""


def register() -> None:
    kinds.register(Kind.BRIEF, still_wanted=reminder_still_wanted)
    kinds.register(Kind.REMINDER, still_wanted=reminder_still_wanted)
    kinds.register(Kind.REFLECTION, still_wanted=reflection_still_wanted)
    kinds.register(
        Kind.SESSION_INVITATION, still_wanted=invitation_still_wanted, attachments=calendar_file
    )
    kinds.register(
        Kind.SESSION_CANCELLED, still_wanted=cancellation_still_wanted, attachments=calendar_file
    )
    kinds.register(Kind.POLL_INVITATION, still_wanted=poll_still_wanted)
